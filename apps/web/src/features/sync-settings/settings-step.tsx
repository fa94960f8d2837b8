import { Button, Checkbox, Group, MultiSelect, Radio, Select, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SCHEDULES, type Installation, type SyncSettings } from '../../api/api-types';
import { ApiError } from '../../api/http-client';
import { ErrorAlert } from '../../components/error-alert';
import { useSaveSettings, useStores, useVendorLists } from './sync-settings-api';

interface SettingsStepProps {
  installation: Installation;
  initial: SyncSettings;
  supportsCarts: boolean;
  onSaved: (settings: SyncSettings) => void;
}

/** The wizard's first step: which lists, which way, who wins, how often, and where records go. */
export function SettingsStep({ installation, initial, supportsCarts, onSaved }: SettingsStepProps) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<SyncSettings>(initial);
  const lists = useVendorLists(installation.id);
  const stores = useStores(installation.id, supportsCarts && settings.carts.enabled);
  const save = useSaveSettings(installation.id);
  const apiError = save.error instanceof ApiError ? save.error : null;
  const fieldError = (field: string) => apiError?.reasonsFor(field).join('; ') || undefined;
  const change = (patch: Partial<SyncSettings>) => setSettings((current) => ({ ...current, ...patch }));
  const noun = installation.connector.listNoun;
  const listOptions = (lists.data ?? [])
    .filter((list) => list.status !== 'DELETED')
    .map((list) => ({
      value: list.listId,
      label:
        list.memberCount === null
          ? list.name
          : t('wizard.listWithCount', { name: list.name, count: list.memberCount }),
    }));
  const pushes = settings.syncType === 'TWO_WAY' || settings.direction === 'CRM_TO_VENDOR';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: SyncSettings = {
      ...settings,
      direction: settings.syncType === 'ONE_WAY' ? (settings.direction ?? 'CRM_TO_VENDOR') : null,
      listIds: settings.listSelection === 'SELECTIVE' ? settings.listIds : [],
    };
    save.mutate(body, { onSuccess: onSaved });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {lists.isError && <ErrorAlert error={lists.error} title={t('wizard.listsFailed', { noun })} />}
        <Radio.Group
          label={t('wizard.listSelection', { noun })}
          value={settings.listSelection}
          onChange={(value) => change({ listSelection: value as SyncSettings['listSelection'] })}
          error={fieldError('listSelection')}
        >
          <Group mt="xs">
            <Radio value="BULK" label={t('wizard.bulk')} />
            <Radio value="SELECTIVE" label={t('wizard.selective')} />
          </Group>
        </Radio.Group>
        {settings.listSelection === 'SELECTIVE' && (
          <MultiSelect
            label={t('wizard.listIds', { noun })}
            data={listOptions}
            value={settings.listIds}
            onChange={(listIds) => change({ listIds })}
            error={fieldError('listIds')}
            searchable
          />
        )}
        <Radio.Group
          label={t('wizard.syncType')}
          value={settings.syncType}
          onChange={(value) => change({ syncType: value as SyncSettings['syncType'] })}
          error={fieldError('syncType')}
        >
          <Group mt="xs">
            <Radio value="ONE_WAY" label={t('wizard.oneWay')} />
            <Radio value="TWO_WAY" label={t('wizard.twoWay')} />
          </Group>
        </Radio.Group>
        {settings.syncType === 'ONE_WAY' ? (
          <Radio.Group
            label={t('wizard.direction')}
            value={settings.direction ?? 'CRM_TO_VENDOR'}
            onChange={(value) => change({ direction: value as SyncSettings['direction'] })}
            error={fieldError('direction')}
          >
            <Group mt="xs">
              <Radio
                value="CRM_TO_VENDOR"
                label={t('wizard.crmToVendor', { vendor: installation.connector.name })}
              />
              <Radio
                value="VENDOR_TO_CRM"
                label={t('wizard.vendorToCrm', { vendor: installation.connector.name })}
              />
            </Group>
          </Radio.Group>
        ) : (
          <Radio.Group
            label={t('wizard.conflictWinner')}
            description={t('wizard.conflictHelp')}
            value={settings.conflictWinner}
            onChange={(value) => change({ conflictWinner: value as SyncSettings['conflictWinner'] })}
            error={fieldError('conflictWinner')}
          >
            <Group mt="xs">
              <Radio value="CRM" label={t('wizard.crmWins')} />
              <Radio value="VENDOR" label={t('wizard.vendorWins', { vendor: installation.connector.name })} />
            </Group>
          </Radio.Group>
        )}
        <Group grow align="flex-start">
          <Select
            label={t('wizard.subscriberModule')}
            data={(['contacts', 'leads'] as const).map((value) => ({ value, label: t(`nav.${value}`) }))}
            value={settings.subscriberModule}
            onChange={(value) =>
              value && change({ subscriberModule: value as SyncSettings['subscriberModule'] })
            }
            error={fieldError('subscriberModule')}
            allowDeselect={false}
          />
          <Select
            label={t('wizard.targetList', { noun })}
            description={pushes ? t('wizard.targetListHelp') : undefined}
            placeholder={lists.isPending ? t('states.loading') : t('wizard.choose')}
            data={listOptions}
            value={settings.targetListId}
            onChange={(targetListId) => change({ targetListId })}
            error={fieldError('targetListId')}
            required={pushes}
            clearable={!pushes}
          />
          <Select
            label={t('wizard.schedule')}
            data={SCHEDULES.map((value) => ({ value, label: t(`schedules.${value}`) }))}
            value={settings.schedule}
            onChange={(value) => value && change({ schedule: value as SyncSettings['schedule'] })}
            error={fieldError('schedule')}
            allowDeselect={false}
          />
        </Group>
        {supportsCarts && (
          <>
            <Checkbox
              label={t('wizard.cartsEnabled')}
              checked={settings.carts.enabled}
              onChange={(event) =>
                change({ carts: { ...settings.carts, enabled: event.currentTarget.checked } })
              }
              error={fieldError('carts.enabled')}
            />
            {settings.carts.enabled && (
              <MultiSelect
                label={t('wizard.stores')}
                placeholder={stores.isPending ? t('states.loading') : t('wizard.choose')}
                data={(stores.data ?? []).map((store) => ({
                  value: store.id,
                  label: `${store.name} (${store.currency})`,
                }))}
                value={settings.carts.storeIds}
                onChange={(storeIds) => change({ carts: { ...settings.carts, storeIds } })}
                error={fieldError('carts.storeIds') ?? (stores.isError ? stores.error.message : undefined)}
              />
            )}
          </>
        )}
        {save.error && <ErrorAlert error={save.error} title={t('wizard.saveFailed')} />}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('wizard.saveAndContinue')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
