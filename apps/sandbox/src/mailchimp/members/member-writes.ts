import type { ListEvent, SandboxContext } from '../context';
import { MailchimpProblem } from '../http/problem';
import { type Audience, type Member, now, type SandboxAccount, subscriberHash } from '../state';
import { assertRealAddress, type MemberInput, schemaMessage, type WritableStatus } from './member-input';
import { changeStatus, nextStatus, type StatusRequest } from './member-rules';
import { addTag } from './member-tags';
import { findMember, isForgotten, newMember, renameMember } from './member.model';
import { resolveMergeValues } from './merge-validation';

/**
 * Member creation and change as every API path does them (POST, PUT, PATCH, batch subscribe):
 * everything is checked before anything changes, then the change is applied, `last_changed`
 * moves, and the list events go out with source `api`.
 */

export interface WriteScope {
  context: SandboxContext;
  account: SandboxAccount;
  list: Audience;
  /** `skip_merge_validation`: required merge fields may be missing. */
  skipMergeValidation: boolean;
}

export function memberExistsProblem(email: string): MailchimpProblem {
  return new MailchimpProblem(
    400,
    'Member Exists',
    `${email} is already a list member. Use PUT to insert or update list members.`,
  );
}

export function forgottenProblem(email: string): MailchimpProblem {
  return new MailchimpProblem(
    400,
    'Forgotten Email Not Subscribed',
    `${email} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`,
  );
}

/** Whether a member path (hash or address) names a permanently deleted contact. */
export function isForgottenPath(list: Audience, idOrEmail: string): boolean {
  const key = idOrEmail.toLowerCase();
  return list.forgotten.includes(key.includes('@') ? subscriberHash(key) : key);
}

/** An address a new or renamed member may take: real, never permanently deleted, not taken. */
function assertAvailableAddress(list: Audience, email: string): void {
  assertRealAddress(email);
  if (isForgotten(list, email)) throw forgottenProblem(email);
  if (findMember(list, email)) throw memberExistsProblem(email);
}

function announce(scope: WriteScope, type: ListEvent['type'], member: Member, data?: Record<string, string>) {
  scope.context.emit({ type, source: 'api', account: scope.account, list: scope.list, member, data });
}

/** The profile fields a write may set besides address, status and merge fields. */
function applyProfile(member: Member, input: MemberInput): void {
  if (input.email_type) member.email_type = input.email_type;
  if (input.language !== undefined) member.language = input.language;
  if (input.vip !== undefined) member.vip = input.vip;
  if (input.interests) member.interests = { ...member.interests, ...input.interests };
  if (input.ip_signup !== undefined) member.ip_signup = input.ip_signup;
  if (input.ip_opt !== undefined) member.ip_opt = input.ip_opt;
  if (input.timestamp_signup) member.timestamp_signup = normalizeTime(input.timestamp_signup);
  if (input.timestamp_opt) member.timestamp_opt = normalizeTime(input.timestamp_opt);
}

const normalizeTime = (value: string) => new Date(value).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** Adds a contact (POST, PUT of an unknown address, batch subscribe). */
export function createMember(scope: WriteScope, input: MemberInput, status: WritableStatus): Member {
  const { account, list } = scope;
  const email = input.email_address ?? '';
  assertAvailableAddress(list, email);
  const mergeFields = resolveMergeValues(
    list,
    input.merge_fields,
    {},
    {
      isNew: true,
      skipRequired: scope.skipMergeValidation,
    },
  );
  const member = newMember(account, list, { email, status, mergeFields, ip: input.ip_signup });
  applyProfile(member, input);
  if (status === 'unsubscribed') {
    member.statusSource = 'api';
    if (input.unsubscribe_reason) member.unsubscribe_reason = input.unsubscribe_reason;
  }
  for (const tag of input.tags ?? []) addTag(account, list, member, tag);
  if (status === 'subscribed') announce(scope, 'subscribe', member);
  return member;
}

/** Changes a contact (PUT of a known address, PATCH, batch subscribe with update_existing). */
export function updateMember(
  scope: WriteScope,
  member: Member,
  input: MemberInput,
  request: StatusRequest,
): Member {
  const { list } = scope;
  const newEmail =
    input.email_address !== undefined && input.email_address.toLowerCase() !== member.email_address
      ? input.email_address
      : undefined;
  if (newEmail !== undefined) assertAvailableAddress(list, newEmail);
  const status = nextStatus(member, request);
  const mergeFields = resolveMergeValues(list, input.merge_fields, member.merge_fields, {
    isNew: false,
    skipRequired: scope.skipMergeValidation,
  });

  const before = JSON.stringify(member);
  const oldEmail = member.email_address;
  const profileChanged = differs(member.merge_fields, mergeFields);
  if (newEmail !== undefined) renameMember(list, member, newEmail);
  member.merge_fields = mergeFields;
  applyProfile(member, input);
  const statusEvent = changeStatus(member, status, input.unsubscribe_reason);
  if (JSON.stringify(member) !== before) member.last_changed = now();

  if (newEmail !== undefined)
    announce(scope, 'upemail', member, {
      old_email: oldEmail,
      new_email: member.email_address,
      new_id: member.unique_email_id,
    });
  if (statusEvent === 'subscribe') announce(scope, 'subscribe', member);
  if (statusEvent === 'unsubscribe')
    announce(scope, 'unsubscribe', member, { action: 'unsub', reason: 'manual' });
  if (profileChanged) announce(scope, 'profile', member);
  return member;
}

function differs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].some((key) => JSON.stringify(a[key] ?? '') !== JSON.stringify(b[key] ?? ''));
}

/**
 * PUT /lists/{list_id}/members/{subscriber_hash}: updates the contact the path names, or adds
 * the body's address (which the path must name) with `status_if_new` (or `status`).
 */
export function upsertMember(
  scope: WriteScope,
  pathId: string,
  input: MemberInput,
): { member: Member; created: boolean } {
  const { list } = scope;
  if (isForgottenPath(list, pathId)) throw forgottenProblem(input.email_address ?? pathId);
  const existing = findMember(list, pathId);
  if (existing)
    return {
      member: updateMember(scope, existing, input, {
        status: input.status,
        statusIfNew: input.status_if_new,
      }),
      created: false,
    };
  const errors: Array<{ field: string; message: string }> = [];
  if (input.email_address === undefined)
    errors.push({ field: 'email_address', message: schemaMessage('string', undefined) });
  const status = input.status_if_new ?? input.status;
  if (!status) errors.push({ field: 'status_if_new', message: schemaMessage('string', undefined) });
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  const email = (input.email_address ?? '').toLowerCase();
  const key = pathId.toLowerCase();
  if (key !== email && key !== subscriberHash(email))
    throw MailchimpProblem.invalidResource(
      `The subscriber hash in the URL does not match the email_address ${input.email_address}.`,
    );
  return { member: createMember(scope, input, status as WritableStatus), created: true };
}
