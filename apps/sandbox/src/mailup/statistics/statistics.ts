import type { Router } from 'express';
import type { ItemType } from '../http/filter-expression';
import { paged } from '../http/paging';
import { accountOf } from '../http/pipeline';
import { pathId } from '../http/query';
import type { MailupAccount } from '../state';

/** One statistic of the Statistics service: a LIST of items and, unless `listOnly`, a COUNT. */
export interface Statistic<S> {
  itemType: ItemType;
  items(account: MailupAccount, subject: S): object[];
  listOnly?: boolean;
}

/**
 * A COUNT answers a bare integer: the sum of the items' `Count` when they have one (views, clicks,
 * deliveries), else the number of items (recipients, bounces, unsubscriptions). Filters do not
 * apply to counts, as MailUp says.
 */
function countOf(items: object[]): number {
  return items.reduce<number>((sum, item) => {
    const count = (item as { Count?: unknown }).Count;
    return sum + (typeof count === 'number' ? count : 1);
  }, 0);
}

/** `GET {base}/:id/List/{name}` and `GET {base}/:id/Count/{name}` for every statistic. */
export function registerStatistics<S>(
  router: Router,
  base: string,
  find: (account: MailupAccount, id: number) => S,
  statistics: Record<string, Statistic<S>>,
): void {
  for (const [name, statistic] of Object.entries(statistics)) {
    router.get(`${base}/:id/List/${name}`, (req, res) => {
      const account = accountOf(res);
      const items = statistic.items(account, find(account, pathId(req, 'id')));
      res.json(paged(req, items, statistic.itemType));
    });
    if (statistic.listOnly) continue;
    router.get(`${base}/:id/Count/${name}`, (req, res) => {
      const account = accountOf(res);
      res.json(countOf(statistic.items(account, find(account, pathId(req, 'id')))));
    });
  }
}
