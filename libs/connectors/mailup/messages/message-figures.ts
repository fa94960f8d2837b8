import type { VendorCampaign } from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { messagePath } from '../mailup-paths';
import type { MessageRef } from './message-ids';

/**
 * A statistic's COUNT: a bare integer over every sending of the message — the sum of the items'
 * `Count` where they have one (views, clicks), else the number of items.
 */
async function count(client: MailupClient, ref: MessageRef, what: string): Promise<number> {
  const value = await client.statistics<number>(`${messagePath(ref.messageId)}/Count/${what}`);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** How many items a statistic's LIST has: one per recipient (who opened, who clicked). */
async function recipients(client: MailupClient, ref: MessageRef, what: string): Promise<number> {
  const page = await client.statisticsPage<unknown>(`${messagePath(ref.messageId)}/List/${what}`, {}, 0, 1);
  return page.TotalElementsCount;
}

/** A message's report: its counts, and the recipients who opened and who clicked. */
export async function messageFigures(
  client: MailupClient,
  ref: MessageRef,
): Promise<NonNullable<VendorCampaign['report']>> {
  const [sent, opens, uniqueOpens, clicks, uniqueClicks, bounces, unsubscribes] = await Promise.all([
    count(client, ref, 'Recipients'),
    count(client, ref, 'Views'),
    recipients(client, ref, 'Views'),
    count(client, ref, 'Clicks'),
    recipients(client, ref, 'Clicks'),
    count(client, ref, 'Bounces'),
    count(client, ref, 'Unsubscriptions'),
  ]);
  return { recipients: sent, opens, uniqueOpens, clicks, uniqueClicks, bounces, unsubscribes };
}
