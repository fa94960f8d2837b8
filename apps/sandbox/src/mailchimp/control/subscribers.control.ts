import type { Request, Router } from 'express';
import { requireList, typeName } from '../api/lists.routes';
import type { ListEvent, SandboxContext } from '../context';
import { MailchimpProblem } from '../http/problem';
import { assertRealAddress } from '../members/member-input';
import { archive, complianceProblem } from '../members/member-rules';
import { forgottenProblem, memberExistsProblem } from '../members/member-writes';
import {
  findMember,
  isForgotten,
  memberView,
  newMember,
  renameMember,
  requireMember,
} from '../members/member.model';
import { Audience, ChangeSource, Member, now, SandboxAccount, subscriberHash } from '../state';
import { requireAccount } from './accounts.control';

/**
 * What the people on an audience, and its admins in Mailchimp's web app, do outside the API:
 * sign up on a form (and confirm a double opt-in), unsubscribe from an email's link, bounce or
 * complain, edit their profile or address. Each change is announced as Mailchimp would announce
 * it to the list's webhooks: `user` when the person acted, `admin` for the web app.
 *
 * Paths sit under /accounts/:account_id/lists/:list_id; a member is named by subscriber hash,
 * address or contact id.
 */

type Actor = Extract<ChangeSource, 'user' | 'admin'>;

const BASE = '/accounts/:account_id/lists/:list_id';

interface Scope {
  account: SandboxAccount;
  list: Audience;
}

function scopeOf(context: SandboxContext, req: Request): Scope {
  const account = requireAccount(context, String(req.params.account_id));
  return { account, list: requireList(account, String(req.params.list_id)) };
}

const bodyOf = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

/** `by`: who acted, the person (default) or an admin in the web app. */
function actorOf(body: Record<string, unknown>): Actor {
  if (body.by === undefined) return 'user';
  if (body.by === 'user' || body.by === 'admin') return body.by;
  throw MailchimpProblem.field('by', 'must be "user" or "admin"');
}

function optionalText(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw MailchimpProblem.field(field, `must be text, ${typeName(value)} found`);
  return value;
}

function requiredEmail(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '')
    throw MailchimpProblem.field(field, 'This value should not be blank.');
  assertRealAddress(value);
  return value.toLowerCase();
}

/** Merge values a person may type into the profile form: existing tags, text/number or an address. */
function mergeFieldsOf(list: Audience, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw MailchimpProblem.field('merge_fields', `must be an object, ${typeName(value)} found`);
  const errors: Array<{ field: string; message: string }> = [];
  for (const [tag, field] of Object.entries(value)) {
    const definition = list.mergeFields.find((merge) => merge.tag === tag);
    const ok =
      typeof field === 'string' ||
      typeof field === 'number' ||
      (definition?.type === 'address' && !!field && typeof field === 'object' && !Array.isArray(field));
    if (!definition)
      errors.push({ field: `merge_fields.${tag}`, message: 'This merge field does not exist.' });
    else if (!ok)
      errors.push({ field: `merge_fields.${tag}`, message: `${typeName(field)} is not a valid value` });
  }
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  return value as Record<string, unknown>;
}

function emailTypeOf(body: Record<string, unknown>): Member['email_type'] | undefined {
  if (body.email_type === undefined) return undefined;
  if (body.email_type === 'html' || body.email_type === 'text') return body.email_type;
  throw MailchimpProblem.field('email_type', 'must be "html" or "text"');
}

