import type { Request } from 'express';
import { queryFlag } from '../http/collection';
import { MailchimpProblem } from '../http/problem';
import { addTag, findTag, removeTag } from '../members/member-tags';
import {
  type Audience,
  type Member,
  type MemberStatus,
  now,
  type SandboxAccount,
  type Segment,
} from '../state';
import { meetsConditions, SegmentOptions } from './segment-conditions';

/**
 * Segments as the rest of the sandbox sees them. Static segments are what Mailchimp now calls
 * tags (one namespace, names unique regardless of case) and hold subscriber hashes; saved
 * segments are computed from their conditions each time they are read.
 */

export function findSegment(list: Audience, id: string): Segment | undefined {
  return Object.values(list.segments).find((segment) => String(segment.id) === id);
}

export function requireSegment(list: Audience, id: string): Segment {
  const segment = findSegment(list, id);
  if (!segment) throw MailchimpProblem.notFound();
  return segment;
}

/** Member changes are for static segments only; Mailchimp answers as if the id were unknown. */
export function requireStaticSegment(list: Audience, id: string): Segment {
  const segment = requireSegment(list, id);
  if (segment.type !== 'static')
    throw MailchimpProblem.invalidResource(
      `A Static Segment with an id of "${id}" does not exist for this list.`,
    );
  return segment;
}

/** Every member the segment holds, whatever their status. */
export function segmentMembers(list: Audience, segment: Segment): Member[] {
  if (segment.type === 'saved' && segment.options)
    return Object.values(list.members).filter((member) =>
      meetsConditions(list, member, segment.options as unknown as SegmentOptions),
    );
  return segment.members.map((hash) => list.members[hash]).filter((member): member is Member => !!member);
}

/** Subscribed members count; `include_cleaned/transactional/unsubscribed` add those statuses. */
export function countedStatuses(req: Request): Set<MemberStatus> {
  const statuses = new Set<MemberStatus>(['subscribed']);
  if (queryFlag(req, 'include_cleaned')) statuses.add('cleaned');
  if (queryFlag(req, 'include_transactional')) statuses.add('transactional');
  if (queryFlag(req, 'include_unsubscribed')) statuses.add('unsubscribed');
  return statuses;
}

export function segmentView(list: Audience, segment: Segment, statuses: Set<MemberStatus>) {
  return {
    id: segment.id,
    name: segment.name,
    member_count: segmentMembers(list, segment).filter((member) => statuses.has(member.status)).length,
    type: segment.type,
    created_at: segment.created_at,
    updated_at: segment.updated_at,
    // Static segments (tags) and fuzzy segments have no conditions.
    ...(segment.type === 'saved' ? { options: segment.options } : {}),
    list_id: list.id,
    _links: [],
  };
}

/** Another tag (static segment) already carries this name. */
export function nameTaken(list: Audience, name: string, self?: Segment): boolean {
  const tag = findTag(list, name);
  return !!tag && tag !== self;
}

/** Puts a member in a static segment (a tag records when); true when it was not in it yet. */
export function addToSegment(
  account: SandboxAccount,
  list: Audience,
  segment: Segment,
  member: Member,
): boolean {
  if (segment.isTag) return addTag(account, list, member, segment.name);
  if (segment.members.includes(member.id)) return false;
  segment.members.push(member.id);
  segment.updated_at = now();
  return true;
}

/** Takes a member out of a static segment; true when it was in it. */
export function removeFromSegment(list: Audience, segment: Segment, member: Member): boolean {
  if (segment.isTag) return removeTag(list, member, segment.name);
  if (!segment.members.includes(member.id)) return false;
  segment.members = segment.members.filter((hash) => hash !== member.id);
  segment.updated_at = now();
  return true;
}
