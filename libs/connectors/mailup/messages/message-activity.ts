import type { VendorCampaignActivity } from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { messagePath } from '../mailup-paths';
import { filterBy, orderBy } from '../mailup-query';
import { idFilters } from '../recipients/recipient-lookup';
import { mailupDate, normalEmail } from '../recipients/recipient-mapping';
import { messageRef, type MessageRef } from './message-ids';
import { sendDates } from './message-sends';

/** A statistics item about one recipient of a message (statistics spell ids `IdRecipient`). */
interface RecipientStat {
  IdRecipient: number;
  Email: string;
  /** How many times: views, or clicks on `Url`. */
  Count?: number;
  Url?: string;
  /** When: bounces and unsubscriptions. */
  Date?: string;
}

type Event = VendorCampaignActivity['events'][number];

const PAGE_MAX = 500;

/**
 * One page of a message's recipients — every sending of it aggregated, one "send" per message and
 * recipient (seed 004) — each with its opens, its clicks by link (the URL click details, which add
 * up to the Clicks statistic), its bounce and its unsubscribe, merged from the message's statistics
 * for the page's recipients. MailUp dates bounces and unsubscribes only: the send, the opens and
 * the clicks are dated at the message's first sending, which keeps them the same from one import
 * to the next. The cursor carries the last recipient id and that date.
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
  const page = await client.statisticsPage<RecipientStat>(
    `${messagePath(ref.messageId)}/List/Recipients`,
    {
      ...(afterId ? { filterby: filterBy(`IdRecipient > ${afterId}`) } : {}),
      orderby: orderBy('IdRecipient'),
    },
    0,
    Math.max(1, Math.min(PAGE_MAX, options.pageSize)),
  );
  const ids = page.Items.map((item) => item.IdRecipient);
  const [views, clicks, bounces, unsubscriptions] = await Promise.all(
    ['Views', 'UrlClickDetails', 'Bounces', 'Unsubscriptions'].map((what) => statsOf(client, ref, what, ids)),
  );
  const activity = page.Items.map((recipient) => {
    const id = recipient.IdRecipient;
    const events: Event[] = [];
    if (sentAt) {
      events.push({ type: 'sent', at: sentAt });
      for (const view of views.get(id) ?? []) events.push(...times(view, { type: 'open', at: sentAt }));
      for (const click of clicks.get(id) ?? [])
        events.push(...times(click, { type: 'click', at: sentAt, ...(click.Url ? { url: click.Url } : {}) }));
    }
    for (const [type, items] of [
      ['bounce', bounces],
      ['unsubscribe', unsubscriptions],
    ] as const)
      for (const item of items.get(id) ?? []) {
        const at = mailupDate(item.Date) ?? sentAt;
        if (at) events.push({ type, at });
      }
    return { email: normalEmail(recipient.Email), events };
  });
  const last = ids[ids.length - 1];
  const more = last !== undefined && page.TotalElementsCount > page.Items.length;
  return { activity, ...(more ? { nextCursor: `${last}|${sentAt?.toISOString() ?? ''}` } : {}) };
}

/** The event as many times as the item counts it. */
const times = (item: RecipientStat, event: Event): Event[] =>
  Array.from({ length: Math.max(1, item.Count ?? 1) }, () => event);

/** One statistic of the message for these recipients: their items, by recipient id. */
async function statsOf(
  client: MailupClient,
  ref: MessageRef,
  what: string,
  ids: number[],
): Promise<Map<number, RecipientStat[]>> {
  const wanted = new Set(ids);
  const found = new Map<number, RecipientStat[]>();
  for (const expression of idFilters(ids, 'IdRecipient')) {
    const items = await client.statisticsAll<RecipientStat>(`${messagePath(ref.messageId)}/List/${what}`, {
      filterby: filterBy(expression),
    });
    for (const item of items)
      if (wanted.has(item.IdRecipient))
        found.set(item.IdRecipient, [...(found.get(item.IdRecipient) ?? []), item]);
  }
  return found;
}
