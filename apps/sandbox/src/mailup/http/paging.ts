import type { Request } from 'express';
import { applyFilter, applyOrder, type ItemType } from './filter-expression';
import { MailupError } from './mailup-error';
import { queryParam } from './query';

/** MailUp's paged collection. */
export interface Paged<T> {
  IsPaginated: boolean;
  Items: T[];
  PageNumber: number;
  PageSize: number;
  Skipped: number;
  TotalElementsCount: number;
}

export const DEFAULT_PAGE_SIZE = 20;

function nonNegativeInteger(req: Request, name: string, fallback: number, minimum: number): number {
  const raw = queryParam(req, name);
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < minimum)
    throw MailupError.badRequest(`${name}: must be an integer of at least ${minimum}, got "${raw}"`);
  return value;
}

/** `pageSize` (default 20) and the 0-based `pageNumber`, whatever their casing. */
export function pageOf(req: Request): { pageSize: number; pageNumber: number } {
  return {
    pageSize: nonNegativeInteger(req, 'pageSize', DEFAULT_PAGE_SIZE, 1),
    pageNumber: nonNegativeInteger(req, 'pageNumber', 0, 0),
  };
}

/**
 * A collection answer for `items` (already in MailUp's item shape): filtered by `filterby`,
 * sorted by `orderby`, then paged. `itemType` says which properties the expressions may name.
 */
export function paged<T extends object>(req: Request, items: T[], itemType: ItemType): Paged<T> {
  const { pageSize, pageNumber } = pageOf(req);
  const filtered = applyFilter(items, queryParam(req, 'filterby'), itemType);
  const ordered = applyOrder(filtered, queryParam(req, 'orderby'), itemType);
  const skipped = pageNumber * pageSize;
  return {
    // A guess: "paging was applied", i.e. the whole result does not fit one page.
    IsPaginated: ordered.length > pageSize,
    Items: ordered.slice(skipped, skipped + pageSize),
    PageNumber: pageNumber,
    PageSize: pageSize,
    Skipped: skipped,
    TotalElementsCount: ordered.length,
  };
}
