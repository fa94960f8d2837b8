import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/http-client';
import { recordKeys, type RecordModule } from '../records/records-api';

export const MEMBER_STATUSES = [
  'subscribed',
  'unsubscribed',
  'cleaned',
  'pending',
  'archived',
  'transactional',
  'deleted',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** A record's address in one vendor list and its status there (`GET /memberships`). */
export interface Membership {
  installationId: string;
  connectorKey: string;
  listId: string;
  listName: string | null;
  email: string;
  status: MemberStatus | null;
  lastPushedAt: string | null;
  lastPulledAt: string | null;
}

export function useMemberships(module: RecordModule, recordId: string) {
  return useQuery({
    queryKey: [...recordKeys.one(module, recordId), 'memberships'],
    queryFn: ({ signal }) =>
      apiRequest<Membership[]>('/memberships', { query: { module, recordId }, signal }),
  });
}
