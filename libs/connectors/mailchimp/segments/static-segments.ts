import type { VendorTag } from '@crm/connector-sdk';
import type { MailchimpSession } from '../mailchimp-client';
import { PAGE_MAX, readAll } from '../mailchimp-catalog';

/** Members per `members_to_add` call. */
const CHUNK = 500;

/**
 * The audience's segments with their member counts. Static segments are what Mailchimp calls
 * tags (the same ids as the tags endpoint), so they come back as tags; saved (condition) and
 * fuzzy segments as segments.
 */
export async function listSegments(session: MailchimpSession, listId: string): Promise<VendorTag[]> {
  const segments = await readAll(async (offset) => {
    const page = await session.call<{
      segments: Array<{ id: number; name: string; type: string; member_count?: number }>;
      total_items: number;
    }>((api) => api.lists.listSegments(listId as never, { count: PAGE_MAX, offset } as never));
    return { items: page.segments, total: page.total_items };
  });
  return segments.map((segment) => ({
    id: String(segment.id),
    name: segment.name,
    kind: segment.type === 'static' ? ('tag' as const) : ('segment' as const),
    memberCount: segment.member_count,
  }));
}

/** A static segment of these members, filled 500 at a time; addresses not in the audience are left out. */
export async function createStaticSegment(
  session: MailchimpSession,
  listId: string,
  name: string,
  emails: string[],
): Promise<VendorTag> {
  const segment = await session.call<{ id: number; name: string }>((api) =>
    api.lists.createSegment(listId as never, { name, static_segment: [] } as never),
  );
  let added = 0;
  for (let start = 0; start < emails.length; start += CHUNK) {
    const answer = await session.call<{ total_added?: number }>((api) =>
      api.lists.batchSegmentMembers(
        { members_to_add: emails.slice(start, start + CHUNK) } as never,
        listId as never,
        String(segment.id) as never,
      ),
    );
    added += answer.total_added ?? 0;
  }
  return { id: String(segment.id), name: segment.name, kind: 'segment', memberCount: added };
}
