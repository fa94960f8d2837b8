import { Badge, Group } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { CrmRecord, RecordModule } from './records-api';

type Column = ColumnDef<CrmRecord, unknown>;

const text = (key: string, header: string): Column => ({
  id: key,
  header,
  accessorFn: (record) => record[key],
  cell: ({ getValue }) => (getValue() as string | null) ?? '—',
});

const fullName: (header: string) => Column = (header) => ({
  id: 'lastName',
  header,
  accessorFn: (record) => [record.firstName, record.lastName].filter(Boolean).join(' '),
});

const primaryEmail = (header: string): Column => ({
  id: 'email',
  header,
  enableSorting: false,
  accessorFn: (record) => (record.emails.find((email) => email.isPrimary) ?? record.emails[0])?.email ?? '—',
});

const tags = (header: string): Column => ({
  id: 'tags',
  header,
  enableSorting: false,
  cell: ({ row }) => (
    <Group gap={4}>
      {row.original.tags.map((tag) => (
        <Badge key={tag} size="sm" variant="outline" color="gray" c="dark.6">
          {tag}
        </Badge>
      ))}
    </Group>
  ),
});

/** The columns each module's list shows; ids are the API's sortable field names. */
export function recordColumns(module: RecordModule, t: TFunction): Column[] {
  const f = (field: string) => t(`fields.${field}`);
  switch (module) {
    case 'organizations':
      return [
        text('name', f('name')),
        text('kind', f('kind')),
        text('rating', f('rating')),
        text('zone', f('zone')),
        text('city', f('city')),
        primaryEmail(f('email')),
        tags(f('tags')),
      ];
    case 'contacts':
      return [
        fullName(f('name')),
        primaryEmail(f('email')),
        text('title', f('title')),
        text('phone', f('phone')),
        tags(f('tags')),
      ];
    case 'leads':
      return [
        fullName(f('name')),
        text('company', f('company')),
        primaryEmail(f('email')),
        text('status', f('status')),
        text('source', f('source')),
        tags(f('tags')),
      ];
  }
}
