import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Installation } from '../../api/api-types';
import { ApiError } from '../../api/http-client';
import { ErrorAlert } from '../../components/error-alert';
import { formatNumber } from '../../i18n/format';
import type { ChosenRecords } from '../records/record-selection';
import { useVendorLists } from '../sync-settings/sync-settings-api';
import { AdditionResultView } from './addition-result';
import { MAX_RECORDS_PER_ADDITION, useAddToAudience, type AudienceModule } from './audiences-api';

const INLINE_FIELDS = ['listId', 'tag'];

interface AddToAudienceDialogProps {
  installation: Installation;
  module: AudienceModule;
  records: ChosenRecords;
  opened: boolean;
  onClose: () => void;
}

/** The bulk action: a list of the installation's account and a tag, then what became of each record. */
export function AddToAudienceDialog({
  installation,
  module,
  records,
  opened,
  onClose,
}: AddToAudienceDialogProps) {
  const { t, i18n } = useTranslation();
  const [listId, setListId] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const lists = useVendorLists(installation.id);
  const add = useAddToAudience(installation.id);
  const noun = installation.connector.listNoun.toLowerCase();
  const title = t('audience.title', { name: installation.connector.name, noun });
  const apiError = add.error instanceof ApiError ? add.error : null;
  const fieldError = (field: string) => apiError?.reasonsFor(field).join('; ') || undefined;
  // Problems with the list or the tag show on their fields; anything else above the buttons.
  const shownInline =
    !!apiError?.fieldProblems.length &&
    apiError.fieldProblems.every((problem) => INLINE_FIELDS.includes(problem.field));
  const tooMany = records.size > MAX_RECORDS_PER_ADDITION;
  const listOptions = (lists.data ?? [])
    .filter((list) => list.status !== 'DELETED')
    .map((list) => ({
      value: list.listId,
      label:
        list.memberCount === null
          ? list.name
          : t('wizard.listWithCount', { name: list.name, count: list.memberCount }),
    }));
  const listName = lists.data?.find((list) => list.listId === add.data?.listId)?.name ?? '';

  const close = () => {
    add.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!listId) return;
    add.mutate({ module, recordIds: [...records.keys()], listId, tag: tag.trim() || undefined });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={add.data ? t('audience.resultTitle', { list: listName }) : title}
      size="xl"
    >
      {add.data ? (
        <Stack>
          <AdditionResultView
            result={add.data}
            installationId={installation.id}
            module={module}
            records={records}
          />
          <Group justify="flex-end">
            <Button onClick={close}>{t('actions.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">
              {t('audience.chosen', {
                count: records.size,
                formatted: formatNumber(records.size, i18n.language),
              })}
            </Text>
            {tooMany && (
              <Alert color="red" variant="light" role="alert">
                {t('audience.tooMany', { max: formatNumber(MAX_RECORDS_PER_ADDITION, i18n.language) })}
              </Alert>
            )}
            {lists.isError && <ErrorAlert error={lists.error} title={t('wizard.listsFailed', { noun })} />}
            <Select
              label={t('audience.list', { noun: installation.connector.listNoun })}
              placeholder={lists.isPending ? t('states.loading') : t('wizard.choose')}
              data={listOptions}
              value={listId}
              onChange={setListId}
              error={fieldError('listId')}
              searchable
              required
              data-autofocus
            />
            <TextInput
              label={t('audience.tag')}
              description={t('audience.tagHelp')}
              value={tag}
              onChange={(event) => setTag(event.currentTarget.value)}
              error={fieldError('tag')}
              maxLength={200}
            />
            {add.error && !shownInline && <ErrorAlert error={add.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('actions.cancel')}
              </Button>
              <Button
                type="submit"
                loading={add.isPending}
                disabled={!listId || tooMany || records.size === 0}
              >
                {t('audience.submit', {
                  count: records.size,
                  formatted: formatNumber(records.size, i18n.language),
                })}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
