import { optinDate } from '../dates';
import type { ItemType } from '../http/filter-expression';
import { MailupError } from '../http/mailup-error';
import { MailingList, MailupAccount, nextId, OptoutType, Recipient, Subscription } from '../state';
import type { RecipientInput } from './recipient-input';

/**
 * Recipients are account-wide (email and mobile number are keys: one recipient per address
 * across lists); their status is per list. These are the rules every route and the control API
 * share.
 */

/** Email → recipient id, per account: built on first use (after a restart too), kept in step by `setEmail`. */
const emailIndexes = new WeakMap<MailupAccount, Map<string, number>>();

function emailIndex(account: MailupAccount): Map<string, number> {
  let index = emailIndexes.get(account);
  if (!index) {
    index = new Map(Object.values(account.recipients).map((r) => [r.email.toLowerCase(), r.idRecipient]));
    emailIndexes.set(account, index);
  }
  return index;
}

export function findByEmail(account: MailupAccount, email: string): Recipient | undefined {
  const id = emailIndex(account).get(email.toLowerCase());
  return id === undefined ? undefined : account.recipients[id];
}

export function requireRecipient(account: MailupAccount, idRecipient: number): Recipient {
  const recipient = account.recipients[idRecipient];
  if (!recipient) throw MailupError.notFound(`Recipient ${idRecipient} not found`);
  return recipient;
}

export function requireRecipientByEmail(account: MailupAccount, email: string, field = 'email'): Recipient {
  const recipient = findByEmail(account, email);
  if (!recipient) throw MailupError.notFound(`${field}: no recipient ${email} in this account`);
  return recipient;
}

const mobileKey = (prefix?: string | null, number?: string | null) =>
  number ? `${prefix ?? ''}${number}` : '';

function findByMobile(account: MailupAccount, prefix?: string, number?: string): Recipient | undefined {
  const key = mobileKey(prefix, number);
  if (!key) return undefined;
  return Object.values(account.recipients).find((r) => mobileKey(r.mobilePrefix, r.mobileNumber) === key);
}

export function setEmail(account: MailupAccount, recipient: Recipient, email: string): void {
  const index = emailIndex(account);
  index.delete(recipient.email.toLowerCase());
  recipient.email = email;
  index.set(email.toLowerCase(), recipient.idRecipient);
}

/** Name, mobile and the given dynamic fields; `clearMissing` empties the fields not given. */
export function applyDetails(recipient: Recipient, input: RecipientInput, clearMissing = false): void {
  if (input.name !== undefined) recipient.name = input.name;
  if (input.mobileNumber !== undefined) recipient.mobileNumber = input.mobileNumber;
  if (input.mobilePrefix !== undefined) recipient.mobilePrefix = input.mobilePrefix;
  if (clearMissing) recipient.fields = {};
  for (const field of input.fields ?? []) recipient.fields[field.Id] = field.Value;
}

/** The input's mobile number may not belong to another recipient than `recipient` ("key mismatch"). */
export function assertMobileFree(
  account: MailupAccount,
  recipient: Recipient | undefined,
  input: RecipientInput,
  email: string,
): void {
  const byMobile = findByMobile(account, input.mobilePrefix, input.mobileNumber);
  if (byMobile && byMobile !== recipient)
    throw MailupError.badRequest(
      `MobileNumber: ${input.mobileNumber} belongs to another recipient than ${email} (key mismatch)`,
    );
}

/**
 * The recipient with this email, created when the account has none, with the input's details.
 * An email and a mobile number that belong to two different recipients are refused ("key
 * mismatch"), as MailUp does.
 */
export function upsertRecipient(
  account: MailupAccount,
  email: string,
  input: RecipientInput,
  clearMissing = false,
): { recipient: Recipient; created: boolean } {
  const byEmail = findByEmail(account, email);
  assertMobileFree(account, byEmail, input, email);
  if (byEmail) {
    applyDetails(byEmail, input, clearMissing);
    return { recipient: byEmail, created: false };
  }
  const recipient: Recipient = {
    idRecipient: nextId(account, 'recipient'),
    email,
    name: '',
    mobileNumber: null,
    mobilePrefix: null,
    fields: {},
  };
  applyDetails(recipient, input);
  account.recipients[recipient.idRecipient] = recipient;
  emailIndex(account).set(email.toLowerCase(), recipient.idRecipient);
  return { recipient, created: true };
}

const freshSubscription = (): Subscription => ({
  status: 'OPTIN',
  optinDate: '',
  optinRequestDate: '',
  optoutDate: '',
  optoutType: null,
  optoutMessageId: null,
});

