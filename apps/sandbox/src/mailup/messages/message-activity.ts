import { consoleDate } from '../dates';
import { hardBounce, optOut } from '../recipients/recipient.model';
import type { MailupAccount, Message, MessageRecipient, Recipient } from '../state';

export interface Activity {
  views: number;
  clicks: Array<{ url: string; count: number }>;
  bounce: boolean;
  unsubscribe: boolean;
}

/**
 * What a recipient did with a message they received: opens (views), clicks on its links (a click
 * implies the email was opened), a hard bounce (unsubscribed from every list, as MailUp does) or
 * the unsubscribe link (out of the message's list, the opt-out naming the message).
 */
export function recordActivity(
  account: MailupAccount,
  message: Message,
  recipient: Recipient,
  stats: MessageRecipient,
  activity: Activity,
): void {
  stats.views += activity.views;
  for (const click of activity.clicks) stats.clicks[click.url] = (stats.clicks[click.url] ?? 0) + click.count;
  if (activity.clicks.length && stats.views === 0) stats.views = 1;
  if (activity.bounce) {
    stats.bouncedAt ??= consoleDate();
    hardBounce(account, recipient);
  }
  const list = account.lists[message.idList];
  if (activity.unsubscribe && list) {
    stats.unsubscribedAt ??= consoleDate();
    optOut(list, recipient, 'link', message.idMessage);
  }
}
