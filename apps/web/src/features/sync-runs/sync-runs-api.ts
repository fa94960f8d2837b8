import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page, RunRecord, RunStatus, SyncRun } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';

const ACTIVE: RunStatus[] = ['QUEUED', 'RUNNING'];
export const isRunActive = (run: Pick<SyncRun, 'status'>) => ACTIVE.includes(run.status);

/** How often a view with a run under way asks again: live progress without a socket. */
const LIVE_MS = 1000;

export function useRequestSync(installationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { dryRun?: boolean; kind?: 'FULL' | 'INCREMENTAL' }) =>
      apiRequest<SyncRun>(`/installations/${encodeURIComponent(installationId)}/sync`, {
        method: 'POST',
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['installations', installationId, 'runs'] }),
  });
}

/** One run, polled while it is queued or running. */
export function useRun(runId: string | null) {
  return useQuery({
    queryKey: ['runs', runId],
    queryFn: ({ signal }) => apiRequest<SyncRun>(`/runs/${encodeURIComponent(runId!)}`, { signal }),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data && !isRunActive(query.state.data) ? false : LIVE_MS),
  });
}

/** An installation's runs, newest first; polled while any of them is under way. */
export function useRuns(installationId: string, page: number, pageSize = 20) {
  return useQuery({
    queryKey: ['installations', installationId, 'runs', page, pageSize],
    queryFn: ({ signal }) =>
      apiRequest<Page<SyncRun>>(`/installations/${encodeURIComponent(installationId)}/runs`, {
        query: { page, pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some(isRunActive) ? LIVE_MS : 10_000),
  });
}

export function useRunRecords(runId: string | null, page: number, action?: string, pageSize = 10) {
  return useQuery({
    queryKey: ['runs', runId, 'records', page, pageSize, action],
    queryFn: ({ signal }) =>
      apiRequest<Page<RunRecord>>(`/runs/${encodeURIComponent(runId!)}/records`, {
        query: { page, pageSize, action },
        signal,
      }),
    enabled: runId !== null,
    placeholderData: keepPreviousData,
  });
}
