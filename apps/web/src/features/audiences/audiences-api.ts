import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RunStatus } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';

/** Modules whose records can be added to a vendor list from their list view. */
export type AudienceModule = 'contacts' | 'leads';
export const AUDIENCE_MODULES: readonly string[] = ['contacts', 'leads'] satisfies AudienceModule[];

export interface AddToAudienceRequest {
  module: AudienceModule;
  recordIds: string[];
  listId: string;
  tag?: string;
}

/** One address (or record, without one) and what became of it; `reason` says why it was skipped. */
export interface AdditionEntry {
  recordId: string;
  email: string | null;
  reason: string | null;
}

export const ADDITION_OUTCOMES = ['added', 'updated', 'unchanged', 'skipped', 'failed'] as const;
export type AdditionOutcome = (typeof ADDITION_OUTCOMES)[number];

export type AdditionResult = Record<AdditionOutcome, AdditionEntry[]> & {
  runId: string | null;
  status: RunStatus | null;
  listId: string;
  tag: string | null;
};

/** Most records one call takes (the API's limit). */
export const MAX_RECORDS_PER_ADDITION = 1000;

/** `POST /installations/:id/actions/add-to-audience`: answers once the run is done (or 20 s). */
export function useAddToAudience(installationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: AddToAudienceRequest) =>
      apiRequest<AdditionResult>(
        `/installations/${encodeURIComponent(installationId)}/actions/add-to-audience`,
        { method: 'POST', body: request },
      ),
    // Member statuses on the records' pages, and the installation's runs, have changed.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['record'] }),
        queryClient.invalidateQueries({ queryKey: ['installations', installationId, 'runs'] }),
      ]),
  });
}
