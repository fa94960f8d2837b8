import type { Request } from 'express';
import type { RouteModule } from '../context';
import { collection, page, project, queryText } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import { findMember, memberView, requireMember } from '../members/member.model';
import { normalizeOptions, optionsErrors } from '../segments/segment-conditions';
import {
  addToSegment,
  countedStatuses,
  nameTaken,
  removeFromSegment,
  requireSegment,
  requireStaticSegment,
  segmentMembers,
  segmentView,
} from '../segments/segment.model';
import { Audience, Member, nextNumber, now, SandboxAccount, Segment } from '../state';
import { requireList, typeName } from './lists.routes';

/**
 * Segments of an audience: `/lists/{list_id}/segments`. Static segments are tags: they hold the
 * members put in them and share the tags' names. Saved segments hold conditions and are
 * evaluated when read (see segment-conditions for which conditions the sandbox evaluates).
 * Only subscribed members are counted and listed unless `include_*` asks for more.
 */

type FieldError = { field: string; message: string };

const NAME_MAX = 100;
/** Mailchimp's cap on `members_to_add` / `members_to_remove` in one call. */
const BATCH_MAX = 500;
const EITHER_OPTIONS_OR_STATIC = 'Must provide either an "options" field or a "static_segment" field';
const NOT_IN_LIST = 'Email addresses do not belong to this list.';
const NAME_TAKEN: FieldError = { field: 'name', message: 'A tag or segment with this name already exists.' };

const present = (...errors: Array<FieldError | undefined>) =>
  errors.filter((error): error is FieldError => !!error);

/** Names are kept trimmed, as tags' are (they share one namespace). */
const nameOf = (body: Record<string, unknown>) => (body.name as string).trim();

function nameError(value: unknown): FieldError | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    return { field: 'name', message: 'This value should not be blank.' };
  if (typeof value !== 'string')
    return { field: 'name', message: `Schema describes string, ${typeName(value)} found instead` };
  if (value.length > NAME_MAX)
    return {
      field: 'name',
      message: `This value is too long. It should have ${NAME_MAX} characters or less.`,
    };
  return undefined;
}

/** An array of email strings, at most `max` long (no cap when absent). */
function emailsError(value: unknown, field: string, max?: number): FieldError | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    return { field, message: `Schema describes array, ${typeName(value)} found instead` };
  if (value.some((email) => typeof email !== 'string'))
    return { field, message: 'Schema describes string for every item' };
  if (max !== undefined && value.length > max)
    return { field, message: `This collection should contain ${max} elements or less.` };
  return undefined;
}

/** Splits addresses into list members and the ones the list does not know. */
function resolveEmails(list: Audience, emails: string[]): { found: Member[]; unknown: string[] } {
  const found: Member[] = [];
  const unknown: string[] = [];
  for (const email of emails) {
    const member = email.includes('@') ? findMember(list, email) : undefined;
    if (member) {
      if (!found.includes(member)) found.push(member);
    } else unknown.push(email);
  }
  return { found, unknown };
}

/** Makes a static segment hold exactly `members`. */
function setMembers(account: SandboxAccount, list: Audience, segment: Segment, members: Member[]): void {
  for (const hash of [...segment.members])
    if (!members.some((member) => member.id === hash) && list.members[hash])
      removeFromSegment(list, segment, list.members[hash]);
  for (const member of members) addToSegment(account, list, segment, member);
}

function dateFilter(req: Request, name: string): number | undefined {
  const text = queryText(req, name);
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time))
    throw MailchimpProblem.invalidResource(`The ${name} parameter must be an ISO 8601 date and time.`);
  return time;
}

function segmentsMatching(req: Request, list: Audience): Segment[] {
  const type = queryText(req, 'type');
  if (type !== undefined && !['saved', 'static', 'fuzzy'].includes(type))
    throw MailchimpProblem.invalidResource('The type parameter must be one of saved, static or fuzzy.');
  const bounds: Array<[number | undefined, (segment: Segment, time: number) => boolean]> = [
    [dateFilter(req, 'since_created_at'), (s, t) => Date.parse(s.created_at) >= t],
    [dateFilter(req, 'before_created_at'), (s, t) => Date.parse(s.created_at) <= t],
    [dateFilter(req, 'since_updated_at'), (s, t) => Date.parse(s.updated_at) >= t],
    [dateFilter(req, 'before_updated_at'), (s, t) => Date.parse(s.updated_at) <= t],
  ];
  return Object.values(list.segments)
    .filter((segment) => !type || segment.type === type)
    .filter((segment) => bounds.every(([time, keep]) => time === undefined || keep(segment, time)))
    .sort((a, b) => a.id - b.id);
}

