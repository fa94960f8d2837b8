import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../api/api-types';
import { apiRequest } from '../../api/http-client';
import type { FilterField, SavedView, SavedViewInput, ViewModule } from './filter-types';

const viewKeys = {
  list: (module: ViewModule) => ['views', module] as const,
  fields: (module: ViewModule) => ['views', module, 'fields'] as const,
};

/** The module's saved views the user may use: shared ones and their own. */
export function useSavedViews(module: ViewModule) {
  return useQuery({
    queryKey: viewKeys.list(module),
    queryFn: ({ signal }) =>
      apiRequest<Page<SavedView>>('/views', { query: { module, pageSize: 200 }, signal }).then(
        (page) => page.items,
      ),
  });
}

/** What a filter over the module may name, with its operators and values. */
export function useFilterFields(module: ViewModule) {
  return useQuery({
    queryKey: viewKeys.fields(module),
    queryFn: ({ signal }) => apiRequest<FilterField[]>('/views/fields', { query: { module }, signal }),
    staleTime: 5 * 60_000,
  });
}

export interface Picklist {
  id: string;
  key: string;
  label: string;
  values: Array<{ id: string; value: string; active: boolean }>;
}

/** The tenant's picklists (value pickers for picklist-backed fields); every user may read them. */
export function usePicklists(enabled = true) {
  return useQuery({
    queryKey: ['picklists'],
    queryFn: ({ signal }) => apiRequest<Picklist[]>('/picklists', { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useCreateView(module: ViewModule) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SavedViewInput) => apiRequest<SavedView>('/views', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewKeys.list(module) }),
  });
}

export function useUpdateView(module: ViewModule) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...changes }: Partial<Omit<SavedViewInput, 'module'>> & { id: string }) =>
      apiRequest<SavedView>(`/views/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewKeys.list(module) }),
  });
}

export function useDeleteView(module: ViewModule) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/views/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewKeys.list(module) }),
  });
}
