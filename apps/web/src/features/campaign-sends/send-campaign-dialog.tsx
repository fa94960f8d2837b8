import { Alert, Button, Group, Loader, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Installation } from '../../api/api-types';
import { ApiError } from '../../api/http-client';
import { ErrorAlert } from '../../components/error-alert';
import { StatusBadge } from '../../components/status-badge';
import { formatNumber } from '../../i18n/format';
import type { SavedView } from '../views/filter-types';
import {
  isSendFinal,
  useCampaignSend,
  usePreviewSend,
  useRequestSend,
  useSendableCampaigns,
  type CampaignSendStatus,
} from './campaign-sends-api';
import { RecipientPreview } from './recipient-preview';

interface SendCampaignDialogProps {
  /** Active installations whose connector can send campaigns. */
  installations: Installation[];
  /** The saved view whose people receive it; null when the list shows no saved view as it is. */
  view: SavedView | null;
  opened: boolean;
  onClose: () => void;
}

/** Sends a draft campaign of the account to a saved view's people, after the pre-send check. */
export function SendCampaignDialog({ installations, view, opened, onClose }: SendCampaignDialogProps) {
  const { t } = useTranslation();
  const [installationId, setInstallationId] = useState<string | null>(installations[0]?.id ?? null);
  return (
    <Modal opened={opened} onClose={onClose} title={t('campaignSend.title')} size="xl">
      {!view ? (
        <Stack>
          <Alert color="yellow" variant="light">
            {t('campaignSend.needsView')}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('actions.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          {installations.length > 1 && (
            <Select
              label={t('campaignSend.installation')}
              data={installations.map((installation) => ({
                value: installation.id,
                label: installation.account?.label ?? installation.connector.name,
              }))}
              value={installationId}
              onChange={setInstallationId}
              allowDeselect={false}
            />
          )}
          {installationId && (
            <SendForm key={installationId} installationId={installationId} view={view} onClose={onClose} />
          )}
        </Stack>
      )}
    </Modal>
  );
}

function SendForm({
  installationId,
  view,
  onClose,
}: {
  installationId: string;
  view: SavedView;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [scheduleAt, setScheduleAt] = useState('');
  const campaigns = useSendableCampaigns(installationId);
  const preview = usePreviewSend(installationId);
  const request = useRequestSend(installationId);
  const apiError = request.error instanceof ApiError ? request.error : null;
  const checked = preview.data && preview.data.campaign.id === campaignId ? preview.data : null;

  if (request.data)
    return <SendProgress installationId={installationId} sendId={request.data.id} onClose={onClose} />;

  const check = () => campaignId && preview.mutate({ viewId: view.id, campaignId });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!campaignId) return;
    request.mutate({
      viewId: view.id,
      campaignId,
      // The browser's local time, sent with its zone (the API refuses a time without one).
      ...(scheduleAt ? { scheduleAt: new Date(scheduleAt).toISOString() } : {}),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('campaignSend.toView', { name: view.name })}</Text>
        {campaigns.isError && <ErrorAlert error={campaigns.error} />}
        <Select
          label={t('campaignSend.campaign')}
          placeholder={campaigns.isPending ? t('states.loading') : t('wizard.choose')}
          nothingFoundMessage={t('campaignSend.noCampaigns')}
          data={(campaigns.data ?? []).map((campaign) => ({
            value: campaign.id,
            label: campaign.listName ? `${campaign.name} → ${campaign.listName}` : campaign.name,
          }))}
          value={campaignId}
          onChange={(next) => {
            setCampaignId(next);
            preview.reset();
          }}
          error={apiError?.reasonsFor('campaignId').join('; ') || undefined}
          required
          data-autofocus
        />
        {campaigns.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('campaignSend.noCampaigns')}
          </Text>
        )}
        <Group>
          <Button variant="light" onClick={check} disabled={!campaignId} loading={preview.isPending}>
            {t('campaignSend.check')}
          </Button>
        </Group>
        {preview.error && <ErrorAlert error={preview.error} />}
        {checked && <RecipientPreview counts={checked} samples={checked.samples} />}
        {checked && (
          <TextInput
            type="datetime-local"
            label={t('campaignSend.scheduleAt')}
            description={t('campaignSend.scheduleHelp')}
            value={scheduleAt}
            onChange={(event) => setScheduleAt(event.currentTarget.value)}
            error={apiError?.reasonsFor('scheduleAt').join('; ') || undefined}
            maw={280}
          />
        )}
        {request.error && !apiError?.fieldProblems.length && <ErrorAlert error={request.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" disabled={!checked || checked.recipients === 0} loading={request.isPending}>
            {scheduleAt
              ? t('campaignSend.schedule')
              : t('campaignSend.sendNow', {
                  count: checked?.recipients ?? 0,
                  formatted: formatNumber(checked?.recipients ?? 0, i18n.language),
                })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const STATUS_COLORS: Record<CampaignSendStatus, string> = {
  QUEUED: 'gray',
  RUNNING: 'blue',
  SENT: 'green',
  SCHEDULED: 'teal',
  FAILED: 'red',
};

/** The send, followed until the vendor has it sent or scheduled (or it failed). */
function SendProgress({
  installationId,
  sendId,
  onClose,
}: {
  installationId: string;
  sendId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const send = useCampaignSend(installationId, sendId);
  return (
    <Stack aria-live="polite">
      {send.isError && <ErrorAlert error={send.error} />}
      {send.data && (
        <>
          <Group gap="xs">
            <Text size="sm">{t('campaignSend.status')}</Text>
            <StatusBadge color={STATUS_COLORS[send.data.status]}>
              {t(`campaignSend.statuses.${send.data.status}`)}
            </StatusBadge>
            {!isSendFinal(send.data) && <Loader size="xs" aria-hidden />}
          </Group>
          {send.data.counts && <RecipientPreview counts={send.data.counts} />}
          {send.data.error && (
            <Alert color="red" variant="light" role="alert">
              {send.data.error}
            </Alert>
          )}
        </>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('actions.close')}</Button>
      </Group>
    </Stack>
  );
}
