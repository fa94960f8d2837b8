import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FieldMapping, ListMappings, SyncSettings, VendorList, VendorStore } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';

const base = (id: string) => `/installations/${encodeURIComponent(id)}`;

export function useSyncSettings(installationId: string) {
  return useQuery({
    queryKey: ['installations', installationId, 'settings'],
    queryFn: ({ signal }) => apiRequest<SyncSettings>(`${base(installationId)}/settings`, { signal }),
    // The wizard edits a copy; a refetch in the background must not reset what the admin typed.
    staleTime: Infinity,
  });
}

/** The vendor's lists, read fresh through the connector. */
export function useVendorLists(installationId: string) {
  return useQuery({
    queryKey: ['installations', installationId, 'lists'],
    queryFn: ({ signal }) => apiRequest<VendorList[]>(`${base(installationId)}/lists`, { signal }),
  });
}

export function useStores(installationId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['installations', installationId, 'stores'],
    queryFn: ({ signal }) => apiRequest<VendorStore[]>(`${base(installationId)}/stores`, { signal }),
    enabled,
  });
}

export function useSaveSettings(installationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: SyncSettings) =>
      apiRequest<SyncSettings>(`${base(installationId)}/settings`, { method: 'PUT', body: settings }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['installations', installationId, 'settings'], saved);
      return queryClient.invalidateQueries({ queryKey: ['installations', installationId, 'mappings'] });
    },
  });
}

export function useMappings(installationId: string, listId: string | null) {
  return useQuery({
    queryKey: ['installations', installationId, 'mappings', listId],
    queryFn: ({ signal }) =>
      apiRequest<ListMappings>(`${base(installationId)}/mappings`, { query: { listId: listId! }, signal }),
    enabled: listId !== null,
    staleTime: Infinity,
  });
}

export function useSaveMappings(installationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { listId: string; mappings: FieldMapping[] }) =>
      apiRequest<{
        listId: string;
        mappings: FieldMapping[];
        warnings: Array<{ field: string; reason: string }>;
      }>(`${base(installationId)}/mappings`, {
        method: 'PUT',
        body: {
          listId: input.listId,
          mappings: input.mappings.map(({ vendorField, crmField, direction }) => ({
            vendorField,
            crmField,
            direction,
          })),
        },
      }),
    onSuccess: (_saved, input) =>
      queryClient.invalidateQueries({
        queryKey: ['installations', installationId, 'mappings', input.listId],
      }),
  });
}
