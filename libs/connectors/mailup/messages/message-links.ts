import { createHash } from 'node:crypto';
import { ConnectorError, ConnectorErrorCode, type VendorLink } from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { messagePath } from '../mailup-paths';
import { equals, filterBy } from '../mailup-query';
import { normalEmail } from '../recipients/recipient-mapping';
import { messageRef, type MessageRef } from './message-ids';

/** `List/UrlClicks` items: every click on each tracked URL, MailUp's pseudo links included. */
interface UrlClicks {
  IdMessage?: number;
  Url: string;
  Count: number;
}

const urlClicks = (client: MailupClient, ref: MessageRef) =>
  client.statisticsAll<UrlClicks>(`${messagePath(ref.messageId)}/List/UrlClicks`);

/** `List/UrlClickDetails` items: who clicked which URL of the message, how often. */
interface UrlClickDetail {
  IdRecipient: number;
  Email: string;
  Url?: string;
  Count?: number;
}

/**
 * MailUp names links by their URL only, which may be longer than a link id may be; the id is a
 * digest of it. Pseudo links — "Unsubscribe", "Read in web browser", "Autoprofile: 72", clicks
 * MailUp counts that are no URL of the message — are kept, their ids marked `pseudo-`.
 */
export function linkId(url: string): string {
  const digest = createHash('sha256').update(url).digest('hex').slice(0, 40);
  return `${isPseudoLink(url) ? 'pseudo' : 'url'}-${digest}`;
}

export const isPseudoLink = (url: string) => !/^(https?|ftp|mailto|tel):/i.test(url.trim());

/** The message's links with their clicks, and how many recipients clicked each. */
export async function listLinks(client: MailupClient, campaign: string): Promise<VendorLink[]> {
  const ref = messageRef(campaign);
  const urls = await urlClicks(client, ref);
  const links: VendorLink[] = [];
  for (const url of urls)
    links.push({
      id: linkId(url.Url),
      url: url.Url,
      clicks: url.Count ?? 0,
      uniqueClicks: await clickerCount(client, ref, url.Url),
    });
  return links;
}

/** Who clicked one of the message's links (by the id `listLinks` gave it), with their clicks. */
export async function listClickers(
  client: MailupClient,
  campaign: string,
  link: string,
): Promise<Array<{ email: string; clicks: number }>> {
  const ref = messageRef(campaign);
  const url = (await urlClicks(client, ref)).find((candidate) => linkId(candidate.Url) === link)?.Url;
  if (url === undefined)
    throw new ConnectorError(
      ConnectorErrorCode.NOT_FOUND,
      `MailUp message ${ref.messageId} has no link ${link}`,
    );
  return clickers(client, ref, url);
}

/** The URL's click details are one item per recipient: their number is its distinct clickers. */
async function clickerCount(client: MailupClient, ref: MessageRef, url: string): Promise<number> {
  const expression = equals('Url', url);
  if (!expression) return (await clickers(client, ref, url)).length;
  const page = await client.statisticsPage<UrlClickDetail>(
    `${messagePath(ref.messageId)}/List/UrlClickDetails`,
    { filterby: filterBy(expression) },
    0,
    1,
  );
  return page.TotalElementsCount;
}

async function clickers(
  client: MailupClient,
  ref: MessageRef,
  url: string,
): Promise<Array<{ email: string; clicks: number }>> {
  const expression = equals('Url', url);
  const details = await client.statisticsAll<UrlClickDetail>(
    `${messagePath(ref.messageId)}/List/UrlClickDetails`,
    expression ? { filterby: filterBy(expression) } : {},
  );
  const byEmail = new Map<string, number>();
  for (const detail of details) {
    if (detail.Url !== undefined && detail.Url !== url) continue;
    const email = normalEmail(detail.Email);
    byEmail.set(email, (byEmail.get(email) ?? 0) + Math.max(1, detail.Count ?? 1));
  }
  return [...byEmail].map(([email, clicks]) => ({ email, clicks }));
}
