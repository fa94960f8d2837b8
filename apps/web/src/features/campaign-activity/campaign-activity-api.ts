import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';
import { recordKeys } from '../records/records-api';

export const ACTIVITY_COUNTS = ['sent', 'opened', 'clicked', 'bounced', 'unsubscribed'] as const;
export type ActivityCounts = Record<(typeof ACTIVITY_COUNTS)[number], number>;

export interface CampaignEvent {
  type: 'sent' | 'open' | 'click' | 'bounce' | 'unsubscribe';
  at: string;
  url?: string;
}

/** What one campaign did with the record. */
export interface CampaignActivityLine extends ActivityCounts {
  campaign: {
    id: string;
    name: string;
    subject: string | null;
    status: string;
    sentAt: string | null;
    connectorKey: string;
  };
  email: string;
  lastEventAt: string | null;
  events: CampaignEvent[];
}

export interface RecordCampaignActivity extends Page<CampaignActivityLine> {
  totals: ActivityCounts & { campaigns: number };
}

export type CampaignRecordModule = 'contacts' | 'leads';

export function useCampaignActivity(
  module: CampaignRecordModule,
  recordId: string,
  page: number,
  pageSize = 10,
) {
  return useQuery({
    queryKey: [...recordKeys.one(module, recordId), 'campaign-activity', page, pageSize],
    queryFn: ({ signal }) =>
      apiRequest<RecordCampaignActivity>(`/${module}/${encodeURIComponent(recordId)}/campaign-activity`, {
        query: { page, pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
