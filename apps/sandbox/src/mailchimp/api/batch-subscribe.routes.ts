import type { RouteModule } from '../context';
import { queryFlag } from '../http/collection';
import { MailchimpProblem } from '../http/problem';
import { type Member, now } from '../state';
import { readMemberInput, schemaMessage, type WritableStatus } from '../members/member-input';
import { addTag, replaceTags } from '../members/member-tags';
import { createMember, updateMember, type WriteScope } from '../members/member-writes';
import { findMember, memberView } from '../members/member.model';
import { writeScope } from './members.routes';

/**
 * Batch subscribe, `POST /lists/{list_id}`: up to 500 contacts added or changed in one
 * synchronous call. Each contact follows the single-member rules; a refusal is reported in
 * `errors[]` of a 200 answer (ERROR_CONTACT_EXISTS for a known contact without
 * `update_existing`, ERROR_GENERIC for the rest) and the others still go through. Contacts are
 * taken in order, so without `skip_duplicate_check` a repeated address meets the contact its
 * first appearance made; with it, later appearances are ignored.
 */

const MAX_MEMBERS = 500;

interface BatchError {
  email_address: string;
  error: string;
  error_code: 'ERROR_CONTACT_EXISTS' | 'ERROR_GENERIC';
  field?: string;
  field_message?: string;
}

interface BatchRequest {
  members: unknown[];
  updateExisting: boolean;
  syncTags: boolean;
}

function readBatch(body: unknown): BatchRequest {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: Array<{ field: string; message: string }> = [];
  if (!Array.isArray(raw.members))
    errors.push({ field: 'members', message: schemaMessage('array', raw.members) });
  for (const key of ['update_existing', 'sync_tags'])
    if (raw[key] !== undefined && typeof raw[key] !== 'boolean')
      errors.push({ field: key, message: schemaMessage('boolean', raw[key]) });
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  const members = raw.members as unknown[];
  if (members.length > MAX_MEMBERS)
    throw MailchimpProblem.invalidResource(
      `You may not subscribe more than ${MAX_MEMBERS} members in a single batch request; this one has ${members.length}.`,
      [{ field: 'members', message: `Array may not contain more than ${MAX_MEMBERS} items` }],
    );
  return { members, updateExisting: raw.update_existing === true, syncTags: raw.sync_tags === true };
}

const contactExists = (email: string): BatchError => ({
  email_address: email,
  error: `${email} is already a list member, do you want to update? please provide update_existing:true in the request body`,
  error_code: 'ERROR_CONTACT_EXISTS',
});

function genericError(email: string, problem: MailchimpProblem): BatchError {
  const first = problem.errors?.[0];
  return {
    email_address: email,
    error: problem.detail,
    error_code: 'ERROR_GENERIC',
    ...(first ? { field: first.field, field_message: first.message } : {}),
  };
}

type Outcome = { created: Member } | { updated: Member } | { error: BatchError } | undefined;

function subscribeOne(
  scope: WriteScope,
  batch: BatchRequest,
  raw: unknown,
  seen: Set<string>,
  skipDuplicates: boolean,
): Outcome {
  const rawEmail = (raw as { email_address?: unknown } | null)?.email_address;
  const email = typeof rawEmail === 'string' ? rawEmail : '';
  if (skipDuplicates && seen.has(email.toLowerCase())) return undefined;
  seen.add(email.toLowerCase());
  const input = readMemberInput(raw, 'batch');
  // Only an address names a contact here (findMember would also take a hash or contact id).
  const existing = email.includes('@') ? findMember(scope.list, email) : undefined;
  if (!existing) {
    if (!input.status) throw MailchimpProblem.field('status', schemaMessage('string', undefined));
    return { created: createMember(scope, input, input.status as WritableStatus) };
  }
  if (!batch.updateExisting) return { error: contactExists(email) };
  const member = updateMember(scope, existing, input, { status: input.status });
  const tags = input.tags ?? [];
  const tagsChanged = batch.syncTags
    ? replaceTags(scope.account, scope.list, member, tags)
    : tags.map((tag) => addTag(scope.account, scope.list, member, tag)).some(Boolean);
  if (tagsChanged) member.last_changed = now();
  return { updated: member };
}

export const batchSubscribeRoutes: RouteModule = (router, context) => {
  router.post('/lists/:list_id', (req, res) => {
    const scope = writeScope(context, req, res);
    const batch = readBatch(req.body);
    const skipDuplicates = queryFlag(req, 'skip_duplicate_check');
    const seen = new Set<string>();
    const created: Member[] = [];
    const updated: Member[] = [];
    const errors: BatchError[] = [];
    for (const raw of batch.members) {
      try {
        const outcome = subscribeOne(scope, batch, raw, seen, skipDuplicates);
        if (!outcome) continue;
        if ('created' in outcome) created.push(outcome.created);
        else if ('updated' in outcome) updated.push(outcome.updated);
        else errors.push(outcome.error);
      } catch (error) {
        if (!(error instanceof MailchimpProblem)) throw error;
        const email = (raw as { email_address?: unknown } | null)?.email_address;
        errors.push(genericError(typeof email === 'string' ? email : '', error));
      }
    }
    if (created.length || updated.length) context.changed();
    res.json({
      new_members: created.map((member) => memberView(scope.list, member)),
      updated_members: updated.map((member) => memberView(scope.list, member)),
      errors,
      total_created: created.length,
      total_updated: updated.length,
      error_count: errors.length,
      _links: [],
    });
  });
};
