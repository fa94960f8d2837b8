import { useMutation, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/http-client';

/** Why a person of the view would not receive the campaign, closest to receiving it first. */
export const EXCLUSION_REASONS = ['pending', 'notInAudience', 'unsubscribed', 'cleaned', 'noEmail'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface SendableCampaign {
  id: string;
  name: string;
  subject: string | null;
  listId: string;
  listName: string | null;
}

export interface RecipientCounts {
  /** Contacts the view selects. */
  people: number;
  /** Of those, the ones who would receive it. */
  recipients: number;
  /** Distinct addresses it goes to. */
  members: number;
  excluded: Record<ExclusionReason, number>;
}

export interface RecipientSample {
  recordId: string;
  name: string;
  email: string | null;
}

export interface CampaignSendPreview extends RecipientCounts {
  view: { id: string; name: string; module: string };
  campaign: SendableCampaign;
  samples: Record<ExclusionReason, RecipientSample[]>;
}

export type CampaignSendStatus = 'QUEUED' | 'RUNNING' | 'SENT' | 'SCHEDULED' | 'FAILED';
const FINAL: CampaignSendStatus[] = ['SENT', 'SCHEDULED', 'FAILED'];

export interface CampaignSend {
  id: string;
  status: CampaignSendStatus;
  view: { id: string; name: string };
  campaign: { id: string; name: string; listId: string };
  scheduleAt: string | null;
  counts: RecipientCounts | null;
  error: string | null;
}

export interface CampaignSendRequest {
  viewId: string;
  campaignId: string;
  /** ISO 8601 with its zone; absent: send now. */
  scheduleAt?: string;
}

const base = (installationId: string) => `/installations/${encodeURIComponent(installationId)}`;

/** The account's draft campaigns that have an audience (administrators). */
export function useSendableCampaigns(installationId: string | null) {
  return useQuery({
    queryKey: ['installations', installationId, 'sendable-campaigns'],
    queryFn: ({ signal }) =>
      apiRequest<SendableCampaign[]>(`${base(installationId!)}/sendable-campaigns`, { signal }),
    enabled: installationId !== null,
  });
}

/** The pre-send check: who of the view would receive it, who would not and why. */
export function usePreviewSend(installationId: string) {
  return useMutation({
    mutationFn: (request: Omit<CampaignSendRequest, 'scheduleAt'>) =>
      apiRequest<CampaignSendPreview>(`${base(installationId)}/campaign-sends/preview`, {
        method: 'POST',
        body: request,
      }),
  });
}

export function useRequestSend(installationId: string) {
  return useMutation({
    mutationFn: (request: CampaignSendRequest) =>
      apiRequest<CampaignSend>(`${base(installationId)}/campaign-sends`, { method: 'POST', body: request }),
  });
}

/** One send, asked for every second until it is sent, scheduled or failed. */
export function useCampaignSend(installationId: string, sendId: string | null) {
  return useQuery({
    queryKey: ['installations', installationId, 'campaign-sends', sendId],
    queryFn: ({ signal }) =>
      apiRequest<CampaignSend>(`${base(installationId)}/campaign-sends/${encodeURIComponent(sendId!)}`, {
        signal,
      }),
    enabled: sendId !== null,
    refetchInterval: (query) => (query.state.data && FINAL.includes(query.state.data.status) ? false : 1000),
  });
}

export const isSendFinal = (send: CampaignSend) => FINAL.includes(send.status);
