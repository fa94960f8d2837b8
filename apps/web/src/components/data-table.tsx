import { Checkbox, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type Header,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../api/api-types';
import { formatNumber } from '../i18n/format';
import { Pager } from './pager';

interface DataTableProps<T> {
  /** The table's accessible name. */
  caption: string;
  columns: ColumnDef<T, unknown>[];
  page: Page<T>;
  onPageChange?: (page: number) => void;
  rowId: (row: T) => string;
  /** Server-side sorting (one column); columns with `enableSorting: false` do not sort. */
  sorting?: SortingState;
  onSortingChange?: (sorting: SortingState) => void;
  /** Rows chosen by a checkbox each (kept across pages by id), for bulk actions. */
  selection?: RowSelection<T>;
}

export interface RowSelection<T> {
  selected: ReadonlySet<string>;
  /** Rows whose checkbox (or the page's) was toggled, and their new state. */
  onToggle: (rows: T[], selected: boolean) => void;
  /** Names the row in its checkbox's label ("Select Ana López"). */
  rowLabel: (row: T) => string;
}

/** The leading checkbox column: one per row, and one in the header for the whole page. */
function selectionColumn<T>(
  selection: RowSelection<T>,
  rowId: (row: T) => string,
  labels: { page: string; row: (name: string) => string },
): ColumnDef<T, unknown> {
  return {
    id: 'select',
    enableSorting: false,
    header: ({ table }) => {
      const rows = table.getRowModel().rows.map((row) => row.original);
      const chosen = rows.filter((row) => selection.selected.has(rowId(row))).length;
      return (
        <Checkbox
          aria-label={labels.page}
          checked={rows.length > 0 && chosen === rows.length}
          indeterminate={chosen > 0 && chosen < rows.length}
          onChange={(event) => selection.onToggle(rows, event.currentTarget.checked)}
        />
      );
    },
    cell: ({ row }) => (
      <Checkbox
        aria-label={labels.row(selection.rowLabel(row.original))}
        checked={selection.selected.has(row.id)}
        onChange={(event) => selection.onToggle([row.original], event.currentTarget.checked)}
      />
    ),
  };
}

/**
 * A server-paged list (TanStack Table on Mantine's table): the API pages and sorts, this renders
 * one page and the pager. List views build on it.
 */
export function DataTable<T>({
  caption,
  columns,
  page,
  onPageChange,
  rowId,
  sorting,
  onSortingChange,
  selection,
}: DataTableProps<T>) {
  const { t, i18n } = useTranslation();
  const allColumns = useMemo(
    () =>
      selection
        ? [
            selectionColumn(selection, rowId, {
              page: t('table.selectPage'),
              row: (name) => t('table.selectRow', { name }),
            }),
            ...columns,
          ]
        : columns,
    [selection, rowId, columns, t],
  );
  const table = useReactTable({
    data: page.items,
    columns: allColumns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: rowId,
    manualPagination: true,
    pageCount: Math.max(1, Math.ceil(page.total / page.pageSize)),
    manualSorting: true,
    enableSorting: onSortingChange !== undefined,
    enableMultiSort: false,
    state: { sorting: sorting ?? [] },
    onSortingChange: (updater) =>
      onSortingChange?.(typeof updater === 'function' ? updater(sorting ?? []) : updater),
  });
  const pages = table.getPageCount();
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <caption className="visually-hidden">{caption}</caption>
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => (
                  <HeaderCell key={header.id} header={header} />
                ))}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {table.getRowModel().rows.map((row) => (
              <Table.Tr
                key={row.id}
                bg={selection?.selected.has(row.id) ? 'var(--mantine-primary-color-light)' : undefined}
              >
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" mt="xs">
        <Text size="sm" c="dimmed">
          {t('table.total', { count: page.total, formatted: formatNumber(page.total, i18n.language) })}
        </Text>
        {onPageChange && <Pager pages={pages} value={page.page} onChange={onPageChange} />}
      </Group>
    </>
  );
}

const SORT_ICONS = { asc: IconArrowUp, desc: IconArrowDown } as const;

/** A column header; a sortable one is a button, and says its order to assistive technology. */
function HeaderCell<T>({ header }: { header: Header<T, unknown> }) {
  const { t } = useTranslation();
  if (header.isPlaceholder) return <Table.Th scope="col" />;
  const label = flexRender(header.column.columnDef.header, header.getContext());
  if (!header.column.getCanSort()) return <Table.Th scope="col">{label}</Table.Th>;
  const order = header.column.getIsSorted();
  const Icon = order ? SORT_ICONS[order] : IconArrowsSort;
  return (
    <Table.Th
      scope="col"
      aria-sort={order === 'asc' ? 'ascending' : order === 'desc' ? 'descending' : 'none'}
    >
      <UnstyledButton
        onClick={header.column.getToggleSortingHandler()}
        title={t('table.sort')}
        fw={700}
        fz="sm"
      >
        <Group gap={4} wrap="nowrap">
          {label}
          <Icon size={14} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
