import type { MemberStatus, VendorMember } from '@crm/connector-sdk';

/** A list member as Mailchimp answers it (the fields the connector reads). */
export interface MailchimpMember {
  id: string;
  email_address: string;
  /** The address' id across Mailchimp (what webhooks call `data[id]`). */
  unique_email_id?: string;
  /** The member's id in Mailchimp's web app (its page there). */
  web_id?: number;
  status: string;
  merge_fields?: Record<string, unknown>;
  tags?: Array<{ id?: number; name: string }>;
  last_changed?: string;
}

const STATUSES: ReadonlySet<string> = new Set([
  'subscribed',
  'unsubscribed',
  'cleaned',
  'pending',
  'archived',
  'transactional',
]);

export function toMemberStatus(status: string): MemberStatus {
  return (STATUSES.has(status) ? status : 'archived') as MemberStatus;
}

export function toVendorMember(member: MailchimpMember, dataCenter: string): VendorMember {
  return {
    vendorId: member.id,
    email: member.email_address.toLowerCase(),
    status: toMemberStatus(member.status),
    fields: { EMAIL: member.email_address, ...(member.merge_fields ?? {}) },
    tags: (member.tags ?? []).map((tag) => tag.name),
    changedAt: member.last_changed ? new Date(member.last_changed) : undefined,
    recordFields: memberRecordFields(member, dataCenter),
  };
}

/**
 * The manifest's record fields for a member: its Mailchimp id, and its page in Mailchimp's web
 * app, which lives on the account's data-center host.
 */
export function memberRecordFields(member: MailchimpMember, dataCenter: string): Record<string, string> {
  return {
    ...(member.unique_email_id ? { mailchimp_id: member.unique_email_id } : {}),
    ...(member.web_id && /^[a-z]+\d+$/.test(dataCenter)
      ? { mailchimp_url: `https://${dataCenter}.admin.mailchimp.com/lists/members/view?id=${member.web_id}` }
      : {}),
  };
}

/**
 * A CRM value as a merge field takes it: empty is "" (Mailchimp clears a field with an empty
 * string, not null), dates as YYYY-MM-DD, everything else as given (addresses stay objects).
 */
export function toMergeValue(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return value;
}

/** Mapped fields as `merge_fields`; EMAIL is the member's address, never a merge field. */
export function toMergeFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([key]) => key !== 'EMAIL')
      .map(([key, value]) => [key, toMergeValue(value)]),
  );
}
