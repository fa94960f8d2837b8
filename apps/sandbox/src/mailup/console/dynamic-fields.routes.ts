import type { RouteModule } from '../context';
import type { ItemType } from '../http/filter-expression';
import { paged } from '../http/paging';
import { accountOf, administratorOnly } from '../http/pipeline';

const DYNAMIC_FIELD_ITEM: ItemType = {
  name: 'ConsoleDynamicFieldItem',
  properties: { Description: 'String', Id: 'Int32' },
};

/** The account-wide dynamic fields (ids 1..39, paged 20 by default like every collection). */
export const dynamicFieldRoutes: RouteModule = (router) => {
  router.get('/Recipient/DynamicFields', administratorOnly, (req, res) => {
    const fields = accountOf(res).fields.map((field) => ({ Description: field.Description, Id: field.Id }));
    res.json(paged(req, fields, DYNAMIC_FIELD_ITEM));
  });
};
