import { ConnectorError, ConnectorErrorCode, type ListRepair, type RecordModule } from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { listPath } from '../mailup-paths';

/** A group as `GET /Console/List/{idList}/Groups` lists it. */
export interface MailupGroup {
  idGroup: number;
  idList: number;
  Name: string;
  Notes?: string | null;
  Deletable?: boolean;
  Count?: number | null;
}

/** MailUp cuts group names at 50 characters; names are matched and created already cut. */
const GROUP_NAME_MAX = 50;

/**
 * The group each CRM module's people go to in every list (the Vtiger connector the users know
 * made one per entity too), in the language of the users' MailUp console, like `esclusi`.
 */
export const ENTITY_GROUPS: Record<RecordModule, { name: string; notes: string }> = {
  leads: { name: 'CRM Lead', notes: 'CRM Connect: i lead del CRM. Se eliminato, viene ricreato.' },
  contacts: { name: 'CRM Contatti', notes: 'CRM Connect: i contatti del CRM. Se eliminato, viene ricreato.' },
  organizations: {
    name: 'CRM Aziende',
    notes: 'CRM Connect: le aziende del CRM. Se eliminato, viene ricreato.',
  },
};

/** Where people who no longer match a list's rules go, so they get no more messages (seed 004). */
export const EXCLUDED_GROUP = {
  name: 'esclusi',
  notes: 'CRM Connect: chi non rientra più nei filtri della lista. Se eliminato, viene ricreato.',
};

export const groupName = (name: string) => name.trim().slice(0, GROUP_NAME_MAX);
/** Group names compare without case (and cut as MailUp cuts them). */
export const groupKey = (name: string) => groupName(name).toLowerCase();

export function listGroups(client: MailupClient, listId: string): Promise<MailupGroup[]> {
  return client.consoleAll<MailupGroup>(`${listPath(listId)}/Groups`);
}

/** The groups of a list by lower-cased name (of two with one name, the older). */
export function groupsByName(groups: MailupGroup[]): Map<string, MailupGroup> {
  const byName = new Map<string, MailupGroup>();
  for (const group of [...groups].sort((a, b) => a.idGroup - b.idGroup))
    if (!byName.has(groupKey(group.Name))) byName.set(groupKey(group.Name), group);
  return byName;
}

/**
 * The groups with these names, created where the list has none (MailUp would make a second group
 * of a name, so names are looked up first). `known` is the list's groups as just read; nothing is
 * kept between calls, so a group someone deleted is made again by the next call that needs it.
 */
export async function ensureGroups(
  client: MailupClient,
  listId: string,
  wanted: Array<{ name: string; notes?: string }>,
  known?: MailupGroup[],
): Promise<Map<string, MailupGroup>> {
  let byName = groupsByName(known ?? (await listGroups(client, listId)));
  const created: MailupGroup[] = [];
  for (const { name, notes } of wanted) {
    if (byName.has(groupKey(name))) continue;
    const group = await client.console<MailupGroup>(`${listPath(listId)}/Group`, {
      method: 'POST',
      body: { Name: groupName(name), Notes: notes ?? '', Deletable: true },
    });
    if (!group || typeof group.idGroup !== 'number')
      throw new ConnectorError(ConnectorErrorCode.TEMPORARY, `MailUp did not answer the new group “${name}”`);
    created.push(group);
    byName.set(groupKey(name), group);
  }
  if (created.length > 0) byName = await settleCreated(client, listId, created);
  return new Map(wanted.map(({ name }) => [groupKey(name), byName.get(groupKey(name))!]));
}

/**
 * Two writes to one list at the same moment may both create a missing group. Group ids grow, so
 * the older group wins: a creator that finds an older group of its name deletes its own and
 * uses that one, and the list keeps one group per name.
 */
async function settleCreated(
  client: MailupClient,
  listId: string,
  created: MailupGroup[],
): Promise<Map<string, MailupGroup>> {
  const byName = groupsByName(await listGroups(client, listId));
  for (const group of created) {
    const winner = byName.get(groupKey(group.Name));
    if (!winner) byName.set(groupKey(group.Name), group);
    else if (winner.idGroup !== group.idGroup)
      await client.console(`${listPath(listId)}/Group/${group.idGroup}`, { method: 'DELETE' });
  }
  return byName;
}

/** The connector's own groups of a list: one per CRM module and `esclusi`. */
export interface ConnectorGroups {
  entity: Record<RecordModule, MailupGroup>;
  excluded: MailupGroup;
  /** Every group of the list, the connector's included. */
  all: MailupGroup[];
}

export async function ensureConnectorGroups(
  client: MailupClient,
  listId: string,
  /** The list's groups as just read, if they were. */
  read?: MailupGroup[],
): Promise<ConnectorGroups> {
  const known = read ?? (await listGroups(client, listId));
  const modules = Object.keys(ENTITY_GROUPS) as RecordModule[];
  const groups = await ensureGroups(
    client,
    listId,
    [...modules.map((m) => ENTITY_GROUPS[m]), EXCLUDED_GROUP],
    known,
  );
  const entity = Object.fromEntries(
    modules.map((m) => [m, groups.get(groupKey(ENTITY_GROUPS[m].name))!]),
  ) as Record<RecordModule, MailupGroup>;
  const excluded = groups.get(groupKey(EXCLUDED_GROUP.name))!;
  const all = [...new Map([...known, ...groups.values()].map((g) => [g.idGroup, g])).values()];
  return { entity, excluded, all };
}

/**
 * The connector's groups of a list made again where someone deleted one (or where the list never
 * had them), before an update writes it. MailUp keeps a deleted group's members on the list
 * outside any group, so the CRM's members of a module whose group was missing are written again,
 * and with `esclusi` missing the excluded are on the list again, to be moved back there.
 */
export async function repairListGroups(client: MailupClient, listId: string): Promise<ListRepair> {
  const known = await listGroups(client, listId);
  const names = groupsByName(known);
  const missing = (group: { name: string }) => !names.has(groupKey(group.name));
  const rewrite = (Object.keys(ENTITY_GROUPS) as RecordModule[]).filter((m) => missing(ENTITY_GROUPS[m]));
  const reexclude = missing(EXCLUDED_GROUP);
  if (rewrite.length > 0 || reexclude) await ensureConnectorGroups(client, listId, known);
  return { rewrite, reexclude };
}

/** Whether a group is one the connector keeps (entity groups, `esclusi`) rather than a tag. */
export function isConnectorGroup(group: MailupGroup): boolean {
  const names = [...Object.values(ENTITY_GROUPS), EXCLUDED_GROUP].map((g) => groupKey(g.name));
  return names.includes(groupKey(group.Name));
}
