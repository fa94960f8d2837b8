import type { MemberPage, MemberStatus, VendorMember } from '@crm/connector-sdk';
import { EXCLUDED_GROUP, groupKey, isConnectorGroup, listGroups } from '../groups/list-groups';
import type { MailupClient, MailupPage } from '../mailup-client';
import { listPath } from '../mailup-paths';
import { anyOf, filterBy, orderBy } from '../mailup-query';
import { membersOfGroup, optinsById } from './recipient-lookup';
import {
  mailupDate,
  normalEmail,
  optinChangedAt,
  optinStatus,
  recipientFields,
  type EmailOptin,
  type RecipientItem,
} from './recipient-mapping';

/** The list's recipients by status, read in this order; the cursor's letter names the collection. */
const COLLECTIONS = [
  { letter: 'S', path: 'Subscribed', status: 'subscribed' },
  { letter: 'U', path: 'Unsubscribed', status: 'unsubscribed' },
  { letter: 'P', path: 'Pending', status: 'pending' },
] as const;
/** The cursor letter of a read of changes, which goes through the list's subscriptions. */
const CHANGES = 'C';
const PAGE_MAX = 500;

interface Entry {
  item: RecipientItem;
  status: MemberStatus;
}

/**
 * One page of a list's members: its subscribed, then unsubscribed, then pending recipients, each
 * collection by ascending id after the cursor's id (pages do not shift as recipients come and go).
 * Subscribed ones in `esclusi` are `archived`; groups other than the connector's are tags; the
 * unsubscribed carry their opt-out date. `changedSince` reads the subscriptions instead and keeps
 * those that started, ended or were asked for since: MailUp keeps no change time for profile
 * fields, so a read of changes sees consent changes (what flows back from MailUp) only.
 */
export async function readMembers(
  client: MailupClient,
  listId: string,
  options: { cursor?: string; changedSince?: Date; pageSize: number },
): Promise<MemberPage> {
  const size = Math.max(1, Math.min(PAGE_MAX, options.pageSize));
  const [letter, after] = (options.cursor ?? '').split(':');
  const afterId = Number(after) || 0;
  if (options.changedSince) return readChanges(client, listId, options.changedSince, afterId, size);
  let index = Math.max(
    0,
    COLLECTIONS.findIndex((collection) => collection.letter === letter),
  );
  let from = afterId;
  for (; index < COLLECTIONS.length; index++, from = 0) {
    const collection = COLLECTIONS[index];
    const page = await recipientsAfter<RecipientItem>(
      client,
      listId,
      `Recipients/${collection.path}`,
      from,
      size,
    );
    if (page.Items.length === 0) continue;
    const last = page.Items[page.Items.length - 1].idRecipient;
    const more = page.TotalElementsCount > page.Items.length;
    const next = more
      ? `${collection.letter}:${last}`
      : COLLECTIONS[index + 1] && `${COLLECTIONS[index + 1].letter}:0`;
    const members = await describe(
      client,
      listId,
      page.Items.map((item) => ({ item, status: collection.status })),
    );
    return { members, ...(next ? { nextCursor: next } : {}) };
  }
  return { members: [] };
}

/** A page of a list collection with ids above `afterId`, by ascending id. */
function recipientsAfter<T>(
  client: MailupClient,
  listId: string,
  collection: string,
  afterId: number,
  size: number,
): Promise<MailupPage<T>> {
  return client.consolePage<T>(
    `${listPath(listId)}/${collection}`,
    {
      ...(afterId ? { filterby: filterBy(`idRecipient > ${afterId}`) } : {}),
      orderby: orderBy('idRecipient'),
    },
    0,
    size,
  );
}

async function readChanges(
  client: MailupClient,
  listId: string,
  since: Date,
  afterId: number,
  size: number,
): Promise<MemberPage> {
  const page = await recipientsAfter<EmailOptin>(client, listId, 'Recipients/EmailOptins', afterId, size);
  const changed = page.Items.filter((optin) => (optinChangedAt(optin)?.getTime() ?? 0) >= since.getTime());
  const entries: Entry[] = [];
  for (const collection of COLLECTIONS) {
    const ids = changed
      .filter((optin) => optinStatus(optin) === collection.status)
      .map((optin) => optin.idRecipient);
    for (const expression of anyOf('idRecipient', ids)) {
      const items = await client.consoleAll<RecipientItem>(
        `${listPath(listId)}/Recipients/${collection.path}`,
        {
          filterby: filterBy(expression),
        },
      );
      entries.push(...items.map((item) => ({ item, status: collection.status })));
    }
  }
  const members = entries.length ? await describe(client, listId, entries, changed) : [];
  const last = page.Items[page.Items.length - 1]?.idRecipient;
  const more = last !== undefined && page.TotalElementsCount > page.Items.length;
  return { members, ...(more ? { nextCursor: `${CHANGES}:${last}` } : {}) };
}

/** Members from recipients: their groups (for `esclusi` and tags) and opt-out dates, read per page. */
async function describe(
  client: MailupClient,
  listId: string,
  entries: Entry[],
  knownOptins?: EmailOptin[],
): Promise<VendorMember[]> {
  const ids = entries.map((entry) => entry.item.idRecipient);
  const groups = await listGroups(client, listId);
  const inGroup = new Map<number, Set<number>>();
  for (const group of groups)
    if (!isConnectorGroup(group) || groupKey(group.Name) === groupKey(EXCLUDED_GROUP.name))
      inGroup.set(group.idGroup, await membersOfGroup(client, group.idGroup, ids));
  const excluded = groups.filter((group) => groupKey(group.Name) === groupKey(EXCLUDED_GROUP.name));
  const tags = groups.filter((group) => !isConnectorGroup(group));
  const unsubscribed = entries
    .filter((entry) => entry.status === 'unsubscribed')
    .map((entry) => entry.item.idRecipient);
  const optins = knownOptins
    ? new Map(knownOptins.map((optin) => [optin.idRecipient, optin]))
    : await optinsById(client, listId, unsubscribed);
  return entries.map(({ item, status }) => {
    const id = item.idRecipient;
    const optin = optins.get(id);
    const isExcluded = excluded.some((group) => inGroup.get(group.idGroup)?.has(id));
    return {
      vendorId: String(id),
      email: normalEmail(item.Email),
      status: status === 'subscribed' && isExcluded ? 'archived' : status,
      fields: recipientFields(item),
      tags: tags.filter((group) => inGroup.get(group.idGroup)?.has(id)).map((group) => group.Name),
      ...(optin
        ? { changedAt: status === 'unsubscribed' ? mailupDate(optin.Optout_Date) : optinChangedAt(optin) }
        : {}),
    };
  });
}
