import type { RouteModule } from '../context';
import type { ItemType } from '../http/filter-expression';
import { requireMessage, totalClicks } from '../messages/message.model';
import type { Message, MessageRecipient } from '../state';
import { registerStatistics, Statistic } from './statistics';

/** The message's recipients with their statistics, by recipient id. */
const recipientsOf = (message: Message) =>
  Object.entries(message.recipients).map(([id, stats]) => ({ idRecipient: Number(id), stats }));

const perRecipient = (
  message: Message,
  keep: (stats: MessageRecipient) => boolean,
  view: (idRecipient: number, stats: MessageRecipient) => object,
) =>
  recipientsOf(message)
    .filter(({ stats }) => keep(stats))
    .map(({ idRecipient, stats }) => view(idRecipient, stats));

const COUNT_ITEM: ItemType = {
  name: 'MessageRecipientCountItem',
  properties: { Count: 'Int32', Email: 'String', IdRecipient: 'Int32' },
};

const DATED_ITEM: ItemType = {
  name: 'MessageRecipientEventItem',
  properties: { Date: 'String', Email: 'String', IdMessage: 'Int32', IdRecipient: 'Int32' },
};

/** Statistics by message, aggregated over all its sendings (upper-case `Id…` keys). */
const MESSAGE_STATISTICS: Record<string, Statistic<Message>> = {
  Recipients: {
    itemType: {
      name: 'MessageRecipientItem',
      properties: { Email: 'String', IdMessage: 'Int32', IdRecipient: 'Int32' },
    },
    items: (_account, message) =>
      perRecipient(
        message,
        (stats) => stats.deliveries > 0,
        (IdRecipient, stats) => ({ Email: stats.email, IdMessage: message.idMessage, IdRecipient }),
      ),
  },
  Views: {
    itemType: COUNT_ITEM,
    items: (_account, message) =>
      perRecipient(
        message,
        (stats) => stats.views > 0,
        (IdRecipient, stats) => ({ Count: stats.views, Email: stats.email, IdRecipient }),
      ),
  },
  Clicks: {
    itemType: COUNT_ITEM,
    items: (_account, message) =>
      perRecipient(
        message,
        (stats) => totalClicks(stats) > 0,
        (IdRecipient, stats) => ({ Count: totalClicks(stats), Email: stats.email, IdRecipient }),
      ),
  },
  UrlClicks: {
    itemType: {
      name: 'MessageUrlClickItem',
      properties: { Count: 'Int32', IdMessage: 'Int32', Url: 'String' },
    },
    items: (_account, message) => {
      const byUrl = new Map<string, number>();
      for (const { stats } of recipientsOf(message))
        for (const [url, count] of Object.entries(stats.clicks))
          byUrl.set(url, (byUrl.get(url) ?? 0) + count);
      return [...byUrl].map(([Url, Count]) => ({ Count, IdMessage: message.idMessage, Url }));
    },
  },
  UrlClickDetails: {
    listOnly: true,
    itemType: {
      name: 'MessageUrlClickDetailItem',
      properties: {
        Count: 'Int32',
        Email: 'String',
        IdMessage: 'Int32',
        IdRecipient: 'Int32',
        Url: 'String',
      },
    },
    items: (_account, message) =>
      recipientsOf(message).flatMap(({ idRecipient, stats }) =>
        Object.entries(stats.clicks).map(([Url, Count]) => ({
          Count,
          Email: stats.email,
          IdMessage: message.idMessage,
          IdRecipient: idRecipient,
          Url,
        })),
      ),
  },
  Bounces: {
    itemType: DATED_ITEM,
    items: (_account, message) =>
      perRecipient(
        message,
        (stats) => !!stats.bouncedAt,
        (IdRecipient, stats) => ({
          Date: stats.bouncedAt,
          Email: stats.email,
          IdMessage: message.idMessage,
          IdRecipient,
        }),
      ),
  },
  Unsubscriptions: {
    itemType: DATED_ITEM,
    items: (_account, message) =>
      perRecipient(
        message,
        (stats) => !!stats.unsubscribedAt,
        (IdRecipient, stats) => ({
          Date: stats.unsubscribedAt,
          Email: stats.email,
          IdMessage: message.idMessage,
          IdRecipient,
        }),
      ),
  },
};

export const messageStatisticRoutes: RouteModule = (router) =>
  registerStatistics(router, '/Message', requireMessage, MESSAGE_STATISTICS);