export function subscriberControl(router: Router, context: SandboxContext): void {
  /** Records the change and tells the list's webhooks. */
  const announce = (
    scope: Scope,
    member: Member,
    type: ListEvent['type'],
    source: ListEvent['source'],
    data?: Record<string, string>,
  ) => {
    member.last_changed = now();
    context.changed();
    context.emit({ type, source, account: scope.account, list: scope.list, member, data });
  };

  const subscribe = (scope: Scope, member: Member, source: Actor) => {
    member.status = 'subscribed';
    member.timestamp_opt = now();
    delete member.statusSource;
    delete member.statusBeforeArchive;
    delete member.unsubscribe_reason;
    announce(scope, member, 'subscribe', source);
  };

  // A signup form (by the person: pending first when the audience asks for double opt-in) or an
  // admin adding the contact by hand. A person may always sign up again; an admin may not
  // re-add someone who unsubscribed, bounced or was permanently deleted.
  router.post(`${BASE}/signups`, (req, res) => {
    const scope = scopeOf(context, req);
    const { account, list } = scope;
    const body = bodyOf(req);
    const by = actorOf(body);
    const email = requiredEmail(body, 'email_address');
    const mergeFields = mergeFieldsOf(list, body.merge_fields);
    const emailType = emailTypeOf(body);
    const ip = optionalText(body, 'ip') ?? '';
    const existing = findMember(list, email);
    if (existing && (existing.status === 'subscribed' || existing.status === 'pending'))
      throw memberExistsProblem(email);
    if (by === 'admin' && existing && (existing.status === 'unsubscribed' || existing.status === 'cleaned'))
      throw complianceProblem(email);
    if (by === 'admin' && isForgotten(list, email)) throw forgottenProblem(email);
    list.forgotten = list.forgotten.filter((hash) => hash !== subscriberHash(email));
    const member =
      existing ??
      newMember(account, list, {
        email,
        status: 'pending',
        source: by === 'admin' ? 'Admin Add' : 'Hosted Signup Form',
        ip,
      });
    Object.assign(member.merge_fields, mergeFields ?? {});
    if (emailType) member.email_type = emailType;
    member.ip_opt = ip || member.ip_opt;
    if (by === 'user' && list.double_optin) {
      // The confirmation email is "sent"; the subscribe is announced when it is clicked.
      member.status = 'pending';
      member.last_changed = now();
      context.changed();
    } else subscribe(scope, member, by);
    res.status(existing ? 200 : 201).json(memberView(list, member));
  });

  // The person clicks the link of the double opt-in confirmation email.
  router.post(`${BASE}/members/:member/confirm`, (req, res) => {
    const scope = scopeOf(context, req);
    const member = requireMember(scope.list, String(req.params.member));
    if (member.status !== 'pending')
      throw MailchimpProblem.invalidResource(`${member.email_address} has no pending confirmation.`);
    subscribe(scope, member, 'user');
    res.json(memberView(scope.list, member));
  });

  // The unsubscribe link of an email (by the person) or an admin unsubscribing them.
  router.post(`${BASE}/members/:member/unsubscribe`, (req, res) => {
    const scope = scopeOf(context, req);
    const body = bodyOf(req);
    const by = actorOf(body);
    const reason = optionalText(body, 'reason');
    const campaignId = optionalText(body, 'campaign_id');
    const member = requireMember(scope.list, String(req.params.member));
    if (member.status !== 'subscribed' && member.status !== 'pending')
      throw MailchimpProblem.invalidResource(`${member.email_address} is not subscribed.`);
    member.status = 'unsubscribed';
    member.statusSource = by;
    member.unsubscribe_reason =
      reason ?? (by === 'user' ? 'N/A (Unsubscribed by the contact)' : 'N/A (Unsubscribed by an admin)');
    announce(scope, member, 'unsubscribe', by, {
      action: 'unsub',
      reason: 'manual',
      campaign_id: campaignId ?? '',
    });
    res.json(memberView(scope.list, member));
  });

  // A hard bounce or an abuse complaint: Mailchimp cleans the address itself.
  router.post(`${BASE}/members/:member/bounce`, (req, res) => {
    const scope = scopeOf(context, req);
    const body = bodyOf(req);
    const reason = body.reason ?? 'hard';
    if (reason !== 'hard' && reason !== 'abuse')
      throw MailchimpProblem.field('reason', 'must be "hard" or "abuse"');
    const campaignId = optionalText(body, 'campaign_id');
    const member = requireMember(scope.list, String(req.params.member));
    if (member.status === 'cleaned' || member.status === 'archived')
      throw MailchimpProblem.invalidResource(`${member.email_address} is ${member.status}.`);
    member.status = 'cleaned';
    member.statusSource = 'user';
    announce(scope, member, 'cleaned', 'user', { reason, campaign_id: campaignId ?? '' });
    res.json(memberView(scope.list, member));
  });

  // The person (or an admin) edits the profile: merge fields and email format.
  router.patch(`${BASE}/members/:member/profile`, (req, res) => {
    const scope = scopeOf(context, req);
    const body = bodyOf(req);
    const by = actorOf(body);
    const mergeFields = mergeFieldsOf(scope.list, body.merge_fields);
    const emailType = emailTypeOf(body);
    if (!mergeFields && !emailType)
      throw MailchimpProblem.field('merge_fields', 'Give merge_fields or email_type to change.');
    const member = requireMember(scope.list, String(req.params.member));
    Object.assign(member.merge_fields, mergeFields ?? {});
    if (emailType) member.email_type = emailType;
    announce(scope, member, 'profile', by);
    res.json(memberView(scope.list, member));
  });

  // The person (or an admin) changes the address: the contact moves to the new subscriber hash.
  router.post(`${BASE}/members/:member/email-change`, (req, res) => {
    const scope = scopeOf(context, req);
    const body = bodyOf(req);
    const by = actorOf(body);
    const newEmail = requiredEmail(body, 'new_email');
    const member = requireMember(scope.list, String(req.params.member));
    if (findMember(scope.list, newEmail)) throw memberExistsProblem(newEmail);
    const oldEmail = member.email_address;
    renameMember(scope.list, member, newEmail);
    announce(scope, member, 'upemail', by, { old_email: oldEmail });
    res.json(memberView(scope.list, member));
  });

  // An admin archives (deletes) the contact in the web app; webhooks hear an unsubscribe "delete".
  router.post(`${BASE}/members/:member/archive`, (req, res) => {
    const scope = scopeOf(context, req);
    const member = requireMember(scope.list, String(req.params.member));
    archive(member);
    announce(scope, member, 'unsubscribe', 'admin', { action: 'delete', reason: 'manual', campaign_id: '' });
    res.json(memberView(scope.list, member));
  });
}
