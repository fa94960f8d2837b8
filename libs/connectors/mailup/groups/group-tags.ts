import {
  ConnectorErrorCode,
  type MemberWriteResult,
  type TagChange,
  type VendorTag,
} from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { optinsByEmail } from '../recipients/recipient-lookup';
import { normalEmail } from '../recipients/recipient-mapping';
import { memberFailure, refused } from '../recipients/write-results';
import { addToGroup, removeFromGroup } from './group-memberships';
import {
  ensureGroups,
  groupKey,
  groupsByName,
  isConnectorGroup,
  listGroups,
  type MailupGroup,
} from './list-groups';

const TAG_NOTES = 'CRM Connect: un tag del CRM (classificazione dell’azienda).';

/** The list's groups: the connector's own (one per CRM module, `esclusi`) and the ones tags made. */
export async function listTags(client: MailupClient, listId: string): Promise<VendorTag[]> {
  return (await listGroups(client, listId)).map(toTag);
}

function toTag(group: MailupGroup): VendorTag {
  return {
    id: String(group.idGroup),
    name: group.Name,
    kind: 'group',
    ...(typeof group.Count === 'number' ? { memberCount: group.Count } : {}),
  };
}

/**
 * Tags as groups: an added tag puts the recipients in the group of that name (made when the list
 * has none; one import per group), a removed one takes them out of it (their subscription stays).
 * Answers the failures by address; throws what fails the whole call.
 */
export async function changeTags(
  client: MailupClient,
  listId: string,
  changes: TagChange[],
  ids: Map<string, number>,
): Promise<Map<string, MemberWriteResult>> {
  const failed = new Map<string, MemberWriteResult>();
  const note = (emails: string[], error: unknown) => {
    for (const email of emails) failed.set(email, memberFailure(email, error));
  };
  const adds = byTag(changes, 'add', failed);
  const removes = byTag(changes, 'remove', failed);
  if (adds.size === 0 && removes.size === 0) return failed;
  const known = await listGroups(client, listId);
  const groups = adds.size
    ? new Map([
        ...groupsByName(known),
        ...(await ensureGroups(
          client,
          listId,
          [...adds.values()].map(({ name }) => ({ name, notes: TAG_NOTES })),
          known,
        )),
      ])
    : groupsByName(known);
  for (const [key, { emails }] of adds)
    await addToGroup(client, groups.get(key)!.idGroup, emails).catch((error) => note(emails, error));
  for (const [key, { emails }] of removes) {
    const group = groups.get(key);
    if (!group) continue;
    const members = emails.flatMap((email) => (ids.has(email) ? [ids.get(email)!] : []));
    await removeFromGroup(client, group.idGroup, members).catch((error) => note(emails, error));
  }
  return failed;
}

/**
 * Addresses by tag name for one side of the changes. A tag named like one of the connector's
 * groups is refused: no CRM tag may move people in or out of `esclusi` or an entity group.
 */
function byTag(
  changes: TagChange[],
  side: 'add' | 'remove',
  failed: Map<string, MemberWriteResult>,
): Map<string, { name: string; emails: string[] }> {
  const groups = new Map<string, { name: string; emails: string[] }>();
  for (const change of changes)
    for (const tag of change[side]) {
      const email = normalEmail(change.email);
      if (isConnectorGroup({ Name: tag } as MailupGroup)) {
        failed.set(
          email,
          refused(
            email,
            ConnectorErrorCode.VALIDATION,
            `“${tag}” is a group CRM Connect keeps itself, not a tag`,
          ),
        );
        continue;
      }
      const key = groupKey(tag);
      const group = groups.get(key) ?? { name: tag, emails: [] };
      group.emails.push(email);
      groups.set(key, group);
    }
  return groups;
}

/** The tags capability: recipients of the list by address, then `changeTags`. */
export async function applyTags(
  client: MailupClient,
  listId: string,
  changes: TagChange[],
): Promise<MemberWriteResult[]> {
  const optins = await optinsByEmail(
    client,
    listId,
    changes.map((change) => change.email),
  );
  const ids = new Map([...optins].map(([email, optin]) => [email, optin.idRecipient]));
  const known = changes.filter((change) => ids.has(normalEmail(change.email)));
  const failed = await changeTags(client, listId, known, ids);
  return changes.map((change) => {
    const email = normalEmail(change.email);
    if (!ids.has(email))
      return refused(
        change.email,
        ConnectorErrorCode.NOT_FOUND,
        `${email} is not a recipient of MailUp list ${listId}`,
      );
    const failure = failed.get(email);
    return failure
      ? { ...failure, email: change.email }
      : { email: change.email, ok: true, vendorId: String(ids.get(email)) };
  });
}