function subscriptionIn(list: MailingList, recipient: Recipient): Subscription {
  return (list.subscriptions[recipient.idRecipient] ??= freshSubscription());
}

export function optOut(
  list: MailingList,
  recipient: Recipient,
  type: OptoutType,
  idMessage: number | null = null,
): void {
  const subscription = subscriptionIn(list, recipient);
  if (subscription.status === 'OPTOUT' && type !== 'bounce') return;
  Object.assign(subscription, {
    status: 'OPTOUT',
    optoutDate: optinDate(),
    optoutType: type,
    optoutMessageId: idMessage ?? subscription.optoutMessageId,
  });
}

function optIn(subscription: Subscription): void {
  Object.assign(subscription, {
    status: 'OPTIN',
    optinDate: optinDate(),
    optoutDate: '',
    optoutType: null,
    optoutMessageId: null,
  });
}

/**
 * Adds the recipient to the list as a plain add does (sync add, import, group add): someone new
 * to the list is subscribed (pending with `confirm`, i.e. double opt-in); anyone the list knows
 * keeps their status, so an unsubscribe or a pending confirmation is never overridden. A
 * hard-bounced address joins unsubscribed.
 */
export function addToList(list: MailingList, recipient: Recipient, confirm = false): void {
  if (list.subscriptions[recipient.idRecipient]) return;
  if (recipient.bouncedAt) return optOut(list, recipient, 'bounce');
  const subscription = subscriptionIn(list, recipient);
  if (confirm) Object.assign(subscription, { status: 'PENDING', optinRequestDate: optinDate() });
  else optIn(subscription);
}

/** An explicit (re)subscribe: subscribed whatever the status, except after a hard bounce. */
export function forceSubscribe(list: MailingList, recipient: Recipient): boolean {
  if (recipient.bouncedAt) return false;
  optIn(subscriptionIn(list, recipient));
  return true;
}

/** A hard bounce: unsubscribed from every list of the account, for good. */
export function hardBounce(account: MailupAccount, recipient: Recipient): number[] {
  recipient.bouncedAt ??= optinDate();
  const lists = Object.values(account.lists).filter((list) => list.subscriptions[recipient.idRecipient]);
  for (const list of lists) optOut(list, recipient, 'bounce');
  return lists.map((list) => list.idList);
}

/** Out of the list altogether (no status kept), and out of its groups. */
export function removeFromList(list: MailingList, recipient: Recipient): void {
  delete list.subscriptions[recipient.idRecipient];
  for (const group of Object.values(list.groups))
    group.members = group.members.filter((id) => id !== recipient.idRecipient);
}

export const RECIPIENT_ITEM: ItemType = {
  name: 'ConsoleRecipientItem',
  properties: {
    Fields: 'Collection',
    Name: 'String',
    idRecipient: 'Int32',
    Email: 'String',
    MobileNumber: 'String',
    MobilePrefix: 'String',
  },
};

/** A ConsoleRecipientItem: every dynamic field of the account, empty ones as "". */
export const recipientView = (account: MailupAccount, recipient: Recipient) => ({
  Fields: account.fields.map((field) => ({
    Description: field.Description,
    Id: field.Id,
    Value: recipient.fields[field.Id] ?? '',
  })),
  Name: recipient.name,
  idRecipient: recipient.idRecipient,
  Email: recipient.email,
  MobileNumber: recipient.mobileNumber,
  MobilePrefix: recipient.mobilePrefix,
});

export const EMAIL_OPTIN_ITEM: ItemType = {
  name: 'ConsoleEmailOptinItem',
  properties: {
    Email: 'String',
    Optin_Date: 'String',
    Optin_Request_Date: 'String',
    Optin_Request_IP: 'String',
    Optout_Date: 'String',
    Optout_MsgID: 'Int32',
    Optout_Subtype: 'String',
    Optout_Type: 'String',
    Status: 'String',
    idRecipient: 'Int32',
  },
};

export const emailOptinView = (recipient: Recipient, subscription: Subscription) => ({
  Email: recipient.email,
  Optin_Date: subscription.optinDate,
  Optin_Request_Date: subscription.optinRequestDate,
  Optin_Request_IP: null,
  Optout_Date: subscription.optoutDate,
  Optout_MsgID: subscription.optoutMessageId,
  Optout_Subtype: subscription.optoutType === 'bounce' ? 'hard' : null,
  Optout_Type: subscription.optoutType,
  Status: subscription.status,
  idRecipient: recipient.idRecipient,
});
