import type { VendorCampaign } from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { messagePath } from '../mailup-paths';
import type { MessageRef } from './message-ids';

/** Statistics `Count/*` answer a bare integer, over every sending of the message. */
async function count(client: MailupClient, ref: MessageRef, what: string): Promise<number> {
  const value = await client.statistics<number>(`${messagePath(ref.messageId)}/Count/${what}`);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Clicks on each tracked URL (`List/UrlClicks`), MailUp's pseudo links included. */
export interface UrlClicks {
  IdMessage?: number;
  Url: string;
  Count: number;
}

export function urlClicks(client: MailupClient, ref: MessageRef): Promise<UrlClicks[]> {
  return client.statisticsAll<UrlClicks>(`${messagePath(ref.messageId)}/List/UrlClicks`);
}

/**
 * A message's report from MailUp's counts: recipients, recipients who opened, who clicked, who
 * bounced and who unsubscribed, and every click on its links. MailUp counts opens by recipient,
 * so opens and unique opens are the same figure.
 */
export async function messageFigures(
  client: MailupClient,
  ref: MessageRef,
): Promise<NonNullable<VendorCampaign['report']>> {
  const [recipients, views, clickers, bounces, unsubscribes, urls] = await Promise.all([
    count(client, ref, 'Recipients'),
    count(client, ref, 'Views'),
    count(client, ref, 'Clicks'),
    count(client, ref, 'Bounces'),
    count(client, ref, 'Unsubscriptions'),
    urlClicks(client, ref),
  ]);
  return {
    recipients,
    opens: views,
    uniqueOpens: views,
    clicks: urls.reduce((sum, url) => sum + (url.Count ?? 0), 0),
    uniqueClicks: clickers,
    bounces,
    unsubscribes,
  };
}
