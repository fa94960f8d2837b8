/** One page of a list endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface PageRequest {
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export function pageWindow(request: PageRequest): { page: number; pageSize: number; skip: number } {
  const page = Math.max(1, request.page ?? 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, request.pageSize ?? DEFAULT_PAGE_SIZE));
  return { page, pageSize, skip: (page - 1) * pageSize };
}

/**
 * Parses `sort=lastName,-createdAt` against the fields a list allows; unknown fields are a
 * validation problem of the `sort` parameter.
 */
export function parseSort(
  sort: string | undefined,
  allowed: readonly string[],
): { specs: Array<{ field: string; direction: 'asc' | 'desc' }>; invalid: string[] } {
  const specs: Array<{ field: string; direction: 'asc' | 'desc' }> = [];
  const invalid: string[] = [];
  for (const part of (sort ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const direction = part.startsWith('-') ? 'desc' : 'asc';
    const field = part.replace(/^[-+]/, '');
    if (allowed.includes(field)) specs.push({ field, direction });
    else invalid.push(field);
  }
  return { specs, invalid };
}
