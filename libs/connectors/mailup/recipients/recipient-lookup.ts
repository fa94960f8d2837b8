import type { MailupClient } from '../mailup-client';
import { groupPath, listPath } from '../mailup-paths';
import { anyOf, between, filterBy, orderBy } from '../mailup-query';
import { normalEmail, type EmailOptin } from './recipient-mapping';

/**
 * The list's subscriptions of these addresses, by lower-cased address; addresses it lacks are
 * absent. The connector writes addresses in lower case and looks them up so (`==` is what MailUp
 * evaluates fastest); `caseless` looks again for the ones not found as written, for recipients
 * someone else created with capitals.
 */
export async function optinsByEmail(
  client: MailupClient,
  listId: string,
  emails: string[],
  options: { caseless?: boolean } = {},
): Promise<Map<string, EmailOptin>> {
  const wanted = [...new Set(emails.map(normalEmail))];
  const found = new Map<string, EmailOptin>();
  const read = async (property: string, values: string[]) => {
    for (const expression of anyOf(property, values)) {
      const optins = await client.consoleAll<EmailOptin>(`${listPath(listId)}/Recipients/EmailOptins`, {
        filterby: filterBy(expression),
      });
      for (const optin of optins) found.set(normalEmail(optin.Email), optin);
    }
  };
  await read('Email', wanted);
  if (options.caseless)
    await read(
      'Email.ToLower()',
      wanted.filter((email) => !found.has(email)),
    );
  return found;
}

/** How many calls `optinsByEmail` makes for these addresses (one per filter, one page each). */
export const addressLookupCalls = (emails: string[]) =>
  anyOf('Email', [...new Set(emails.map(normalEmail))]).length;

const optinsPath = (listId: string) => `${listPath(listId)}/Recipients/EmailOptins`;

/**
 * The highest recipient id the list has (0 when empty). MailUp's recipient ids grow account-wide,
 * so the recipients an import creates afterwards all have higher ones.
 */
export async function lastRecipientId(client: MailupClient, listId: string): Promise<number> {
  const page = await client.consolePage<EmailOptin>(
    optinsPath(listId),
    { orderby: orderBy('idRecipient', 'desc') },
    0,
    1,
  );
  return page.Items[0]?.idRecipient ?? 0;
}

/**
 * The list's subscriptions of these addresses among its recipients newer than `afterId`: the
 * ones an import just created, read newest first by id (a page names 500 of them, where a
 * filter by address names about 40) until all are found or none is left. Pages are read newest
 * first so recipients other writers add meanwhile only push rows down, never out of sight.
 * Addresses not found are absent (they existed before, or the import refused them).
 */
export async function newOptinsByEmail(
  client: MailupClient,
  listId: string,
  emails: string[],
  afterId: number,
): Promise<Map<string, EmailOptin>> {
  const wanted = new Set(emails.map(normalEmail));
  const found = new Map<string, EmailOptin>();
  const query = { filterby: filterBy(`idRecipient > ${afterId}`), orderby: orderBy('idRecipient', 'desc') };
  for (let pageNumber = 0, seen = 0; found.size < wanted.size; pageNumber++) {
    const page = await client.consolePage<EmailOptin>(optinsPath(listId), query, pageNumber);
    for (const optin of page.Items)
      if (wanted.has(normalEmail(optin.Email))) found.set(normalEmail(optin.Email), optin);
    seen += page.Items.length;
    if (page.Items.length === 0 || seen >= page.TotalElementsCount) break;
  }
  return found;
}

/**
 * Filters that pick these recipient ids out of a collection (statistics spell it `IdRecipient`): one id range when the ids are
 * dense (a page of a list read), else as few `==` lists as the URL length allows. A range may
 * also return ids that were not asked for; callers keep the ones they want.
 */
export function idFilters(ids: number[], property = 'idRecipient'): string[] {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (unique.length === 0) return [];
  const low = unique[0];
  const high = unique[unique.length - 1];
  if (high - low + 1 <= 2 * unique.length) return [between(property, low, high)];
  return anyOf(property, unique);
}

/** Which of these recipients are in the group. */
export async function membersOfGroup(
  client: MailupClient,
  groupId: number,
  ids: number[],
): Promise<Set<number>> {
  const wanted = new Set(ids);
  const members = new Set<number>();
  for (const expression of idFilters(ids)) {
    const items = await client.consoleAll<{ idRecipient: number }>(`${groupPath(groupId)}/Recipients`, {
      filterby: filterBy(expression),
    });
    for (const item of items) if (wanted.has(item.idRecipient)) members.add(item.idRecipient);
  }
  return members;
}

/** The list's subscriptions of these recipients, by id. */
export async function optinsById(
  client: MailupClient,
  listId: string,
  ids: number[],
): Promise<Map<number, EmailOptin>> {
  const wanted = new Set(ids);
  const found = new Map<number, EmailOptin>();
  for (const expression of idFilters(ids)) {
    const optins = await client.consoleAll<EmailOptin>(`${listPath(listId)}/Recipients/EmailOptins`, {
      filterby: filterBy(expression),
    });
    for (const optin of optins) if (wanted.has(optin.idRecipient)) found.set(optin.idRecipient, optin);
  }
  return found;
}
