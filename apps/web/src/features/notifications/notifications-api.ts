import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Page } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';
import { recordKeys, type RecordModule } from '../records/records-api';

export const NOTIFICATION_TYPES = [
  'NEW_SUBSCRIBER',
  'UNSUBSCRIBE',
  'PROFILE_UPDATE',
  'AUTHORIZATION_NEEDED',
  'SYNC_FAILED',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationItem {
  id: string;
  type: NotificationType;
  title: string;
  body: string | null;
  /** The record it is about. */
  subject: { module: string; id: string } | null;
  installationId: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationInbox extends Page<NotificationItem> {
  unreadCount: number;
}

export interface NotificationPreference {
  type: NotificationType;
  enabled: boolean;
}

/** How often the bell asks for news: the unread count stays current without a reload. */
export const INBOX_POLL_MS = 5000;
const INBOX_SIZE = 10;

const keys = {
  inbox: ['notifications', 'inbox'] as const,
  preferences: ['notifications', 'preferences'] as const,
};

const RECORD_MODULES: readonly string[] = ['organizations', 'contacts', 'leads'] satisfies RecordModule[];

/** The page of a record a notification is about, if it has one. */
export const subjectPath = (item: NotificationItem): string | null =>
  item.subject && RECORD_MODULES.includes(item.subject.module)
    ? `/${item.subject.module}/${encodeURIComponent(item.subject.id)}`
    : null;

/** The latest notifications and the unread count, asked for again every few seconds. */
export function useNotificationInbox() {
  const inbox = useQuery({
    queryKey: keys.inbox,
    queryFn: ({ signal }) =>
      apiRequest<NotificationInbox>('/notifications', { query: { pageSize: INBOX_SIZE }, signal }),
    refetchInterval: INBOX_POLL_MS,
    staleTime: 0,
  });
  useRefreshNoticedRecords(inbox.data?.items);
  return inbox;
}

/**
 * A new notice means its record changed (an unsubscribe, a profile edit): the record's page and
 * lists, if open, are fetched again, so they show it without a reload. Notices already there at
 * the first answer are not news.
 */
function useRefreshNoticedRecords(items: NotificationItem[] | undefined) {
  const queryClient = useQueryClient();
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!items) return;
    if (seen.current === null) {
      seen.current = new Set(items.map((item) => item.id));
      return;
    }
    const known = seen.current;
    for (const item of items.filter((candidate) => !known.has(candidate.id))) {
      known.add(item.id);
      const { subject } = item;
      // A summary of many changes names no record: every open record view may be affected.
      const scopes = subject
        ? [recordKeys.one(subject.module, subject.id), ['records', subject.module]]
        : [['record'], ['records']];
      for (const queryKey of scopes) void queryClient.invalidateQueries({ queryKey });
    }
  }, [items, queryClient]);
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<NotificationItem>(`/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.inbox }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ marked: number }>('/notifications/read-all', { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.inbox }),
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: keys.preferences,
    queryFn: ({ signal }) => apiRequest<NotificationPreference[]>('/notifications/preferences', { signal }),
  });
}

export function useSaveNotificationPreference() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (preference: NotificationPreference) =>
      apiRequest<NotificationPreference[]>('/notifications/preferences', {
        method: 'PUT',
        body: { preferences: [preference] },
      }),
    onSuccess: (saved) => queryClient.setQueryData(keys.preferences, saved),
  });
}
