import type { RouteModule } from '../context';
import { paged } from '../http/paging';
import { accountOf } from '../http/pipeline';
import { pathId } from '../http/query';
import { GROUP_ITEM, groupView, requireGroup, requireList } from '../lists/list.model';
import {
  EMAIL_OPTIN_ITEM,
  emailOptinView,
  RECIPIENT_ITEM,
  recipientView,
  requireRecipient,
} from '../recipients/recipient.model';
import type { OptinStatus } from '../state';

const BY_STATUS: Record<string, OptinStatus> = {
  Subscribed: 'OPTIN',
  Unsubscribed: 'OPTOUT',
  Pending: 'PENDING',
};

export const recipientReadRoutes: RouteModule = (router) => {
  for (const [segment, status] of Object.entries(BY_STATUS))
    router.get(`/List/:idList/Recipients/${segment}`, (req, res) => {
      const account = accountOf(res);
      const list = requireList(account, pathId(req, 'idList'));
      const items = Object.entries(list.subscriptions)
        .filter(([, subscription]) => subscription.status === status)
        .map(([id]) => recipientView(account, account.recipients[id]));
      res.json(paged(req, items, RECIPIENT_ITEM));
    });

  // Every recipient the list knows, with the dates and kind of their opt-in and opt-out.
  router.get('/List/:idList/Recipients/EmailOptins', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, pathId(req, 'idList'));
    const items = Object.entries(list.subscriptions).map(([id, subscription]) =>
      emailOptinView(account.recipients[id], subscription),
    );
    res.json(paged(req, items, EMAIL_OPTIN_ITEM));
  });

  // A group's members, whatever their status in its list (statuses belong to lists, not groups).
  router.get('/Group/:idGroup/Recipients', (req, res) => {
    const account = accountOf(res);
    const { group } = requireGroup(account, pathId(req, 'idGroup'));
    const items = group.members.map((id) => recipientView(account, account.recipients[id]));
    res.json(paged(req, items, RECIPIENT_ITEM));
  });

  router.get('/List/:idList/Recipient/:idRecipient/Groups', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, pathId(req, 'idList'));
    const recipient = requireRecipient(account, pathId(req, 'idRecipient'));
    const groups = Object.values(list.groups).filter((g) => g.members.includes(recipient.idRecipient));
    res.json(paged(req, groups.map(groupView), GROUP_ITEM));
  });
};
