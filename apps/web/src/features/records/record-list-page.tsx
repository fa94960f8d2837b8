import { Group, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSearch } from '@tabler/icons-react';
import type { SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { QueryState } from '../../components/query-state';
import { FilterBuilder } from '../views/filter-builder';
import { appliedFilter, EMPTY_FILTER, sameFilter, sortParam } from '../views/filter-model';
import type { FilterGroup, SavedView, SortSpec } from '../views/filter-types';
import { SavedViewsBar } from '../views/saved-views-bar';
import { useFilterFields } from '../views/views-api';
import { BulkActionsBar } from './bulk-actions-bar';
import { recordColumns } from './record-columns';
import { useRecordSelection } from './record-selection';
import { fetchMatching, recordName, useRecordList, type CrmRecord, type RecordModule } from './records-api';
import { MAX_RECORDS_PER_ADDITION } from '../audiences/audiences-api';
import { SendCampaignButton } from '../campaign-sends/send-campaign-button';

const PAGE_SIZE = 50;
/** Lists whose saved views a campaign can be sent to (organizations reach their contacts). */
const CAMPAIGN_MODULES: readonly RecordModule[] = ['organizations', 'contacts'];

const sortSpecsOf = (sorting: SortingState): SortSpec[] =>
  sorting.map((column) => ({ field: column.id, direction: column.desc ? 'desc' : 'asc' }));

/**
 * A module's records: saved views and a filter builder, search, sorting and paging done by the
 * API (so thousands of rows stay fast), and a selection kept across pages for bulk actions.
 */
export function RecordListPage({ module }: { module: RecordModule }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [view, setView] = useState<SavedView | null>(null);
  const [draft, setDraft] = useState<FilterGroup>(EMPTY_FILTER);
  const applied = useMemo(() => appliedFilter(draft), [draft]);
  const [filter] = useDebouncedValue(applied, 300);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [page, setPage] = useState(1);
  const [selectingAll, setSelectingAll] = useState(false);
  const fields = useFilterFields(module);
  const selection = useRecordSelection(recordName);

  // The table's own sort wins; otherwise the view's.
  const sortSpecs = sorting.length ? sortSpecsOf(sorting) : (view?.sort ?? []);
  const sort = sortParam(sortSpecs);
  const records = useRecordList(module, { page, pageSize: PAGE_SIZE, q, sort, filter });
  const columns = useMemo(() => recordColumns(module, t), [module, t]);
  const title = t(`nav.${module}`);
  const dirty = view
    ? !sameFilter(applied ?? EMPTY_FILTER, view.filter) ||
      (sorting.length > 0 && sort !== sortParam(view.sort ?? []))
    : applied !== undefined;

  const chooseView = (next: SavedView | null) => {
    setView(next);
    setDraft(next?.filter ?? EMPTY_FILTER);
    setSorting([]);
    setPage(1);
  };

  const selectAllMatching = async () => {
    setSelectingAll(true);
    try {
      selection.add(await fetchMatching(module, { q, sort, filter }, MAX_RECORDS_PER_ADDITION));
    } catch (error) {
      notifications.show({ color: 'red', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setSelectingAll(false);
    }
  };

  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <Group align="flex-end" gap="md" wrap="wrap">
        <TextInput
          label={t('records.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            setPage(1);
          }}
          w={320}
        />
        <SavedViewsBar
          module={module}
          active={view}
          onSelect={chooseView}
          filter={applied ?? EMPTY_FILTER}
          sort={sortSpecs}
          dirty={dirty}
        />
        {CAMPAIGN_MODULES.includes(module) && <SendCampaignButton view={dirty ? null : view} />}
      </Group>
      {fields.data && (
        <FilterBuilder
          fields={fields.data}
          value={draft}
          onChange={(next) => {
            setDraft(next);
            setPage(1);
          }}
          error={records.error}
        />
      )}
      {selection.chosen.size > 0 && (
        <BulkActionsBar
          module={module}
          chosen={selection.chosen}
          matching={records.data?.total ?? 0}
          onSelectAllMatching={() => void selectAllMatching()}
          selectingAll={selectingAll}
          onClear={selection.clear}
        />
      )}
      <QueryState
        query={records}
        isEmpty={(data) => data.total === 0}
        empty={<EmptyState title={q || filter ? t('records.noMatch') : t('records.none')} />}
      >
        {(data) => (
          <DataTable<CrmRecord>
            caption={title}
            columns={columns}
            page={data}
            onPageChange={setPage}
            rowId={rowId}
            sorting={sorting}
            onSortingChange={(next) => {
              setSorting(next);
              setPage(1);
            }}
            selection={selection.table}
          />
        )}
      </QueryState>
    </Stack>
  );
}

const rowId = (record: CrmRecord) => record.id;
