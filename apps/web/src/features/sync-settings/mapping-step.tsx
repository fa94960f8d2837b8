import { ActionIcon, Button, Group, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMapping, ListMappings, MappingDirection } from '../../api/api-types';
import { ApiError } from '../../api/http-client';
import { ErrorAlert } from '../../components/error-alert';
import { useSaveMappings } from './sync-settings-api';

const DIRECTIONS: MappingDirection[] = ['TO_VENDOR', 'TO_CRM', 'BOTH'];

interface MappingStepProps {
  installationId: string;
  vendorName: string;
  mappings: ListMappings;
  onSaved: () => void;
  onBack: () => void;
}

/** Vendor field ↔ CRM field pairs of the target list; the connector's defaults stay locked. */
export function MappingStep({ installationId, vendorName, mappings, onSaved, onBack }: MappingStepProps) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<FieldMapping[]>(mappings.mappings);
  const save = useSaveMappings(installationId);
  const apiError = save.error instanceof ApiError ? save.error : null;
  const rowError = (index: number, field: keyof FieldMapping) =>
    apiError?.reasonsFor(`mappings.${index}.${field}`).join('; ') || undefined;
  const update = (index: number, patch: Partial<FieldMapping>) =>
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const vendorLabel = (key: string) => mappings.vendorFields.find((field) => field.key === key)?.label ?? key;
  const vendorOptions = mappings.vendorFields.map((field) => ({
    value: field.key,
    label: `${field.label} (${field.key})`,
  }));
  const crmOptions = mappings.crmFields.map((field) => ({ value: field.key, label: field.label }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { listId: mappings.listId, mappings: rows },
      {
        onSuccess: (saved) => {
          for (const warning of saved.warnings)
            notifications.show({ color: 'yellow', message: `${warning.field}: ${warning.reason}` });
          onSaved();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Caption>{t('mapping.caption', { vendor: vendorName })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('mapping.vendorField', { vendor: vendorName })}</Table.Th>
                <Table.Th scope="col">{t('mapping.crmField')}</Table.Th>
                <Table.Th scope="col">{t('mapping.direction')}</Table.Th>
                <Table.Th scope="col">
                  <span className="visually-hidden">{t('mapping.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => {
                const label = t('mapping.row', { index: index + 1 });
                return (
                  <Table.Tr key={index}>
                    <Table.Td>
                      {row.locked ? (
                        <Group gap={6}>
                          <IconLock size={14} aria-label={t('mapping.locked')} role="img" />
                          <Text size="sm">{vendorLabel(row.vendorField)}</Text>
                        </Group>
                      ) : (
                        <Select
                          aria-label={`${label}: ${t('mapping.vendorField', { vendor: vendorName })}`}
                          data={vendorOptions}
                          value={row.vendorField || null}
                          onChange={(value) => update(index, { vendorField: value ?? '' })}
                          error={rowError(index, 'vendorField')}
                          searchable
                        />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`${label}: ${t('mapping.crmField')}`}
                        data={crmOptions}
                        value={row.crmField || null}
                        onChange={(value) => update(index, { crmField: value ?? '' })}
                        error={rowError(index, 'crmField')}
                        disabled={row.locked}
                        searchable
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`${label}: ${t('mapping.direction')}`}
                        data={DIRECTIONS.map((value) => ({ value, label: t(`mapping.directions.${value}`) }))}
                        value={row.direction}
                        onChange={(value) => value && update(index, { direction: value as MappingDirection })}
                        error={rowError(index, 'direction')}
                        disabled={row.locked}
                        allowDeselect={false}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={row.locked ? t('mapping.locked') : t('mapping.remove')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          disabled={row.locked}
                          aria-label={`${t('mapping.remove')} (${label})`}
                          onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() =>
              setRows((current) => [...current, { vendorField: '', crmField: '', direction: 'BOTH' }])
            }
          >
            {t('mapping.add')}
          </Button>
        </Group>
        {save.error && <ErrorAlert error={save.error} title={t('wizard.saveFailed')} />}
        <Group justify="space-between">
          <Button variant="default" onClick={onBack}>
            {t('wizard.back')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('wizard.saveAndContinue')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
