import { type Audience, type Member, nextNumber, now, type SandboxAccount, type Segment } from '../state';

/**
 * Tags are static segments flagged `isTag`, named case-insensitively as in Mailchimp's UI.
 * Applying an active tag that does not exist creates it; removing one never deletes the tag.
 * When each tag reached a member is kept on the member (`tagDates`, by segment id) for
 * `date_added`.
 */

export type TaggedMember = Member & { tagDates?: Record<string, string> };

export const findTag = (list: Audience, name: string): Segment | undefined =>
  Object.values(list.segments).find(
    (segment) => segment.isTag && segment.name.toLowerCase() === name.trim().toLowerCase(),
  );

function createTag(account: SandboxAccount, list: Audience, name: string): Segment {
  const at = now();
  const tag: Segment = {
    id: nextNumber(account),
    name: name.trim(),
    type: 'static',
    isTag: true,
    members: [],
    created_at: at,
    updated_at: at,
  };
  list.segments[String(tag.id)] = tag;
  return tag;
}

/** Adds the tag (created when new); true when the member did not carry it yet. */
export function addTag(account: SandboxAccount, list: Audience, member: Member, name: string): boolean {
  const tag = findTag(list, name) ?? createTag(account, list, name);
  if (tag.members.includes(member.id)) return false;
  tag.members.push(member.id);
  tag.updated_at = now();
  const tagged = member as TaggedMember;
  tagged.tagDates = { ...tagged.tagDates, [String(tag.id)]: tag.updated_at };
  return true;
}

/** Removes the tag from the member; true when it carried it. */
export function removeTag(list: Audience, member: Member, name: string): boolean {
  const tag = findTag(list, name);
  if (!tag || !tag.members.includes(member.id)) return false;
  tag.members = tag.members.filter((id) => id !== member.id);
  tag.updated_at = now();
  delete (member as TaggedMember).tagDates?.[String(tag.id)];
  return true;
}

/** The member's tags for `GET .../tags`, oldest first. */
export function tagsWithDates(list: Audience, member: Member) {
  const dates = (member as TaggedMember).tagDates ?? {};
  return Object.values(list.segments)
    .filter((segment) => segment.isTag && segment.members.includes(member.id))
    .map((segment) => ({
      id: segment.id,
      name: segment.name,
      date_added: dates[String(segment.id)] ?? segment.created_at,
    }))
    .sort((a, b) => a.date_added.localeCompare(b.date_added) || a.id - b.id);
}

/** `sync_tags`: the member ends up with exactly `names`; true when anything changed. */
export function replaceTags(
  account: SandboxAccount,
  list: Audience,
  member: Member,
  names: string[],
): boolean {
  const wanted = new Set(names.map((name) => name.trim().toLowerCase()));
  let changed = false;
  for (const tag of Object.values(list.segments))
    if (tag.isTag && tag.members.includes(member.id) && !wanted.has(tag.name.toLowerCase()))
      changed = removeTag(list, member, tag.name) || changed;
  for (const name of names) changed = addTag(account, list, member, name) || changed;
  return changed;
}
