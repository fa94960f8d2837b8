import { MailchimpProblem } from '../http/problem';
import {
  Audience,
  Member,
  MemberStatus,
  newContactId,
  newUniqueEmailId,
  nextNumber,
  now,
  SandboxAccount,
  subscriberHash,
} from '../state';

/**
 * Members as every part of the sandbox sees them: found by subscriber hash, address or contact
 * id (as Mailchimp's member paths accept), created, and shown in Mailchimp's response shape.
 * The rules for changing them live with the member routes.
 */

export function findMember(list: Audience, idOrEmail: string): Member | undefined {
  const key = idOrEmail.toLowerCase();
  if (list.members[key]) return list.members[key];
  if (key.includes('@')) return list.members[subscriberHash(key)];
  return Object.values(list.members).find((member) => member.contact_id === key);
}

/** A member the caller may act on; 404 when unknown or permanently deleted. */
export function requireMember(list: Audience, idOrEmail: string): Member {
  const member = findMember(list, idOrEmail);
  if (!member) throw MailchimpProblem.notFound();
  return member;
}

export const isForgotten = (list: Audience, email: string) => list.forgotten.includes(subscriberHash(email));

export function newMember(
  account: SandboxAccount,
  list: Audience,
  input: {
    email: string;
    status: MemberStatus;
    mergeFields?: Record<string, unknown>;
    source?: string;
    ip?: string;
  },
): Member {
  const email = input.email.toLowerCase();
  const at = now();
  const member: Member = {
    id: subscriberHash(email),
    email_address: email,
    unique_email_id: newUniqueEmailId(),
    contact_id: newContactId(),
    web_id: nextNumber(account),
    email_type: 'html',
    status: input.status,
    merge_fields: { ...(input.mergeFields ?? {}) },
    interests: {},
    language: '',
    vip: false,
    ip_signup: input.ip ?? '',
    timestamp_signup: at,
    ip_opt: input.ip ?? '',
    timestamp_opt: input.status === 'subscribed' ? at : '',
    last_changed: at,
    source: input.source ?? 'API - Generic',
    activity: [],
  };
  list.members[member.id] = member;
  return member;
}

/** The tags (static segments created as tags) a member carries. */
export function memberTags(list: Audience, member: Member): Array<{ id: number; name: string }> {
  return Object.values(list.segments)
    .filter((segment) => segment.isTag && segment.members.includes(member.id))
    .map((segment) => ({ id: segment.id, name: segment.name }));
}

/** Merge fields as Mailchimp answers them: every field of the audience, empty when unset. */
export function mergeValues(list: Audience, member: Member): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of list.mergeFields) {
    const value = member.merge_fields[field.tag];
    values[field.tag] = value ?? (field.type === 'number' ? '' : '');
  }
  return values;
}

/** Date-time fields are left out while empty: the spec types them as date-time, and "" is not one. */
const dateTime = (key: string, value: string) => (value ? { [key]: value } : {});

/** Changes a member's address, which changes its subscriber hash (and so its key everywhere). */
export function renameMember(list: Audience, member: Member, email: string): void {
  const oldId = member.id;
  const newId = subscriberHash(email);
  delete list.members[oldId];
  member.id = newId;
  member.email_address = email.toLowerCase();
  member.unique_email_id = newUniqueEmailId();
  list.members[newId] = member;
  for (const segment of Object.values(list.segments))
    segment.members = segment.members.map((id) => (id === oldId ? newId : id));
}

/** Permanently deletes a member; its address may never be imported again. */
export function forgetMember(list: Audience, member: Member): void {
  delete list.members[member.id];
  for (const segment of Object.values(list.segments))
    segment.members = segment.members.filter((id) => id !== member.id);
  if (!list.forgotten.includes(member.id)) list.forgotten.push(member.id);
}

/** A member in the shape of `GET /lists/{list_id}/members/{subscriber_hash}`. */
export function memberView(list: Audience, member: Member) {
  const tags = memberTags(list, member);
  const fname = String(member.merge_fields.FNAME ?? '');
  const lname = String(member.merge_fields.LNAME ?? '');
  const opens = member.activity.filter((a) => a.action === 'open').length;
  const clicks = member.activity.filter((a) => a.action === 'click').length;
  const sent = Math.max(1, member.activity.filter((a) => a.action === 'sent').length);
  return {
    id: member.id,
    email_address: member.email_address,
    unique_email_id: member.unique_email_id,
    contact_id: member.contact_id,
    full_name: `${fname} ${lname}`.trim(),
    web_id: member.web_id,
    email_type: member.email_type,
    status: member.status,
    ...(member.unsubscribe_reason ? { unsubscribe_reason: member.unsubscribe_reason } : {}),
    consents_to_one_to_one_messaging: true,
    merge_fields: mergeValues(list, member),
    interests: member.interests,
    stats: {
      avg_open_rate: Math.min(1, opens / sent),
      avg_click_rate: Math.min(1, clicks / sent),
    },
    ip_signup: member.ip_signup,
    ...dateTime('timestamp_signup', member.timestamp_signup),
    ip_opt: member.ip_opt,
    ...dateTime('timestamp_opt', member.timestamp_opt),
    member_rating: 2,
    ...dateTime('last_changed', member.last_changed),
    language: member.language,
    vip: member.vip,
    email_client: '',
    location: { latitude: 0, longitude: 0, gmtoff: 0, dstoff: 0, country_code: '', timezone: '', region: '' },
    source: member.source,
    tags_count: tags.length,
    tags: tags.slice(0, 50),
    list_id: list.id,
    _links: [],
  };
}
