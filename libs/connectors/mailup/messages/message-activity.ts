import type { VendorCampaignActivity } from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { messagePath } from '../mailup-paths';
import { filterBy, orderBy } from '../mailup-query';
import { idFilters } from '../recipients/recipient-lookup';
import { normalEmail } from '../recipients/recipient-mapping';
import { messageRef, type MessageRef } from './message-ids';
import { sendDates } from './message-sends';

/** A statistics item about one recipient of a message (statistics spell ids `IdRecipient`). */
interface RecipientStat {
  IdRecipient: number;
  Email: string;
  IdMessage?: number;
  /** How many times (views, clicks). */
  Count?: number;
}

type Event = VendorCampaignActivity['events'][number];

/** What each per-recipient statistic adds to a recipient's activity. */
const STATS: Array<{ path: string; type: Event['type']; counted: boolean }> = [
  { path: 'Views', type: 'open', counted: true },
  { path: 'Clicks', type: 'click', counted: true },
  { path: 'Bounces', type: 'bounce', counted: false },
  { path: 'Unsubscriptions', type: 'unsubscribe', counted: false },
];

const PAGE_MAX = 500;

/**
 * One page of a message's recipients (every sending of it aggregated: one "send" per message
 * and recipient, seed 004), each with its opens, clicks, bounce and unsubscribe merged from the
 * message's statistics for the page's recipients. MailUp gives counts, not times: each event is
 * dated at the message's first sending, which keeps them stable from one import to the next.
 * The cursor carries the last recipient id and that date.
 */
export async function readCampaignActivity(
  client: MailupClient,
  campaign: string,
  options: { cursor?: string; pageSize: number },
): Promise<{ activity: VendorCampaignActivity[]; nextCursor?: string }> {
  const ref = messageRef(campaign);
  const [afterText, sentText] = (options.cursor ?? '').split('|');
  const afterId = Number(afterText) || 0;
  const sentAt = sentText ? new Date(sentText) : (await sendDates(client, ref))[0];
  const size = Math.max(1, Math.min(PAGE_MAX, options.pageSize));
  const page = await client.statisticsPage<RecipientStat>(
    `${messagePath(ref.messageId)}/List/Recipients`,
    {
      ...(afterId ? { filterby: filterBy(`IdRecipient > ${afterId}`) } : {}),
      orderby: orderBy('IdRecipient'),
    },
    0,
    size,
  );
  const ids = page.Items.map((item) => item.IdRecipient);
  const stats = await Promise.all(STATS.map((stat) => statsOf(client, ref, stat.path, ids)));
  const activity = page.Items.map((recipient) => ({
    email: normalEmail(recipient.Email),
    events: sentAt ? eventsOf(recipient.IdRecipient, sentAt, stats) : [],
  }));
  const last = ids[ids.length - 1];
  const more = last !== undefined && page.TotalElementsCount > page.Items.length;
  return { activity, ...(more ? { nextCursor: `${last}|${sentAt?.toISOString() ?? ''}` } : {}) };
}

function eventsOf(id: number, at: Date, stats: Array<Map<number, RecipientStat>>): Event[] {
  const events: Event[] = [{ type: 'sent', at }];
  STATS.forEach((stat, index) => {
    const item = stats[index].get(id);
    if (!item) return;
    const times = stat.counted ? Math.max(1, item.Count ?? 1) : 1;
    for (let n = 0; n < times; n++) events.push({ type: stat.type, at });
  });
  return events;
}

/** One statistic of the message for these recipients, by recipient id. */
async function statsOf(
  client: MailupClient,
  ref: MessageRef,
  path: string,
  ids: number[],
): Promise<Map<number, RecipientStat>> {
  const wanted = new Set(ids);
  const found = new Map<number, RecipientStat>();
  for (const expression of idFilters(ids, 'IdRecipient')) {
    const items = await client.statisticsAll<RecipientStat>(`${messagePath(ref.messageId)}/List/${path}`, {
      filterby: filterBy(expression),
    });
    for (const item of items)
      if (wanted.has(item.IdRecipient)) {
        const known = found.get(item.IdRecipient);
        found.set(
          item.IdRecipient,
          known ? { ...known, Count: (known.Count ?? 1) + (item.Count ?? 1) } : item,
        );
      }
  }
  return found;
}
