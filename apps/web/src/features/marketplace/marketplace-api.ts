import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Installation, InstallRequest, MarketplaceEntry, Page, Profile } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';
import { installationKeys } from '../installations/installations-api';

const marketplaceKey = ['marketplace'] as const;

export function useMarketplace() {
  return useQuery({
    queryKey: marketplaceKey,
    queryFn: ({ signal }) => apiRequest<MarketplaceEntry[]>('/marketplace', { signal }),
  });
}

/** Profiles offered by the install dialog's "chosen profiles" scope. */
export function useProfiles(enabled: boolean) {
  return useQuery({
    queryKey: ['profiles', 'all'],
    queryFn: ({ signal }) =>
      apiRequest<Page<Profile>>('/profiles', { query: { pageSize: 200 }, signal }).then((page) => page.items),
    enabled,
  });
}

export function useInstallConnector(connectorKey: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: InstallRequest) =>
      apiRequest<Installation>(`/marketplace/${encodeURIComponent(connectorKey)}/install`, {
        method: 'POST',
        body: request,
      }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: marketplaceKey }),
        queryClient.invalidateQueries({ queryKey: installationKeys.all }),
      ]);
    },
  });
}
