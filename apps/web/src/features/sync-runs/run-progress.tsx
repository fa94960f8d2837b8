import { Alert, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RUN_COUNTS, type SyncRun } from '../../api/api-types';
import { formatNumber } from '../../i18n/format';
import { RunStatusBadge } from './run-status-badge';
import { isRunActive } from './sync-runs-api';

/** Records a second since the run started, while it runs. */
function rateOf(run: SyncRun): number | null {
  if (!run.durationMs || run.durationMs < 1000 || run.processed === 0) return null;
  return Math.round((run.processed / run.durationMs) * 1000);
}

/** A run as it goes: status, a progress bar with processed of total and the rate, and its counts. */
export function RunProgress({ run }: { run: SyncRun }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const active = isRunActive(run);
  const percent = run.total ? Math.min(100, Math.round((run.processed / run.total) * 100)) : active ? 0 : 100;
  const rate = rateOf(run);
  return (
    <Stack gap="sm" aria-live="polite">
      <Group justify="space-between">
        <Group gap="xs">
          <RunStatusBadge status={run.status} />
          {run.dryRun && <Text size="sm">{t('runs.dryRun')}</Text>}
        </Group>
        <Text size="sm" c="dimmed">
          {run.total !== null
            ? t('runs.processedOf', { processed: n(run.processed), total: n(run.total) })
            : t('runs.processed', { processed: n(run.processed) })}
          {rate !== null && active ? ` · ${t('runs.rate', { rate: n(rate) })}` : ''}
        </Text>
      </Group>
      <Progress
        value={percent}
        animated={active}
        aria-label={t('runs.progressLabel')}
        aria-valuetext={`${percent}%`}
      />
      <SimpleGrid cols={{ base: 3, sm: 6 }} component="dl" m={0}>
        {RUN_COUNTS.map((count) => (
          <div key={count}>
            <Text component="dt" size="xs" fw={700} tt="uppercase" c="dimmed">
              {t(`runCounts.${count}`)}
            </Text>
            <Text component="dd" m={0} fw={600} data-count={count}>
              {n(run.counts[count])}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {run.notes.length > 0 && (
        <Alert color="blue" variant="light" title={t('runs.dryRunNotes')}>
          <Stack gap={4}>
            {run.notes.map((note) => (
              <Text key={note} size="sm">
                {note}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {run.error && (
        <Alert color="red" variant="light" role="alert">
          {run.error}
        </Alert>
      )}
    </Stack>
  );
}
