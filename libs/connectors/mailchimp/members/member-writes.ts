import {
  ConnectorError,
  ConnectorErrorCode,
  type MemberWrite,
  type MemberWriteResult,
} from '@crm/connector-sdk';
import { type MailchimpSession, subscriberHash } from '../mailchimp-client';
import { batchSubscribe } from './batch-subscribe';
import { applyTagChanges } from './member-tags';

const failure = (email: string, error: ConnectorError): MemberWriteResult => ({
  email,
  ok: false,
  response: { status: error.details.vendorStatus, title: error.details.vendorTitle },
  error: {
    code: error.code,
    message: error.message,
    ...(error.details.field ? { field: error.details.field } : {}),
  },
});

/** A temporary failure or throttling fails the call (the framework retries it); the rest are per member. */
function memberFailure(email: string, error: unknown): MemberWriteResult {
  if (!(error instanceof ConnectorError) || error.retryable || error.code === ConnectorErrorCode.AUTH_REVOKED)
    throw error;
  return failure(email, error);
}

/**
 * A CRM address edit renames the member (PATCH its old address to the new one), keeping its id,
 * consent and history; the write then goes on as an update. An old member already gone is simply
 * a new one.
 */
async function rename(
  session: MailchimpSession,
  listId: string,
  write: MemberWrite,
): Promise<MemberWrite | MemberWriteResult> {
  if (!write.previousEmail) return write;
  try {
    await session.call((api) =>
      api.lists.updateListMember(
        listId as never,
        subscriberHash(write.previousEmail!) as never,
        { email_address: write.email } as never,
      ),
    );
    return { ...write, known: true };
  } catch (error) {
    if (error instanceof ConnectorError && error.code === ConnectorErrorCode.NOT_FOUND)
      return { ...write, known: false };
    return memberFailure(write.email, error);
  }
}

const isWrite = (item: MemberWrite | MemberWriteResult): item is MemberWrite => 'statusIfNew' in item;

/**
 * Renames first, then batch subscribe (see batch-subscribe.ts), then the tags the CRM dropped
 * are taken off the members that were written. One result per write, in order.
 */
export async function writeMembers(
  session: MailchimpSession,
  listId: string,
  writes: MemberWrite[],
): Promise<MemberWriteResult[]> {
  const prepared = await Promise.all(writes.map((write) => rename(session, listId, write)));
  const ready = prepared.filter(isWrite);
  const written = await batchSubscribe(session, listId, ready);
  const untag = ready
    .filter((write) => write.tags?.remove.length && written.get(write)?.ok)
    .map((write) => ({ email: write.email, add: [], remove: write.tags!.remove }));
  const untagged = new Map(
    (await applyTagChanges(session, listId, untag)).map((result) => [result.email, result]),
  );
  return prepared.map((item) => {
    if (!isWrite(item)) return item;
    const result = written.get(item)!;
    const tagFailure = untagged.get(item.email);
    return tagFailure && !tagFailure.ok
      ? { ...tagFailure, vendorId: result.vendorId, status: result.status }
      : result;
  });
}

/**
 * Archives members (Mailchimp's "remove from audience", consent kept; a later write brings one
 * back). One call per member, as Mailchimp has no bulk archive; the budget spreads them over the
 * account's connections. A member already gone counts as archived.
 */
export function removeMembers(
  session: MailchimpSession,
  listId: string,
  emails: string[],
): Promise<MemberWriteResult[]> {
  return Promise.all(
    emails.map(async (email): Promise<MemberWriteResult> => {
      try {
        await session.call((api) =>
          api.lists.deleteListMember(listId as never, subscriberHash(email) as never),
        );
        return { email, ok: true, status: 'archived', vendorId: subscriberHash(email) };
      } catch (error) {
        if (error instanceof ConnectorError && error.code === ConnectorErrorCode.NOT_FOUND)
          return { email, ok: true, status: 'archived', vendorId: subscriberHash(email) };
        return memberFailure(email, error);
      }
    }),
  );
}
