import type { RouteModule } from '../context';
import { paged } from '../http/paging';
import { accountOf } from '../http/pipeline';
import { pathId } from '../http/query';
import { LIST_ITEM, listView, requireList, USER_LIST_ITEM, userListView } from '../lists/list.model';

/** Lists are read-only through the API: they are made and deleted in the console (control API). */
export const listRoutes: RouteModule = (router) => {
  router.get('/List', (req, res) => {
    const account = accountOf(res);
    const lists = Object.values(account.lists).map((list) => listView(account, list));
    res.json(paged(req, lists, LIST_ITEM));
  });

  router.get('/List/:idList', (req, res) => {
    const account = accountOf(res);
    res.json(listView(account, requireList(account, pathId(req, 'idList'))));
  });

  // The deprecated way, still used by older clients: lower-case id keys.
  router.get('/User/Lists', (req, res) => {
    const account = accountOf(res);
    const lists = Object.values(account.lists).map((list) => userListView(account, list));
    res.json(paged(req, lists, USER_LIST_ITEM));
  });
};
