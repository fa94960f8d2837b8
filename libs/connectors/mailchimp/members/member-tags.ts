import {
  ConnectorErrorCode,
  type MemberWriteResult,
  type TagChange,
  type VendorTag,
} from '@crm/connector-sdk';
import type { MailchimpSession } from '../mailchimp-client';

/** Members per segment call (`members_to_add` / `members_to_remove`). */
const SEGMENT_BATCH = 500;

interface SegmentBatchAnswer {
  errors?: Array<{ email_addresses?: string[]; error?: string }>;
}

/** The audience's tags (in Mailchimp a tag is a static segment). */
export async function listTags(session: MailchimpSession, listId: string): Promise<VendorTag[]> {
  const answer = await session.call<{ tags: Array<{ id: number; name: string }> }>((api) =>
    api.lists.tagSearch(listId as never),
  );
  return answer.tags.map((tag) => ({ id: String(tag.id), name: tag.name, kind: 'tag' as const }));
}

/** Tag ids by lower-cased name (Mailchimp names tags case-insensitively). */
async function tagIds(session: MailchimpSession, listId: string): Promise<Map<string, string>> {
  const tags = await listTags(session, listId);
  return new Map(tags.map((tag) => [tag.name.toLowerCase(), tag.id]));
}

async function createTag(session: MailchimpSession, listId: string, name: string): Promise<string> {
  const segment = await session.call<{ id: number }>((api) =>
    api.lists.createSegment(listId as never, { name, static_segment: [] } as never),
  );
  return String(segment.id);
}

/**
 * Tag changes grouped by tag: one segment call per tag and 500 members adds or removes that tag
 * for all of them (instead of a call per member). A tag to add that does not exist yet is
 * created first; a tag to remove that does not exist is already absent. Answers per email.
 */
export async function applyTagChanges(
  session: MailchimpSession,
  listId: string,
  changes: TagChange[],
): Promise<MemberWriteResult[]> {
  const adds = groupByTag(changes, 'add');
  const removes = groupByTag(changes, 'remove');
  const failed = new Map<string, string>();
  if (adds.size || removes.size) {
    const ids = await tagIds(session, listId);
    for (const name of adds.keys())
      if (!ids.has(name.toLowerCase())) ids.set(name.toLowerCase(), await createTag(session, listId, name));
    const calls: Array<Promise<void>> = [];
    for (const [direction, groups] of [
      ['members_to_add', adds],
      ['members_to_remove', removes],
    ] as const)
      for (const [name, emails] of groups) {
        const id = ids.get(name.toLowerCase());
        if (!id) continue;
        for (let start = 0; start < emails.length; start += SEGMENT_BATCH)
          calls.push(
            segmentCall(
              session,
              listId,
              id,
              { [direction]: emails.slice(start, start + SEGMENT_BATCH) },
              failed,
            ),
          );
      }
    await Promise.all(calls);
  }
  return changes.map((change) => {
    const error = failed.get(change.email.toLowerCase());
    return error
      ? { email: change.email, ok: false, error: { code: ConnectorErrorCode.NOT_FOUND, message: error } }
      : { email: change.email, ok: true };
  });
}

async function segmentCall(
  session: MailchimpSession,
  listId: string,
  segmentId: string,
  body: Record<string, string[]>,
  failed: Map<string, string>,
): Promise<void> {
  const answer = await session.call<SegmentBatchAnswer>((api) =>
    api.lists.batchSegmentMembers(body as never, listId as never, segmentId as never),
  );
  for (const error of answer.errors ?? [])
    for (const email of error.email_addresses ?? [])
      failed.set(email.toLowerCase(), error.error ?? 'Mailchimp refused the tag change');
}

function groupByTag(changes: TagChange[], side: 'add' | 'remove'): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const change of changes)
    for (const tag of change[side]) groups.set(tag, [...(groups.get(tag) ?? []), change.email]);
  return groups;
}
