import {
  ConnectorError,
  ConnectorErrorCode,
  type VendorEvent,
  type VendorEventType,
} from '@crm/connector-sdk';
import { subscriberHash } from '../mailchimp-client';

/** The list events the connector registers for (campaign events come from reports instead). */
export const WEBHOOK_EVENTS = {
  subscribe: true,
  unsubscribe: true,
  profile: true,
  cleaned: true,
  upemail: true,
  campaign: false,
};

/** Changes made by people (the subscriber, the account's users); never our own API writes. */
export const WEBHOOK_SOURCES = { user: true, admin: true, api: false };

const TYPES: Record<string, VendorEventType> = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  profile: 'profile',
  upemail: 'upemail',
  cleaned: 'cleaned',
  campaign: 'campaign',
};

type Form = Record<string, unknown>;

/**
 * `data[merges][FNAME]`-style keys as nested objects: Express parses forms with qs (nested) or
 * flat depending on its settings, and Mailchimp's form must read the same either way.
 */
function nest(form: Form): Form {
  const nested: Form = {};
  for (const [key, value] of Object.entries(form)) {
    const path = key.match(/[^[\]]+/g) ?? [key];
    let node = nested;
    path.forEach((part, index) => {
      if (index === path.length - 1) {
        node[part] =
          value && typeof value === 'object' && !Array.isArray(value) ? nest(value as Form) : value;
      } else {
        node[part] = (node[part] as Form | undefined) ?? {};
        node = node[part] as Form;
      }
    });
  }
  return nested;
}

/** `YYYY-MM-DD HH:MM:SS`, UTC, as Mailchimp writes `fired_at`. */
function firedAt(text: unknown): Date {
  const date = typeof text === 'string' ? new Date(`${text.replace(' ', 'T')}Z`) : new Date(NaN);
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** One Mailchimp webhook POST (form-encoded) as vendor events; a malformed one is a VALIDATION error. */
export function parseWebhookForm(body: unknown): VendorEvent[] {
  if (!body || typeof body !== 'object')
    throw new ConnectorError(ConnectorErrorCode.VALIDATION, 'Expected a form-encoded Mailchimp webhook');
  const form = nest(body as Form);
  const type = TYPES[String(form.type)];
  if (!type)
    throw new ConnectorError(ConnectorErrorCode.VALIDATION, `Unknown webhook type "${String(form.type)}"`, {
      field: 'type',
    });
  const data = (form.data ?? {}) as Form;
  const listId = text(data.list_id);
  // upemail names the addresses old_email/new_email; the others name it email.
  const email = text(data.email) ?? text(data.old_email);
  if (!listId || (type !== 'campaign' && !email))
    throw new ConnectorError(ConnectorErrorCode.VALIDATION, 'data[list_id] and data[email] are required', {
      field: listId ? 'data[email]' : 'data[list_id]',
    });
  const merges = data.merges && typeof data.merges === 'object' ? (data.merges as Form) : undefined;
  return [
    {
      type,
      listId,
      email: (email ?? '').toLowerCase(),
      ...(text(data.new_email) ? { newEmail: text(data.new_email)!.toLowerCase() } : {}),
      // The member's id as the API names it (the address hash), not the webhook's own short id.
      ...(email ? { vendorId: subscriberHash(text(data.new_email) ?? email) } : {}),
      ...(merges ? { fields: merges } : {}),
      ...(text(data.reason) ? { reason: text(data.reason) } : {}),
      firedAt: firedAt(form.fired_at),
    },
  ];
}
