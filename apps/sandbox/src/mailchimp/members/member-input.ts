import { isIP } from 'node:net';
import { typeName } from '../api/lists.routes';
import { MailchimpProblem } from '../http/problem';
import type { MemberStatus } from '../state';

/**
 * The member body of POST/PUT/PATCH /lists/{list_id}/members and of batch subscribe, checked
 * against the shape Mailchimp's schema describes. Fields the schema does not know are ignored,
 * as Mailchimp does (which is why `tags` on PUT/PATCH silently changes nothing).
 */

export type WritableStatus = Exclude<MemberStatus, 'archived'>;

/** The statuses POST, PUT and batch subscribe accept; PATCH does not take `transactional`. */
export const WRITABLE_STATUSES: readonly WritableStatus[] = [
  'subscribed',
  'unsubscribed',
  'cleaned',
  'pending',
  'transactional',
];
const PATCHABLE_STATUSES = WRITABLE_STATUSES.filter((status) => status !== 'transactional');

export interface MemberInput {
  email_address?: string;
  status?: WritableStatus;
  status_if_new?: WritableStatus;
  email_type?: 'html' | 'text';
  merge_fields?: Record<string, unknown>;
  interests?: Record<string, boolean>;
  language?: string;
  vip?: boolean;
  ip_signup?: string;
  ip_opt?: string;
  timestamp_signup?: string;
  timestamp_opt?: string;
  unsubscribe_reason?: string;
  /** Only POST (create) and batch subscribe take tags. */
  tags?: string[];
}

/** Which endpoint the body is for: decides the required fields, the statuses and `tags`. */
export type MemberWrite = 'create' | 'upsert' | 'update' | 'batch';

type FieldError = { field: string; message: string };

export const schemaMessage = (expected: string, value: unknown) =>
  `Schema describes ${expected}, ${typeName(value)} found instead`;

export const oneOfMessage = (choices: readonly string[]) => `Value must be one of: ${choices.join(', ')}`;

/** Reads and checks a member body; throws 400 Invalid Resource naming every bad field. */
export function readMemberInput(body: unknown, write: MemberWrite): MemberInput {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw MailchimpProblem.field('(root)', schemaMessage('object', body));
  const raw = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const input: MemberInput = {};

  const text = (key: keyof MemberInput, required = false): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) {
      if (required) errors.push({ field: key, message: schemaMessage('string', value) });
      return undefined;
    }
    if (typeof value !== 'string') {
      errors.push({ field: key, message: schemaMessage('string', value) });
      return undefined;
    }
    return value;
  };
  const oneOf = <T extends string>(key: keyof MemberInput, choices: readonly T[], required = false) => {
    const value = text(key, required);
    if (value === undefined) return undefined;
    if (!choices.includes(value as T)) {
      errors.push({ field: key, message: oneOfMessage(choices) });
      return undefined;
    }
    return value as T;
  };
  const flag = (key: 'vip') => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') errors.push({ field: key, message: schemaMessage('boolean', value) });
    return value === true;
  };

  input.email_address = text('email_address', write === 'create' || write === 'batch');
  const statuses = write === 'update' ? PATCHABLE_STATUSES : WRITABLE_STATUSES;
  input.status = oneOf('status', statuses, write === 'create');
  if (write === 'upsert') input.status_if_new = oneOf('status_if_new', WRITABLE_STATUSES);
  input.email_type = oneOf('email_type', ['html', 'text'] as const);
  input.language = text('language');
  input.unsubscribe_reason = text('unsubscribe_reason');
  input.vip = flag('vip');
  for (const key of ['ip_signup', 'ip_opt'] as const) {
    const value = text(key);
    if (value !== undefined && value !== '' && isIP(value) === 0)
      errors.push({ field: key, message: 'This value is not a valid IPv4 or IPv6 address.' });
    else input[key] = value;
  }
  for (const key of ['timestamp_signup', 'timestamp_opt'] as const) {
    const value = text(key);
    if (value !== undefined && value !== '' && Number.isNaN(Date.parse(value)))
      errors.push({ field: key, message: 'This value is not a valid ISO 8601 date-time.' });
    else input[key] = value;
  }
  if (raw.merge_fields !== undefined) {
    if (isRecord(raw.merge_fields)) input.merge_fields = raw.merge_fields;
    else errors.push({ field: 'merge_fields', message: schemaMessage('object', raw.merge_fields) });
  }
  if (raw.interests !== undefined) {
    if (isRecord(raw.interests) && Object.values(raw.interests).every((v) => typeof v === 'boolean'))
      input.interests = raw.interests as Record<string, boolean>;
    else errors.push({ field: 'interests', message: 'Schema describes object of boolean values' });
  }
  if ((write === 'create' || write === 'batch') && raw.tags !== undefined) {
    if (Array.isArray(raw.tags) && raw.tags.every((tag) => typeof tag === 'string' && tag.trim() !== ''))
      input.tags = raw.tags as string[];
    else errors.push({ field: 'tags', message: 'Schema describes array of non-empty strings' });
  }
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  return input;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

const EMAIL =
  /^[^\s@"(),:;<>[\]\\]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/i;

/**
 * Addresses Mailchimp refuses as placeholders. Mailchimp's real list is unpublished and larger
 * (role and blocked addresses too); the sandbox knows only these obvious ones, plus any malformed
 * address.
 */
export const FAKE_ADDRESSES: readonly string[] = [
  'test@test.com',
  'test@example.com',
  'example@example.com',
  'email@email.com',
  'asdf@asdf.com',
  'fake@fake.com',
  'noemail@noemail.com',
];

/** 400 Invalid Resource "<email> looks fake or invalid…" for malformed or placeholder addresses. */
export function assertRealAddress(email: string): void {
  const address = email.trim().toLowerCase();
  if (!EMAIL.test(address) || address.includes('..') || FAKE_ADDRESSES.includes(address))
    throw MailchimpProblem.invalidResource(
      `${email} looks fake or invalid, please enter a real email address.`,
    );
}
