import { Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import type { SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { QueryState } from '../../components/query-state';
import { recordColumns } from './record-columns';
import { useRecordList, type RecordModule } from './records-api';

const PAGE_SIZE = 50;

/** A module's records: search, sorting and paging done by the API, so thousands of rows stay fast. */
export function RecordListPage({ module }: { module: RecordModule }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [page, setPage] = useState(1);
  const sort = sorting[0] ? `${sorting[0].desc ? '-' : ''}${sorting[0].id}` : undefined;
  const records = useRecordList(module, { page, pageSize: PAGE_SIZE, q, sort });
  const columns = useMemo(() => recordColumns(module, t), [module, t]);
  const title = t(`nav.${module}`);
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <TextInput
        label={t('records.search')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          setPage(1);
        }}
        maw={360}
      />
      <QueryState
        query={records}
        isEmpty={(data) => data.total === 0}
        empty={<EmptyState title={q ? t('records.noMatch') : t('records.none')} />}
      >
        {(data) => (
          <DataTable
            caption={title}
            columns={columns}
            page={data}
            onPageChange={setPage}
            rowId={(record) => record.id}
            sorting={sorting}
            onSortingChange={(next) => {
              setSorting(next);
              setPage(1);
            }}
          />
        )}
      </QueryState>
    </Stack>
  );
}
