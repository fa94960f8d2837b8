import type { Request, Response } from 'express';
import type { RouteModule, SandboxContext } from '../context';
import { collection, page, project, queryFlag, queryText } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import { type Audience, type Member, type MemberStatus } from '../state';
import { readMemberInput, WRITABLE_STATUSES, type WritableStatus } from '../members/member-input';
import { archive } from '../members/member-rules';
import {
  createMember,
  forgottenProblem,
  isForgottenPath,
  updateMember,
  upsertMember,
  type WriteScope,
} from '../members/member-writes';
import { forgetMember, memberView, requireMember } from '../members/member.model';
import { requireList } from './lists.routes';

/** The member paths accept the subscriber hash, the address or the contact id. */
const MEMBER = '/lists/:list_id/members/:subscriber_hash';

export function writeScope(context: SandboxContext, req: Request, res: Response): WriteScope {
  const account = accountOf(res);
  return {
    context,
    account,
    list: requireList(account, String(req.params.list_id)),
    skipMergeValidation: queryFlag(req, 'skip_merge_validation'),
  };
}

const FILTER_STATUSES: readonly MemberStatus[] = [...WRITABLE_STATUSES, 'archived'];

function timeQuery(req: Request, name: string): number | undefined {
  const value = queryText(req, name);
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw MailchimpProblem.invalidResource(`The ${name} parameter must be an ISO 8601 date-time.`);
  return time;
}

/**
 * `GET /lists/{list_id}/members` filters. Archived contacts only show with `status=archived`.
 * `since_*` bounds are inclusive and `before_*` exclusive, so consecutive windows never miss a
 * change made in the same second as a cursor.
 */
function filterMembers(req: Request, list: Audience): Member[] {
  const status = queryText(req, 'status');
  if (status !== undefined && !FILTER_STATUSES.includes(status as MemberStatus))
    throw MailchimpProblem.invalidResource(
      `The status parameter must be one of: ${FILTER_STATUSES.join(', ')}.`,
    );
  const emailType = queryText(req, 'email_type');
  const uniqueEmailId = queryText(req, 'unique_email_id');
  const vipOnly = queryFlag(req, 'vip_only');
  const windows: Array<[keyof Member, number | undefined, number | undefined]> = [
    ['last_changed', timeQuery(req, 'since_last_changed'), timeQuery(req, 'before_last_changed')],
    ['timestamp_opt', timeQuery(req, 'since_timestamp_opt'), timeQuery(req, 'before_timestamp_opt')],
  ];
  return Object.values(list.members).filter((member) => {
    if (status ? member.status !== status : member.status === 'archived') return false;
    if (emailType && member.email_type !== emailType) return false;
    if (uniqueEmailId && member.unique_email_id !== uniqueEmailId) return false;
    if (vipOnly && !member.vip) return false;
    return windows.every(([key, since, before]) => {
      if (since === undefined && before === undefined) return true;
      const time = Date.parse(String(member[key]));
      if (Number.isNaN(time)) return false;
      return (since === undefined || time >= since) && (before === undefined || time < before);
    });
  });
}

const SORT_FIELDS = ['timestamp_opt', 'timestamp_signup', 'last_changed'] as const;

function sortMembers(req: Request, members: Member[]): Member[] {
  const field = queryText(req, 'sort_field');
  if (field === undefined) return members;
  if (!SORT_FIELDS.includes(field as (typeof SORT_FIELDS)[number]))
    throw MailchimpProblem.invalidResource(
      `The sort_field parameter must be one of: ${SORT_FIELDS.join(', ')}.`,
    );
  const direction = queryText(req, 'sort_dir')?.toUpperCase() === 'DESC' ? -1 : 1;
  const key = field as (typeof SORT_FIELDS)[number];
  return [...members].sort((a, b) => direction * a[key].localeCompare(b[key]));
}

export const memberRoutes: RouteModule = (router, context) => {
  router.get('/lists/:list_id/members', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const all = sortMembers(req, filterMembers(req, list));
    const members = page(req, all).map((member) => memberView(list, member));
    res.json(project(req, collection('members', all, members, { list_id: list.id })));
  });

  router.post('/lists/:list_id/members', (req, res) => {
    const scope = writeScope(context, req, res);
    const input = readMemberInput(req.body, 'create');
    const member = createMember(scope, input, input.status as WritableStatus);
    context.changed();
    res.json(memberView(scope.list, member));
  });

  router.get(MEMBER, (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    res.json(project(req, memberView(list, requireMember(list, req.params.subscriber_hash))));
  });

  router.put(MEMBER, (req, res) => {
    const scope = writeScope(context, req, res);
    const input = readMemberInput(req.body, 'upsert');
    const { member } = upsertMember(scope, req.params.subscriber_hash, input);
    context.changed();
    res.json(memberView(scope.list, member));
  });

  router.patch(MEMBER, (req, res) => {
    const scope = writeScope(context, req, res);
    const input = readMemberInput(req.body, 'update');
    if (isForgottenPath(scope.list, req.params.subscriber_hash))
      throw forgottenProblem(input.email_address ?? req.params.subscriber_hash);
    const member = requireMember(scope.list, req.params.subscriber_hash);
    updateMember(scope, member, input, { status: input.status });
    context.changed();
    res.json(memberView(scope.list, member));
  });

  router.delete(MEMBER, (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    archive(requireMember(list, req.params.subscriber_hash));
    context.changed();
    res.status(204).end();
  });

  router.post(`${MEMBER}/actions/delete-permanent`, (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    forgetMember(list, requireMember(list, req.params.subscriber_hash));
    context.changed();
    res.status(204).end();
  });

  router.get(`${MEMBER}/activity`, (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const member = requireMember(list, req.params.subscriber_hash);
    const actions = queryText(req, 'action')
      ?.split(',')
      .map((a) => a.trim());
    const activity = [...member.activity]
      .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
      .filter((item) => !actions || actions.includes(item.action))
      .slice(0, 50);
    res.json(
      project(req, {
        activity,
        email_id: member.id,
        list_id: list.id,
        contact_id: member.contact_id,
        total_items: activity.length,
        _links: [],
      }),
    );
  });
};
