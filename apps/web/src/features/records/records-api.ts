import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';
import type { FilterGroup } from '../views/filter-types';

export type RecordModule = 'organizations' | 'contacts' | 'leads';

export const EMAIL_STATUSES = ['ACTIVE', 'UNSUBSCRIBED_BY_US', 'BOUNCED', 'UNSUBSCRIBED_BY_USER'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface EmailAddress {
  id: string;
  email: string;
  isPrimary: boolean;
  useInMarketing: boolean;
  status: EmailStatus;
}

/** What every record of the list views has; each module adds its own fields. */
export interface CrmRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  emails: EmailAddress[];
  tags: string[];
  [field: string]: unknown;
}

export interface RecordListQuery {
  page: number;
  pageSize: number;
  q: string;
  /** `field` or `-field` (descending). */
  sort?: string;
  filter?: FilterGroup;
}

/**
 * Query keys: a list's under `records`, one record's (and what hangs off it: memberships,
 * campaign activity, timeline) under `record`, so a change to the record refreshes them all.
 */
export const recordKeys = {
  lists: (module: RecordModule) => ['records', module] as const,
  list: (module: RecordModule, query: RecordListQuery) => ['records', module, query] as const,
  one: (module: string, id: string) => ['record', module, id] as const,
};

const searchBody = (query: RecordListQuery) => ({
  page: query.page,
  pageSize: query.pageSize,
  q: query.q || undefined,
  sort: query.sort,
  filter: query.filter,
});

/** A page of records, searched, filtered and sorted by the API (`POST /{module}/search`). */
export function useRecordList(module: RecordModule, query: RecordListQuery) {
  return useQuery({
    queryKey: recordKeys.list(module, query),
    queryFn: ({ signal }) =>
      apiRequest<Page<CrmRecord>>(`/${module}/search`, { method: 'POST', body: searchBody(query), signal }),
    placeholderData: keepPreviousData,
  });
}

/** Every record the query matches, a page of 200 at a time, up to `limit` of them. */
export async function fetchMatching(
  module: RecordModule,
  query: Omit<RecordListQuery, 'page' | 'pageSize'>,
  limit: number,
): Promise<CrmRecord[]> {
  const pageSize = 200;
  const records: CrmRecord[] = [];
  for (let page = 1; records.length < limit; page++) {
    const answer = await apiRequest<Page<CrmRecord>>(`/${module}/search`, {
      method: 'POST',
      body: searchBody({ ...query, page, pageSize }),
    });
    records.push(...answer.items);
    if (page * pageSize >= answer.total) break;
  }
  return records.slice(0, limit);
}

export function useRecord(module: RecordModule, id: string) {
  return useQuery({
    queryKey: recordKeys.one(module, id),
    queryFn: ({ signal }) => apiRequest<CrmRecord>(`/${module}/${encodeURIComponent(id)}`, { signal }),
  });
}

/** The name a record goes by: an organization's name, a person's full name, else an address. */
export function recordName(record: CrmRecord): string {
  if (typeof record.name === 'string' && record.name) return record.name;
  const person = [record.firstName, record.lastName]
    .filter((part) => typeof part === 'string' && part)
    .join(' ');
  return person || record.emails[0]?.email || '—';
}