export const segmentRoutes: RouteModule = (router, context) => {
  router.get('/lists/:list_id/segments', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const all = segmentsMatching(req, list);
    const statuses = countedStatuses(req);
    const segments = page(req, all).map((segment) => segmentView(list, segment, statuses));
    res.json(project(req, collection('segments', all, segments, { list_id: list.id })));
  });

  router.post('/lists/:list_id/segments', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, req.params.list_id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors = present(nameError(body.name), emailsError(body.static_segment, 'static_segment'));
    if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
    const isStatic = body.static_segment !== undefined;
    if (isStatic === (body.options !== undefined))
      throw MailchimpProblem.invalidResource(EITHER_OPTIONS_OR_STATIC);
    const invalid = isStatic ? [] : optionsErrors(body.options, list);
    if (isStatic && nameTaken(list, nameOf(body))) invalid.push(NAME_TAKEN);
    if (invalid.length) throw MailchimpProblem.invalidResource(undefined, invalid);
    const at = now();
    const segment: Segment = {
      id: nextNumber(account),
      name: nameOf(body),
      type: isStatic ? 'static' : 'saved',
      isTag: isStatic,
      members: [],
      ...(isStatic ? {} : { options: { ...normalizeOptions(body.options as Record<string, unknown>) } }),
      created_at: at,
      updated_at: at,
    };
    list.segments[String(segment.id)] = segment;
    if (isStatic)
      setMembers(account, list, segment, resolveEmails(list, body.static_segment as string[]).found);
    context.changed();
    res.json(segmentView(list, segment, countedStatuses(req)));
  });

  router.get('/lists/:list_id/segments/:segment_id', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const segment = requireSegment(list, req.params.segment_id);
    res.json(project(req, segmentView(list, segment, countedStatuses(req))));
  });

  router.patch('/lists/:list_id/segments/:segment_id', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, req.params.list_id);
    const segment = requireSegment(list, req.params.segment_id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors = present(nameError(body.name), emailsError(body.static_segment, 'static_segment'));
    if (body.static_segment !== undefined && body.options !== undefined)
      throw MailchimpProblem.invalidResource(EITHER_OPTIONS_OR_STATIC);
    if (body.options !== undefined && segment.type !== 'saved')
      errors.push({ field: 'options', message: 'Static and fuzzy segments don’t have conditions.' });
    if (body.static_segment !== undefined && segment.type !== 'static')
      errors.push({ field: 'static_segment', message: 'Only a static segment takes a list of members.' });
    if (body.options !== undefined && segment.type === 'saved')
      errors.push(...optionsErrors(body.options, list));
    if (segment.type === 'static' && !errors.length && nameTaken(list, nameOf(body), segment))
      errors.push(NAME_TAKEN);
    if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
    segment.name = nameOf(body);
    // An empty static_segment empties the segment.
    if (body.static_segment !== undefined)
      setMembers(account, list, segment, resolveEmails(list, body.static_segment as string[]).found);
    if (body.options !== undefined)
      segment.options = { ...normalizeOptions(body.options as Record<string, unknown>) };
    segment.updated_at = now();
    context.changed();
    res.json(segmentView(list, segment, countedStatuses(req)));
  });

  router.delete('/lists/:list_id/segments/:segment_id', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const segment = requireSegment(list, req.params.segment_id);
    for (const [key, value] of Object.entries(list.segments))
      if (value === segment) delete list.segments[key];
    context.changed();
    res.status(204).end();
  });

  router.post('/lists/:list_id/segments/:segment_id', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, req.params.list_id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors = present(
      emailsError(body.members_to_add, 'members_to_add', BATCH_MAX),
      emailsError(body.members_to_remove, 'members_to_remove', BATCH_MAX),
    );
    if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
    const segment = requireStaticSegment(list, req.params.segment_id);
    const toAdd = resolveEmails(list, (body.members_to_add ?? []) as string[]);
    const toRemove = resolveEmails(list, (body.members_to_remove ?? []) as string[]);
    const added = toAdd.found.filter((member) => addToSegment(account, list, segment, member));
    const removed = toRemove.found.filter((member) => removeFromSegment(list, segment, member));
    if (added.length || removed.length) context.changed();
    const unknown = [...toAdd.unknown, ...toRemove.unknown];
    res.json({
      members_added: added.map((member) => memberView(list, member)),
      members_removed: removed.map((member) => memberView(list, member)),
      errors: unknown.length ? [{ email_addresses: unknown, error: NOT_IN_LIST }] : [],
      total_added: added.length,
      total_removed: removed.length,
      error_count: unknown.length,
      _links: [],
    });
  });

  router.get('/lists/:list_id/segments/:segment_id/members', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const segment = requireSegment(list, req.params.segment_id);
    const statuses = countedStatuses(req);
    const all = segmentMembers(list, segment).filter((member) => statuses.has(member.status));
    const members = page(req, all).map((member) => memberView(list, member));
    res.json(project(req, collection('members', all, members)));
  });

  router.post('/lists/:list_id/segments/:segment_id/members', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, req.params.list_id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.email_address !== 'string' || body.email_address === '')
      throw MailchimpProblem.field('email_address', 'This value should not be blank.');
    const segment = requireStaticSegment(list, req.params.segment_id);
    const member = findMember(list, body.email_address);
    if (!member || !body.email_address.includes('@'))
      throw MailchimpProblem.notFound(`${body.email_address} is not a member of this list.`);
    if (addToSegment(account, list, segment, member)) context.changed();
    res.json(memberView(list, member));
  });

  router.delete('/lists/:list_id/segments/:segment_id/members/:subscriber_hash', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const segment = requireStaticSegment(list, req.params.segment_id);
    const member = requireMember(list, req.params.subscriber_hash);
    if (!removeFromSegment(list, segment, member)) throw MailchimpProblem.notFound();
    context.changed();
    res.status(204).end();
  });
};
