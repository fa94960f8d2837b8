import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Installation } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';

export const installationKeys = {
  all: ['installations'] as const,
  one: (id: string) => ['installations', id] as const,
};

/** The installations the signed-in user's scope admits (the API filters them). */
export function useInstallations() {
  return useQuery({
    queryKey: installationKeys.all,
    queryFn: ({ signal }) => apiRequest<Installation[]>('/installations', { signal }),
  });
}

export function useInstallation(id: string) {
  return useQuery({
    queryKey: installationKeys.one(id),
    queryFn: ({ signal }) => apiRequest<Installation>(`/installations/${encodeURIComponent(id)}`, { signal }),
  });
}

/**
 * Asks the API for the vendor's consent page and goes there; the vendor sends the browser back
 * to `/?installation=<id>&authorized=1` (or `authorization_error=<code>`).
 */
export function useAuthorizeInstallation() {
  return useMutation({
    mutationFn: async (id: string) => {
      const { url } = await apiRequest<{ url: string }>(`/installations/${encodeURIComponent(id)}/authorize`);
      window.location.assign(url);
    },
  });
}

export function useUninstall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<unknown>(`/installations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['marketplace'] }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: installationKeys.all }),
  });
}
