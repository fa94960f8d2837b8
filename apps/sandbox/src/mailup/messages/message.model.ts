import { escapeHtml } from '../../shared/html-page';
import { consoleDate } from '../dates';
import type { ItemType } from '../http/filter-expression';
import { MailupError } from '../http/mailup-error';
import {
  MailingList,
  MailupAccount,
  Message,
  MessageRecipient,
  nextId,
  Recipient,
  SendRecord,
} from '../state';

/**
 * Email messages of a list, their sendings and what each recipient did with them. Statistics are
 * per message over all its sendings (MailUp cannot tell sendings of one message apart).
 */

/** A guess at a typical newsletter's size, for the send history's `Kb_transferred`. */
const KB_PER_EMAIL = 24;
/** Sending speed, for the send history's end date. */
const EMAILS_PER_SECOND = 500;

export function requireMessage(account: MailupAccount, idMessage: number): Message {
  const message = account.messages[idMessage];
  if (!message) throw MailupError.notFound(`Message ${idMessage} not found`);
  return message;
}

export function requireMessageOfList(account: MailupAccount, list: MailingList, idMessage: number): Message {
  const message = requireMessage(account, idMessage);
  if (message.idList !== list.idList)
    throw MailupError.notFound(`Message ${idMessage} not found in list ${list.idList}`);
  return message;
}

export function createMessage(
  account: MailupAccount,
  list: MailingList,
  input: { subject: string; notes: string; links: string[]; senderName?: string; senderEmail?: string },
): Message {
  const message: Message = {
    idMessage: nextId(account, 'message'),
    idList: list.idList,
    subject: input.subject,
    notes: input.notes,
    senderName: input.senderName ?? account.company,
    senderEmail: input.senderEmail ?? `newsletter@${account.user.username}.sandbox.test`,
    creationDate: consoleDate(),
    links: input.links,
    sends: [],
    recipients: {},
  };
  account.messages[message.idMessage] = message;
  return message;
}

/** One sending to these recipients: each gets one more delivery, the history one more row. */
export function sendMessage(message: Message, recipients: Recipient[]): SendRecord {
  const start = new Date();
  for (const recipient of recipients) {
    const stats = (message.recipients[recipient.idRecipient] ??= {
      email: recipient.email,
      deliveries: 0,
      views: 0,
      clicks: {},
    });
    stats.deliveries++;
  }
  const seconds = Math.max(1, Math.ceil(recipients.length / EMAILS_PER_SECOND));
  const record: SendRecord = {
    startDate: consoleDate(start),
    endDate: consoleDate(new Date(start.getTime() + seconds * 1000)),
    recipients: recipients.length,
    kbTransferred: recipients.length * KB_PER_EMAIL,
  };
  message.sends.push(record);
  return record;
}

export const totalClicks = (stats: MessageRecipient) =>
  Object.values(stats.clicks).reduce((sum, count) => sum + count, 0);

export const MESSAGE_ITEM: ItemType = {
  name: 'ConsoleMessageItem',
  properties: {
    CreationDate: 'String',
    Notes: 'String',
    Subject: 'String',
    idList: 'Int32',
    idMessage: 'Int32',
    ServiceType: 'Int32',
  },
};

/** `ServiceType` 0: a newsletter (1 would be SMTP+). */
export const messageView = (message: Message) => ({
  CreationDate: message.creationDate,
  Notes: message.notes,
  Subject: message.subject,
  idList: message.idList,
  idMessage: message.idMessage,
  ServiceType: 0,
});

const contentOf = (message: Message) =>
  `<html><body><h1>${escapeHtml(message.subject)}</h1>` +
  message.links.map((link) => `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`).join('') +
  '<p><a href="[unsubscribe]">Unsubscribe</a></p></body></html>';

export const messageDetailView = (message: Message) => ({
  Attachments: [],
  Content: contentOf(message),
  Embed: true,
  Fields: [],
  Head: '',
  IsConfirmation: false,
  Notes: message.notes,
  Subject: message.subject,
  Tags: [],
  TrackingInfo: { CustomParams: '', Enabled: true, Protocols: ['http', 'https'] },
  idList: message.idList,
  idMessage: message.idMessage,
});

export const SEND_HISTORY_ITEM: ItemType = {
  name: 'ConsoleSendHistoryItem',
  properties: {
    EndDate: 'String',
    Kb_transferred: 'Int32',
    Recipients: 'Int32',
    SenderEmail: 'String',
    SenderName: 'String',
    StartDate: 'String',
    idMessage: 'Int32',
  },
};

export const sendHistoryView = (message: Message, record: SendRecord) => ({
  EndDate: record.endDate,
  Kb_transferred: record.kbTransferred,
  Recipients: record.recipients,
  SenderEmail: message.senderEmail,
  SenderName: message.senderName,
  StartDate: record.startDate,
  idMessage: message.idMessage,
});
