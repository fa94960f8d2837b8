import type { ListEvent } from '../context';
import { mergeValues } from '../members/member.model';
import type { Audience, Member } from '../state';

/**
 * The form Mailchimp POSTs to a list webhook: `type`, `fired_at` and `data[...]` fields, the
 * fields of each event type as Mailchimp's webhook documentation lists them. Built when the
 * event happens, so a retry carries what was true then.
 */

type DataKey =
  | 'action'
  | 'reason'
  | 'id'
  | 'list_id'
  | 'email'
  | 'email_type'
  | 'ip_opt'
  | 'ip_signup'
  | 'web_id'
  | 'campaign_id'
  | 'new_id'
  | 'new_email'
  | 'old_email'
  | 'subject'
  | 'status'
  | 'merges';

/** The `data[...]` keys of each event, in Mailchimp's order; `merges` expands to every merge field. */
const EVENT_FIELDS: Record<ListEvent['type'], DataKey[]> = {
  subscribe: ['id', 'list_id', 'email', 'email_type', 'ip_opt', 'ip_signup', 'web_id', 'merges'],
  unsubscribe: [
    'action',
    'reason',
    'id',
    'list_id',
    'email',
    'email_type',
    'ip_opt',
    'web_id',
    'campaign_id',
    'merges',
  ],
  profile: ['id', 'list_id', 'email', 'email_type', 'ip_opt', 'web_id', 'merges'],
  upemail: ['list_id', 'new_id', 'new_email', 'old_email'],
  cleaned: ['list_id', 'campaign_id', 'reason', 'email'],
  campaign: ['id', 'subject', 'status', 'reason', 'list_id'],
};

/** What Mailchimp reports when the change did not say otherwise. */
const EVENT_DEFAULTS: Partial<Record<ListEvent['type'], Partial<Record<DataKey, string>>>> = {
  unsubscribe: { action: 'unsub', reason: 'manual' },
  cleaned: { reason: 'hard' },
};

/** `YYYY-MM-DD HH:MM:SS` in UTC, as Mailchimp writes `fired_at`. */
export const firedAt = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ');

export function webhookForm(event: ListEvent, at: Date): URLSearchParams {
  const form = new URLSearchParams({ type: event.type, fired_at: firedAt(at) });
  const given = event.data ?? {};
  const defaults = EVENT_DEFAULTS[event.type] ?? {};
  const fields = EVENT_FIELDS[event.type];
  for (const key of fields) {
    if (key === 'merges') {
      if (event.member) appendMerges(form, event.list, event.member);
      continue;
    }
    const value = given[key] ?? memberField(key, event.list, event.member) ?? defaults[key] ?? '';
    form.append(`data[${key}]`, value);
  }
  // Anything else the change reported travels too (e.g. a campaign's extra details).
  for (const [key, value] of Object.entries(given))
    if (!fields.includes(key as DataKey)) form.append(`data[${key}]`, value);
  return form;
}

function memberField(key: DataKey, list: Audience, member: Member | undefined): string | undefined {
  if (key === 'list_id') return list.id;
  if (!member) return undefined;
  switch (key) {
    case 'id':
    case 'new_id':
      // Webhooks identify the contact by its unique email id, not the subscriber hash.
      return member.unique_email_id;
    case 'email':
    case 'new_email':
      return member.email_address;
    case 'email_type':
      return member.email_type;
    case 'ip_opt':
      return member.ip_opt;
    case 'ip_signup':
      return member.ip_signup;
    case 'web_id':
      return String(member.web_id);
    default:
      return undefined;
  }
}

/** `data[merges][EMAIL]`, then every merge field of the audience; addresses as nested keys. */
function appendMerges(form: URLSearchParams, list: Audience, member: Member): void {
  form.append('data[merges][EMAIL]', member.email_address);
  for (const [tag, value] of Object.entries(mergeValues(list, member))) {
    if (value && typeof value === 'object')
      for (const [part, text] of Object.entries(value as Record<string, unknown>))
        form.append(`data[merges][${tag}][${part}]`, String(text ?? ''));
    else form.append(`data[merges][${tag}]`, String(value ?? ''));
  }
}
