import type { MemberPage } from '@crm/connector-sdk';
import type { MailchimpSession } from '../mailchimp-client';
import { PAGE_MAX } from '../mailchimp-catalog';
import { type MailchimpMember, toVendorMember } from './member-mapping';

const MEMBER_FIELDS = [
  'members.id',
  'members.email_address',
  'members.unique_email_id',
  'members.web_id',
  'members.status',
  'members.merge_fields',
  'members.tags',
  'members.last_changed',
  'total_items',
];

/**
 * One page of an audience's members, oldest change first so a page boundary never skips a member
 * changed meanwhile by more than a page; `changedSince` reads only what changed (the sweep).
 */
export async function readMembers(
  session: MailchimpSession,
  listId: string,
  options: { cursor?: string; changedSince?: Date; pageSize: number },
): Promise<MemberPage> {
  const offset = Number(options.cursor) || 0;
  const count = Math.min(PAGE_MAX, options.pageSize);
  const page = await session.call<{ members: MailchimpMember[]; total_items: number }>((api) =>
    api.lists.getListMembersInfo(
      listId as never,
      {
        count,
        offset,
        fields: MEMBER_FIELDS,
        ...(options.changedSince ? { since_last_changed: wholeSecond(options.changedSince) } : {}),
      } as never,
    ),
  );
  const next = offset + page.members.length;
  return {
    members: page.members.map((member) => toVendorMember(member, session.dataCenter)),
    ...(page.members.length === count && next < page.total_items ? { nextCursor: String(next) } : {}),
  };
}

/**
 * Mailchimp keeps `last_changed` to the second (a change at 12:00:00.900 reads 12:00:00) and
 * `since_last_changed` is inclusive: a cursor with milliseconds would skip the changes made in
 * its own second, so it is cut to the second. Members read again cost a hash comparison only.
 */
export function wholeSecond(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}
