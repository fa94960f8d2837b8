import { Anchor } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { enumLabel } from '../views/field-labels';
import { recordName, type CrmRecord, type RecordModule } from './records-api';
import { TagBadges } from './tag-badges';

type Column = ColumnDef<CrmRecord, unknown>;

const text = (key: string, header: string): Column => ({
  id: key,
  header,
  accessorFn: (record) => record[key],
  cell: ({ getValue }) => (getValue() as string | null) ?? '—',
});

/** A stored code (lead status, organization kind) in the UI's language. */
const code = (key: string, header: string, t: TFunction): Column => ({
  id: key,
  header,
  accessorFn: (record) => record[key],
  cell: ({ getValue }) => {
    const value = getValue() as string | null;
    return value ? enumLabel(key, value, t) : '—';
  },
});

/** The record's name, linking to its page; sorted by `sortField` (a person's last name). */
const nameLink = (module: RecordModule, sortField: string, header: string): Column => ({
  id: sortField,
  header,
  accessorFn: (record) => recordName(record),
  cell: ({ row }) => (
    <Anchor component={Link} to={`/${module}/${row.original.id}`} size="sm" fw={500}>
      {recordName(row.original)}
    </Anchor>
  ),
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
  cell: ({ row }) => <TagBadges tags={row.original.tags} />,
});

/** The columns each module's list shows; ids are the API's sortable field names. */
export function recordColumns(module: RecordModule, t: TFunction): Column[] {
  const f = (field: string) => t(`fields.${field}`);
  switch (module) {
    case 'organizations':
      return [
        nameLink(module, 'name', f('name')),
        code('kind', f('kind'), t),
        text('rating', f('rating')),
        text('zone', f('zone')),
        text('city', f('city')),
        primaryEmail(f('email')),
        tags(f('tags')),
      ];
    case 'contacts':
      return [
        nameLink(module, 'lastName', f('name')),
        primaryEmail(f('email')),
        text('title', f('title')),
        text('phone', f('phone')),
        tags(f('tags')),
      ];
    case 'leads':
      return [
        nameLink(module, 'lastName', f('name')),
        text('company', f('company')),
        primaryEmail(f('email')),
        code('status', f('status'), t),
        text('source', f('source')),
        tags(f('tags')),
      ];
  }
}
