import {
  ConnectorErrorCode,
  type MemberWrite,
  type MemberWriteResult,
  type RecordModule,
} from '@crm/connector-sdk';
import { changeTags } from '../groups/group-tags';
import { ensureConnectorGroups, type ConnectorGroups } from '../groups/list-groups';
import type { MailupClient } from '../mailup-client';
import { leaveExcluded, moveToExcluded } from './excluded-moves';
import { importIntoGroup, importIntoList, type ImportOptions } from './recipient-imports';
import { lastRecipientId, newOptinsByEmail, optinsByEmail, optinsById } from './recipient-lookup';
import { normalEmail, optinStatus, recipientInput, type EmailOptin } from './recipient-mapping';
import { memberFailure, refused, written } from './write-results';

/** A write that names no CRM module (a record pushed outside the list's saved views) is a contact's. */
const moduleOf = (write: MemberWrite): RecordModule => write.module ?? 'contacts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** How a write is imported: as is, pending confirmation (double opt-in), or as an unsubscribe. */
type Mode = 'plain' | 'confirm' | 'optOut';

interface Planned {
  write: MemberWrite;
  email: string;
  /** The address' subscription to the list before the write; none when the list lacks it. */
  before?: EmailOptin;
  mode: Mode;
  groupId: number;
}

function modeOf(write: MemberWrite, before: EmailOptin | undefined): Mode {
  if (write.status === 'unsubscribed') return 'optOut';
  if (write.status === 'pending') return 'confirm';
  return !before && write.statusIfNew === 'pending' ? 'confirm' : 'plain';
}

/**
 * Writes members into their CRM module's group of the list with asynchronous group imports (one
 * per module and mode), which create or update recipients and subscribe new ones but never
 * re-subscribe one who unsubscribed. Members the CRM had moved to `esclusi` come back out of it,
 * tags become groups, and a renamed address' old recipient goes to `esclusi`. Each result comes
 * from the list's subscriptions read back: the recipient's id and status; an address the import
 * refused is a VALIDATION failure. A blind "subscribed" for someone who unsubscribed is refused
 * (COMPLIANCE) without a call.
 */
export async function writeMembers(
  client: MailupClient,
  listId: string,
  writes: MemberWrite[],
): Promise<MemberWriteResult[]> {
  const results = new Map<MemberWrite, MemberWriteResult>();
  const valid = writes.filter((write) => {
    if (EMAIL.test(write.email.trim())) return true;
    results.set(
      write,
      refused(write.email, ConnectorErrorCode.VALIDATION, `“${write.email}” is not an email address`),
    );
    return false;
  });
  if (valid.length > 0) await writeValid(client, listId, valid, results);
  return writes.map((write) => results.get(write)!);
}

async function writeValid(
  client: MailupClient,
  listId: string,
  writes: MemberWrite[],
  results: Map<MemberWrite, MemberWriteResult>,
): Promise<void> {
  const groups = await ensureConnectorGroups(client, listId);
  const before = await optinsByEmail(
    client,
    listId,
    writes.map((write) => write.email),
  );
  const planned: Planned[] = [];
  for (const write of writes) {
    const email = normalEmail(write.email);
    const current = before.get(email);
    if (write.status === 'subscribed' && current && optinStatus(current) === 'unsubscribed')
      results.set(write, unsubscribedRefusal(write.email, current));
    else
      planned.push({
        write,
        email,
        before: current,
        mode: modeOf(write, current),
        groupId: groups.entity[moduleOf(write)].idGroup,
      });
  }
  // Recipients the imports create get ids above this one.
  const lastId = planned.some((item) => !item.before) ? await lastRecipientId(client, listId) : 0;
  await sendImports(client, listId, planned, results);
  const imported = planned.filter((item) => !results.has(item.write));
  await leaveExcluded(
    client,
    groups,
    imported.flatMap((item) => (item.before && item.mode !== 'optOut' ? [item.before.idRecipient] : [])),
  );
  const after = await readBack(client, listId, imported, before, lastId);
  await applyWriteTags(client, listId, imported, after, results);
  await excludeRenamed(client, listId, groups, imported);
  for (const item of imported) {
    if (results.has(item.write)) continue;
    const optin = after.get(item.email);
    results.set(item.write, optin ? outcome(item, optin) : notTaken(item.write.email));
  }
}

/**
 * The subscriptions after the imports: new recipients have their ids only now, and an explicit
 * status change may have moved one. Known recipients are read by id, new ones among the list's
 * newest recipients, and only addresses found in neither (a recipient of another list, one
 * written with capitals by someone else) by address.
 */
