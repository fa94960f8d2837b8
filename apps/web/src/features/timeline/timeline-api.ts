import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';
import { recordKeys } from '../records/records-api';

export const ACTIVITY_TYPES = [
  'EMAIL_IN',
  'EMAIL_OUT',
  'CAMPAIGN_EVENT',
  'NOTE',
  'CALENDAR_EVENT',
  'CALL',
  'TASK',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface Activity {
  id: string;
  type: ActivityType;
  subject: string;
  body: string | null;
  occurredAt: string;
  source: string;
}

/** The record's activities, newest first (`GET /{module}/:id/timeline`). */
export function useTimeline(module: string, recordId: string, page: number, pageSize = 10) {
  return useQuery({
    queryKey: [...recordKeys.one(module, recordId), 'timeline', page, pageSize],
    queryFn: ({ signal }) =>
      apiRequest<Page<Activity>>(`/${module}/${encodeURIComponent(recordId)}/timeline`, {
        query: { page, pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
