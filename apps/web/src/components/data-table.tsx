import { Group, Pagination, Table, Text } from '@mantine/core';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import type { Page } from '../api/api-types';
import { formatNumber } from '../i18n/format';

interface DataTableProps<T> {
  /** The table's accessible name. */
  caption: string;
  columns: ColumnDef<T, unknown>[];
  page: Page<T>;
  onPageChange?: (page: number) => void;
  rowId: (row: T) => string;
}

/**
 * A server-paged list (TanStack Table on Mantine's table): the API pages and sorts, this renders
 * one page and the pager. List views build on it.
 */
export function DataTable<T>({ caption, columns, page, onPageChange, rowId }: DataTableProps<T>) {
  const { t, i18n } = useTranslation();
  const table = useReactTable({
    data: page.items,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: rowId,
    manualPagination: true,
    pageCount: Math.max(1, Math.ceil(page.total / page.pageSize)),
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
                  <Table.Th key={header.id} scope="col">
                    {header.isPlaceholder
                      ? null
                      : flexRender(header.column.columnDef.header, header.getContext())}
                  </Table.Th>
                ))}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {table.getRowModel().rows.map((row) => (
              <Table.Tr key={row.id}>
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
        {onPageChange && pages > 1 && (
          <Pagination
            total={pages}
            value={page.page}
            onChange={onPageChange}
            size="sm"
            getControlProps={(control) => ({ 'aria-label': t(`table.${control}`) })}
            getItemProps={(item) => ({ 'aria-label': t('table.pageN', { page: item }) })}
          />
        )}
      </Group>
    </>
  );
}
