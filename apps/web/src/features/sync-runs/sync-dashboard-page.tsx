import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RUN_COUNTS, type Installation, type SyncRun } from '../../api/api-types';
import { useAuth } from '../../auth/auth-context';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../i18n/format';
import { useInstallation } from '../installations/installations-api';
import { RunProgress } from './run-progress';
import { RunRecordsTable } from './run-records-table';
import { RunStatusBadge } from './run-status-badge';
import { isRunActive, useRequestSync, useRuns } from './sync-runs-api';

/** An installation's sync runs: the one under way with live progress, and the history. */
export function SyncDashboardPage() {
  const { installationId = '' } = useParams();
  const installation = useInstallation(installationId);
  return <QueryState query={installation}>{(data) => <Dashboard installation={data} />}</QueryState>;
}

function Dashboard({ installation }: { installation: Installation }) {
  const { t, i18n } = useTranslation();
  const { currentUser } = useAuth();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string | null>(null);
  const runs = useRuns(installation.id, page);
  const request = useRequestSync(installation.id);
  const isAdmin = currentUser?.profile.isAdmin ?? false;
  const current = runs.data?.items.find(isRunActive) ?? (page === 1 ? runs.data?.items[0] : undefined);
  const columns = useMemo<ColumnDef<SyncRun, unknown>[]>(
    () => [
      {
        header: t('runs.started'),
        id: 'createdAt',
        cell: ({ row }) => formatDateTime(row.original.createdAt, i18n.language),
      },
      {
        header: t('runs.trigger'),
        id: 'trigger',
        cell: ({ row }) =>
          `${t(`runTrigger.${row.original.trigger}`, { defaultValue: row.original.trigger })}${row.original.dryRun ? ` · ${t('runs.dryRun')}` : ''}`,
      },
      {
        header: t('runs.status'),
        id: 'status',
        cell: ({ row }) => <RunStatusBadge status={row.original.status} />,
      },
      ...RUN_COUNTS.map<ColumnDef<SyncRun, unknown>>((count) => ({
        header: t(`runCounts.${count}`),
        id: count,
        cell: ({ row }) => row.original.counts[count],
      })),
      {
        header: t('runs.details'),
        id: 'details',
        cell: ({ row }) => (
          <Button size="compact-xs" variant="subtle" onClick={() => setSelected(row.original.id)}>
            {t('runs.showRecords')}
          </Button>
        ),
      },
    ],
    [t, i18n.language],
  );
  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={1}>{t('runs.title')}</Title>
          <Anchor component={Link} to={`/installations/${installation.id}`} size="sm">
            {installation.account?.label ?? installation.connector.name}
          </Anchor>
        </div>
        {isAdmin && installation.status === 'ACTIVE' && (
          <Button
            onClick={() => request.mutate({ kind: 'FULL' })}
            loading={request.isPending}
            disabled={current !== undefined && isRunActive(current)}
          >
            {t('wizard.syncNow')}
          </Button>
        )}
      </Group>
      {installation.status === 'NEEDS_REAUTHORIZATION' && (
        <Alert color="red" title={t('installation.reauthorizeTitle')}>
          {installation.statusReason}{' '}
          <Anchor component={Link} to={`/installations/${installation.id}`}>
            {t('wizard.toInstallation')}
          </Anchor>
        </Alert>
      )}
      {request.error && <ErrorAlert error={request.error} />}
      {current && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {isRunActive(current) ? t('runs.current') : t('runs.latest')}
          </Title>
          <RunProgress run={current} />
        </Card>
      )}
      <Title order={2} size="h3">
        {t('runs.history')}
      </Title>
      <QueryState
        query={runs}
        isEmpty={(data) => data.total === 0}
        empty={<EmptyState title={t('runs.empty')} description={t('runs.emptyHelp')} />}
      >
        {(data) => (
          <DataTable
            caption={t('runs.history')}
            columns={columns}
            page={data}
            onPageChange={setPage}
            rowId={(r) => r.id}
          />
        )}
      </QueryState>
      {selected && (
        <Card withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">
              {t('records.caption')}
            </Title>
            <Button size="xs" variant="default" onClick={() => setSelected(null)}>
              {t('actions.close')}
            </Button>
          </Group>
          <RunRecordsTable runId={selected} />
        </Card>
      )}
      {!isAdmin && (
        <Text size="sm" c="dimmed">
          {t('runs.adminsRun')}
        </Text>
      )}
    </Stack>
  );
}
