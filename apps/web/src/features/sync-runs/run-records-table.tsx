import { Badge, Code, Stack } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRecord } from '../../api/api-types';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { QueryState } from '../../components/query-state';
import { useRunRecords } from './sync-runs-api';

const compact = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

/** A run's audit lines: what each record would get (dry run) or got, before and after. */
export function RunRecordsTable({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const records = useRunRecords(runId, page);
  const columns = useMemo<ColumnDef<RunRecord, unknown>[]>(
    () => [
      {
        header: t('records.action'),
        accessorKey: 'action',
        cell: ({ row }) => (
          <Badge variant="outline" color="gray" c="dark.6">
            {row.original.action}
          </Badge>
        ),
      },
      { header: t('records.email'), accessorKey: 'email', cell: ({ row }) => row.original.email ?? '—' },
      {
        header: t('records.change'),
        id: 'change',
        cell: ({ row }) => (
          <Stack gap={2}>
            <Code block={false}>{compact(row.original.before)}</Code>
            <Code block={false}>{compact(row.original.after)}</Code>
          </Stack>
        ),
      },
      { header: t('records.rule'), accessorKey: 'rule', cell: ({ row }) => row.original.rule ?? '—' },
    ],
    [t],
  );
  return (
    <QueryState
      query={records}
      isEmpty={(data) => data.total === 0}
      empty={<EmptyState title={t('records.empty')} />}
    >
      {(data) => (
        <DataTable
          caption={t('records.caption')}
          columns={columns}
          page={data}
          onPageChange={setPage}
          rowId={(r) => r.id}
        />
      )}
    </QueryState>
  );
}
