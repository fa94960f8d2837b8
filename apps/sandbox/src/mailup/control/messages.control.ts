import type { Router } from 'express';
import type { MailupContext } from '../context';
import { MailupError } from '../http/mailup-error';
import { pathId } from '../http/query';
import { requireList } from '../lists/list.model';
import { type Activity, recordActivity } from '../messages/message-activity';
import { createMessage, requireMessage, sendMessage, totalClicks } from '../messages/message.model';
import { requireRecipientByEmail } from '../recipients/recipient.model';
import type { MailupAccount, Message, Recipient } from '../state';
import {
  accountNamed,
  Body,
  bodyOf,
  optionalBoolean,
  optionalInteger,
  optionalText,
  requiredInteger,
  requiredText,
} from './control-input';

function stringArray(body: Body, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw MailupError.badRequest(`${key}: must be an array of strings`);
  return value.map((item, index) => {
    if (typeof item !== 'string' || !item.trim())
      throw MailupError.badRequest(`${key}[${index}]: must be a non-empty string`);
    return item.trim();
  });
}

/** `{email, views?, clicks?: [{url, count}], bounce?, unsubscribe?}`, clicks on the message's own links. */
function readActivity(body: Body, message: Message): Activity {
  const clicks = body.clicks ?? [];
  if (!Array.isArray(clicks)) throw MailupError.badRequest('clicks: must be an array of {url, count}');
  const activity: Activity = {
    views: optionalInteger(body, 'views', 0) ?? 0,
    clicks: clicks.map((click: unknown, index) => {
      const at = `clicks[${index}]`;
      if (typeof click !== 'object' || click === null)
        throw MailupError.badRequest(`${at}: must be {url, count}`);
      const { url, count = 1 } = click as { url?: unknown; count?: unknown };
      if (typeof url !== 'string' || !message.links.includes(url))
        throw MailupError.badRequest(`${at}.url: not a link of message ${message.idMessage}`);
      if (!Number.isSafeInteger(count) || (count as number) < 1)
        throw MailupError.badRequest(`${at}.count: must be an integer of at least 1`);
      return { url, count: count as number };
    }),
    bounce: optionalBoolean(body, 'bounce') ?? false,
    unsubscribe: optionalBoolean(body, 'unsubscribe') ?? false,
  };
  if (!activity.views && !activity.clicks.length && !activity.bounce && !activity.unsubscribe)
    throw MailupError.badRequest('views: give views, clicks, bounce or unsubscribe');
  return activity;
}

/** The recipients a sending goes to: the list's subscribers, or those of them the emails name. */
function audienceOf(account: MailupAccount, message: Message, emails: string[] | undefined): Recipient[] {
  const list = requireList(account, message.idList);
  const subscribed = (recipient: Recipient) => list.subscriptions[recipient.idRecipient]?.status === 'OPTIN';
  if (!emails)
    return Object.keys(list.subscriptions)
      .map((id) => account.recipients[id])
      .filter(subscribed);
  return emails
    .map((email, index) => requireRecipientByEmail(account, email, `emails[${index}]`))
    .filter(subscribed);
}

/**
 * Messages as the MailUp console makes and sends them, and what recipients then do: open the
 * email, click its links, bounce, unsubscribe. The statistics service reports all of it.
 */
export function messageControl(router: Router, context: MailupContext): void {
  router.post('/accounts/:username/messages', (req, res) => {
    const account = accountNamed(context, req);
    const body = bodyOf(req);
    const list = requireList(account, requiredInteger(body, 'idList', 1));
    const message = createMessage(account, list, {
      subject: requiredText(body, 'subject'),
      notes: optionalText(body, 'notes') ?? '',
      links: stringArray(body, 'links') ?? [],
      senderName: optionalText(body, 'senderName'),
      senderEmail: optionalText(body, 'senderEmail'),
    });
    context.changed();
    res.status(201).json({ idMessage: message.idMessage });
  });

  // `{emails?}`: sent to every subscriber of the list, or to the named ones who are subscribed.
  router.post('/accounts/:username/messages/:idMessage/send', (req, res) => {
    const account = accountNamed(context, req);
    const message = requireMessage(account, pathId(req, 'idMessage'));
    const recipients = audienceOf(account, message, stringArray(bodyOf(req), 'emails'));
    const record = sendMessage(message, recipients);
    context.changed();
    res.json({ idMessage: message.idMessage, recipients: record.recipients, startDate: record.startDate });
  });

  router.post('/accounts/:username/messages/:idMessage/activity', (req, res) => {
    const account = accountNamed(context, req);
    const message = requireMessage(account, pathId(req, 'idMessage'));
    const body = bodyOf(req);
    const recipient = requireRecipientByEmail(account, requiredText(body, 'email'));
    const stats = message.recipients[recipient.idRecipient];
    if (!stats)
      throw MailupError.badRequest(`email: ${recipient.email} did not receive message ${message.idMessage}`);
    recordActivity(account, message, recipient, stats, readActivity(body, message));
    context.changed();
    res.json({
      idMessage: message.idMessage,
      idRecipient: recipient.idRecipient,
      views: stats.views,
      clicks: totalClicks(stats),
      bounced: !!stats.bouncedAt,
      unsubscribed: !!stats.unsubscribedAt,
    });
  });
}
