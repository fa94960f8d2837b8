import { ConnectorErrorCode, type MemberWrite, type MemberWriteResult } from '@crm/connector-sdk';
import type { MailchimpSession } from '../mailchimp-client';
import { type MailchimpMember, memberRecordFields, toMemberStatus, toMergeFields } from './member-mapping';

/** Batch subscribe's answer, `POST /lists/{list_id}`. */
interface BatchAnswer {
  new_members: MailchimpMember[];
  updated_members: MailchimpMember[];
  errors: Array<{ email_address: string; error: string; error_code?: string; field?: string }>;
}

type Mode = 'create' | 'update';

/**
 * Writes members with batch subscribe, which has no `status_if_new`: a create call
 * (`update_existing: false`, the new member's status) leaves existing members untouched and
 * names them (ERROR_CONTACT_EXISTS); an update call (`update_existing: true`, no status unless
 * the write asks for a change) changes fields and adds tags without touching consent. Members the
 * last sync saw go through the update call first, the rest through the create call first; each
 * call sends the other one only the members it could not take. So no existing member is ever
 * sent a status it did not ask for, and a first full sync costs one call per 500 members.
 */
export async function batchSubscribe(
  session: MailchimpSession,
  listId: string,
  writes: MemberWrite[],
): Promise<Map<MemberWrite, MemberWriteResult>> {
  const results = new Map<MemberWrite, MemberWriteResult>();
  const known = writes.filter((write) => write.known);
  const unknown = writes.filter((write) => !write.known);
  await Promise.all([
    sendChain(session, listId, unknown, ['create', 'update'], results),
    sendChain(session, listId, known, ['update', 'create'], results),
  ]);
  return results;
}

async function sendChain(
  session: MailchimpSession,
  listId: string,
  writes: MemberWrite[],
  modes: Mode[],
  results: Map<MemberWrite, MemberWriteResult>,
): Promise<void> {
  let pending = writes;
  for (const [index, mode] of modes.entries()) {
    if (pending.length === 0) return;
    const last = index === modes.length - 1;
    const answer = await session.call<BatchAnswer>((api) =>
      api.lists.batchListMembers(
        listId as never,
        {
          members: pending.map((write) => memberBody(write, mode)),
          update_existing: mode === 'update',
        } as never,
      ),
    );
    pending = absorb(answer, pending, mode, last, results, session.dataCenter);
  }
}

function memberBody(write: MemberWrite, mode: Mode): Record<string, unknown> {
  const status = mode === 'create' ? (write.status ?? write.statusIfNew) : write.status;
  return {
    email_address: write.email,
    ...(status ? { status } : {}),
    merge_fields: toMergeFields(write.fields),
    // Batch subscribe adds tags; removals go through the tag segments (see member-tags.ts).
    ...(write.tags?.add.length ? { tags: write.tags.add } : {}),
  };
}

/** Records what the call settled; answers with the writes to try in the other mode. */
function absorb(
  answer: BatchAnswer,
  writes: MemberWrite[],
  mode: Mode,
  last: boolean,
  results: Map<MemberWrite, MemberWriteResult>,
  dataCenter: string,
): MemberWrite[] {
  const byEmail = new Map(writes.map((write) => [write.email.toLowerCase(), write]));
  const created = new Set(answer.new_members);
  for (const member of [...answer.new_members, ...answer.updated_members]) {
    const write = byEmail.get(member.email_address.toLowerCase());
    if (!write) continue;
    results.set(write, {
      email: write.email,
      ok: true,
      vendorId: member.id,
      status: toMemberStatus(member.status),
      created: created.has(member),
      response: { id: member.id, status: member.status, last_changed: member.last_changed },
      recordFields: memberRecordFields(member, dataCenter),
    });
  }
  const retry: MemberWrite[] = [];
  for (const error of answer.errors) {
    const write = byEmail.get(error.email_address.toLowerCase());
    if (!write || results.has(write)) continue;
    // Exists (create call) or is new (update call, which sends no status): the other call takes it.
    const otherCallTakesIt =
      mode === 'create' ? error.error_code === 'ERROR_CONTACT_EXISTS' : error.field === 'status';
    if (otherCallTakesIt && !last) retry.push(write);
    else results.set(write, failure(write, error));
  }
  for (const write of writes)
    if (!results.has(write) && !retry.includes(write))
      results.set(write, {
        email: write.email,
        ok: false,
        error: { code: ConnectorErrorCode.TEMPORARY, message: 'Mailchimp did not report on this member' },
      });
  return retry;
}

function failure(write: MemberWrite, error: BatchAnswer['errors'][number]): MemberWriteResult {
  return {
    email: write.email,
    ok: false,
    response: { error: error.error, error_code: error.error_code },
    error: {
      code: batchErrorCode(error.error),
      message: error.error.slice(0, 900),
      ...(error.field ? { field: error.field } : {}),
    },
  };
}

/** Batch subscribe reports every refusal as text; these are the ones that are about consent. */
function batchErrorCode(text: string): ConnectorErrorCode {
  if (/compliance state|forgotten|permanently deleted/i.test(text)) return ConnectorErrorCode.COMPLIANCE;
  if (/already a list member/i.test(text)) return ConnectorErrorCode.CONFLICT;
  return ConnectorErrorCode.VALIDATION;
}