async function readBack(
  client: MailupClient,
  listId: string,
  imported: Planned[],
  before: Map<string, EmailOptin>,
  lastId: number,
): Promise<Map<string, EmailOptin>> {
  const after = new Map(before);
  const moved = imported.filter((item) => item.before && item.mode !== 'plain');
  const byId = await optinsById(
    client,
    listId,
    moved.map((item) => item.before!.idRecipient),
  );
  for (const item of moved) {
    const optin = byId.get(item.before!.idRecipient);
    if (optin) after.set(item.email, optin);
  }
  const added = imported.filter((item) => !item.before).map((item) => item.email);
  if (added.length === 0) return after;
  const created = await newOptinsByEmail(client, listId, added, lastId);
  const older = added.filter((email) => !created.has(email));
  const found = older.length ? await optinsByEmail(client, listId, older, { caseless: true }) : new Map();
  for (const [email, optin] of [...created, ...found]) after.set(email, optin);
  return after;
}

/** One import per CRM group and mode; a refused import fails its writes (a passing failure, the call). */
async function sendImports(
  client: MailupClient,
  listId: string,
  planned: Planned[],
  results: Map<MemberWrite, MemberWriteResult>,
): Promise<void> {
  const batches = new Map<string, Planned[]>();
  for (const item of planned) {
    const key = `${item.mode}:${item.mode === 'optOut' ? 'list' : item.groupId}`;
    batches.set(key, [...(batches.get(key) ?? []), item]);
  }
  for (const batch of batches.values()) {
    const { mode, groupId } = batch[0];
    const recipients = batch.map((item) => recipientInput(item.email, item.write.fields));
    const options: ImportOptions = { optOut: mode === 'optOut', confirm: mode === 'confirm' };
    try {
      if (mode === 'optOut') await importIntoList(client, listId, recipients, options);
      else await importIntoGroup(client, groupId, recipients, options);
    } catch (error) {
      for (const item of batch) results.set(item.write, memberFailure(item.write.email, error));
    }
  }
}

async function applyWriteTags(
  client: MailupClient,
  listId: string,
  imported: Planned[],
  after: Map<string, EmailOptin>,
  results: Map<MemberWrite, MemberWriteResult>,
): Promise<void> {
  const tagged = imported.filter(
    (item) => after.has(item.email) && (item.write.tags?.add.length || item.write.tags?.remove.length),
  );
  if (tagged.length === 0) return;
  const ids = new Map(tagged.map((item) => [item.email, after.get(item.email)!.idRecipient]));
  const failed = await changeTags(
    client,
    listId,
    tagged.map((item) => ({ email: item.email, add: item.write.tags!.add, remove: item.write.tags!.remove })),
    ids,
  );
  for (const item of tagged) {
    const failure = failed.get(item.email);
    if (failure) results.set(item.write, { ...failure, email: item.write.email });
  }
}

/**
 * A CRM address edit: MailUp keys recipients by address and this write made (or found) the new
 * one, so the old address' recipient leaves the CRM's groups for `esclusi`, its history kept.
 */
async function excludeRenamed(
  client: MailupClient,
  listId: string,
  groups: ConnectorGroups,
  imported: Planned[],
): Promise<void> {
  const previous = imported.flatMap((item) =>
    item.write.previousEmail && normalEmail(item.write.previousEmail) !== item.email
      ? [normalEmail(item.write.previousEmail)]
      : [],
  );
  if (previous.length === 0) return;
  const optins = await optinsByEmail(client, listId, previous);
  await moveToExcluded(
    client,
    groups,
    [...optins].map(([email, optin]) => ({ email, idRecipient: optin.idRecipient })),
  );
}

function outcome(item: Planned, optin: EmailOptin): MemberWriteResult {
  const result = written(item.write.email, optin, !item.before);
  // A re-opt-in MailUp did not take (it keeps the unsubscribe) is not a success.
  if (item.mode === 'confirm' && result.status === 'unsubscribed')
    return unsubscribedRefusal(item.write.email, optin);
  return result;
}

function unsubscribedRefusal(email: string, optin: EmailOptin): MemberWriteResult {
  return refused(
    email,
    ConnectorErrorCode.COMPLIANCE,
    `${normalEmail(email)} unsubscribed from this MailUp list; only the person can subscribe again`,
    { vendorId: String(optin.idRecipient), status: 'unsubscribed', response: { Status: optin.Status } },
  );
}

function notTaken(email: string): MemberWriteResult {
  return refused(
    email,
    ConnectorErrorCode.VALIDATION,
    `MailUp did not take ${normalEmail(email)}: its import counted the address as not valid`,
  );
}
