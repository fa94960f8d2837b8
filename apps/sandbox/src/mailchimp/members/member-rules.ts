import { MailchimpProblem } from '../http/problem';
import { type Member, type MemberStatus, now } from '../state';
import type { WritableStatus } from './member-input';

/**
 * Mailchimp's consent rules for status changes made through the API:
 * - a contact who unsubscribed themselves (or was unsubscribed by an admin) or bounced (cleaned)
 *   cannot be set to `subscribed`: 400 Member In Compliance State. `pending` (a confirmation
 *   email) is always allowed, and an unsubscribe made through the API may be reversed by it;
 * - `status` overwrites, `status_if_new` only applies to a new (or archived) contact;
 * - an archived contact brought back by PUT keeps a status it could not leave;
 * - only subscribed, unsubscribed and transactional contacts can be archived.
 */

/** The status a contact had before it was archived, or its current one. */
const consentStatus = (member: Member): MemberStatus =>
  member.status === 'archived' ? (member.statusBeforeArchive ?? 'subscribed') : member.status;

/**
 * Whether the contact may not be set to `subscribed` by the API: bounced, unsubscribed other
 * than through the API, or moved on (to pending, transactional) from such a state, which only the
 * contact confirming can lift.
 */
export function inComplianceState(member: Member): boolean {
  const status = consentStatus(member);
  if (status === 'cleaned') return true;
  if (status === 'unsubscribed') return member.statusSource !== 'api';
  return status !== 'subscribed' && (member.statusSource === 'user' || member.statusSource === 'admin');
}

export function complianceProblem(email: string): MailchimpProblem {
  return new MailchimpProblem(
    400,
    'Member In Compliance State',
    `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
  );
}

/** What the request asked for: `status` (explicit) and/or `status_if_new` (PUT only). */
export interface StatusRequest {
  status?: WritableStatus;
  statusIfNew?: WritableStatus;
}

/**
 * The status an existing contact ends up with. An explicit `subscribed` for a contact in a
 * compliance state is refused; `status_if_new` on an archived contact is applied, except that a
 * contact who could not be resubscribed keeps its earlier status.
 */
export function nextStatus(member: Member, request: StatusRequest): MemberStatus {
  if (request.status) {
    if (request.status === 'subscribed' && member.status !== 'subscribed' && inComplianceState(member))
      throw complianceProblem(member.email_address);
    return request.status;
  }
  if (member.status !== 'archived') return member.status;
  const earlier = consentStatus(member);
  const wanted = request.statusIfNew;
  if (!wanted) return earlier;
  return wanted === 'subscribed' && inComplianceState(member) ? earlier : wanted;
}

/** The list event a status change announces, if any (cleaning is never done through the API). */
export type StatusEvent = 'subscribe' | 'unsubscribe' | undefined;

/** Moves the contact to `status`, keeping opt-in time, unsubscribe origin and reason in step. */
export function changeStatus(member: Member, status: MemberStatus, reason?: string): StatusEvent {
  if (status === member.status) {
    if (status === 'unsubscribed' && reason) member.unsubscribe_reason = reason;
    return undefined;
  }
  // Unarchiving into the earlier status restores it as it was (who unsubscribed them, when).
  const restoring = member.status === 'archived' && status === member.statusBeforeArchive;
  const withheld = inComplianceState(member);
  member.status = status;
  member.statusBeforeArchive = undefined;
  if (restoring) return status === 'subscribed' ? 'subscribe' : undefined;
  if (status === 'subscribed') {
    member.timestamp_opt = now();
    member.statusSource = undefined;
    member.unsubscribe_reason = undefined;
    return 'subscribe';
  }
  // Moving a contact around never turns consent it withheld into an API-made, reversible change.
  member.statusSource = withheld ? (member.statusSource === 'admin' ? 'admin' : 'user') : member.statusSource;
  if (status === 'unsubscribed') {
    if (!withheld) member.statusSource = 'api';
    if (reason) member.unsubscribe_reason = reason;
    return 'unsubscribe';
  }
  return undefined;
}

/** DELETE archives; Mailchimp refuses it for bounced, pending and already archived contacts. */
export function archive(member: Member): void {
  if (member.status === 'cleaned' || member.status === 'pending' || member.status === 'archived')
    throw MailchimpProblem.methodNotAllowed(
      'This list member cannot be removed. Can not archive a contact that is bounced, pending or archived',
      'GET, PUT',
    );
  member.statusBeforeArchive = member.status;
  member.status = 'archived';
  member.last_changed = now();
}
