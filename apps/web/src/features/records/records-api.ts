import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';

export type RecordModule = 'organizations' | 'contacts' | 'leads';

export interface EmailAddress {
  id: string;
  email: string;
  isPrimary: boolean;
  useInMarketing: boolean;
  status: string;
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
}

export function useRecordList(module: RecordModule, query: RecordListQuery) {
  return useQuery({
    queryKey: ['records', module, query],
    queryFn: ({ signal }) =>
      apiRequest<Page<CrmRecord>>(`/${module}`, {
        query: { page: query.page, pageSize: query.pageSize, q: query.q, sort: query.sort },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
