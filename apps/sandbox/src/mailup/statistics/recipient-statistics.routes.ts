import type { RouteModule } from '../context';
import type { ItemType } from '../http/filter-expression';
import { totalClicks } from '../messages/message.model';
import { requireRecipient } from '../recipients/recipient.model';
import type { MailupAccount, MessageRecipient, Recipient } from '../state';
import { registerStatistics, Statistic } from './statistics';

/** The messages the recipient received, each with the recipient's statistics for it. */
function messagesOf(
  account: MailupAccount,
  recipient: Recipient,
  pick: (stats: MessageRecipient) => { Count: number } | { Date: string } | undefined,
): object[] {
  return Object.values(account.messages).flatMap((message) => {
    const stats = message.recipients[recipient.idRecipient];
    const figure = stats && pick(stats);
    if (!figure) return [];
    return [
      {
        ...figure,
        IdList: message.idList,
        IdMessage: message.idMessage,
        Notes: message.notes,
        Subject: message.subject,
      },
    ];
  });
}

const counted = (count: number) => (count > 0 ? { Count: count } : undefined);
const dated = (date: string | undefined) => (date ? { Date: date } : undefined);

const COUNT_ITEM: ItemType = {
  name: 'RecipientMessageCountItem',
  properties: { Count: 'Int32', IdList: 'Int32', IdMessage: 'Int32', Notes: 'String', Subject: 'String' },
};

const DATED_ITEM: ItemType = {
  name: 'RecipientMessageEventItem',
  properties: { Date: 'String', IdList: 'Int32', IdMessage: 'Int32', Notes: 'String', Subject: 'String' },
};

/** Statistics by recipient, one item per message (filter e.g. by `IdList`). */
const RECIPIENT_STATISTICS: Record<string, Statistic<Recipient>> = {
  Deliveries: {
    itemType: COUNT_ITEM,
    items: (account, recipient) => messagesOf(account, recipient, (stats) => counted(stats.deliveries)),
  },
  Views: {
    itemType: COUNT_ITEM,
    items: (account, recipient) => messagesOf(account, recipient, (stats) => counted(stats.views)),
  },
  Clicks: {
    itemType: COUNT_ITEM,
    items: (account, recipient) => messagesOf(account, recipient, (stats) => counted(totalClicks(stats))),
  },
  Bounces: {
    itemType: DATED_ITEM,
    items: (account, recipient) => messagesOf(account, recipient, (stats) => dated(stats.bouncedAt)),
  },
  Unsubscriptions: {
    itemType: DATED_ITEM,
    items: (account, recipient) => messagesOf(account, recipient, (stats) => dated(stats.unsubscribedAt)),
  },
};

export const recipientStatisticRoutes: RouteModule = (router) =>
  registerStatistics(router, '/Recipient', requireRecipient, RECIPIENT_STATISTICS);
