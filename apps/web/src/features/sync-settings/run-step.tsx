import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { RunProgress } from '../sync-runs/run-progress';
import { RunRecordsTable } from '../sync-runs/run-records-table';
import { isRunActive, useRequestSync, useRun } from '../sync-runs/sync-runs-api';

interface RunStepProps {
  installationId: string;
  dryRun: boolean;
  intro: string;
  startLabel: string;
  /** Shown once the run has finished (continue, or go to the dashboard). */
  next: React.ReactNode;
  onBack: () => void;
}

/** Starts a full run (or a dry run of one) and follows it live until it finishes. */
export function RunStep({ installationId, dryRun, intro, startLabel, next, onBack }: RunStepProps) {
  const { t } = useTranslation();
  const [runId, setRunId] = useState<string | null>(null);
  const request = useRequestSync(installationId);
  const run = useRun(runId);
  const finished = run.data !== undefined && !isRunActive(run.data);
  return (
    <Stack>
      <Text>{intro}</Text>
      <Group>
        <Button
          onClick={() =>
            request.mutate({ dryRun, kind: 'FULL' }, { onSuccess: (queued) => setRunId(queued.id) })
          }
          loading={request.isPending || (run.data !== undefined && isRunActive(run.data))}
          variant={finished ? 'light' : 'filled'}
        >
          {finished ? t('wizard.runAgain') : startLabel}
        </Button>
      </Group>
      {request.error && <ErrorAlert error={request.error} />}
      {run.error && <ErrorAlert error={run.error} onRetry={() => void run.refetch()} />}
      {run.data && <RunProgress run={run.data} />}
      {finished && dryRun && (
        <>
          <Title order={3} size="h4">
            {t('wizard.previewRecords')}
          </Title>
          <RunRecordsTable runId={run.data!.id} />
        </>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('wizard.back')}
        </Button>
        {finished && next}
      </Group>
    </Stack>
  );
}
