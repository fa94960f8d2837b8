import type { MappingDirection } from '../contract/manifest';
import { CONSENT_LOCKED_STATUSES, MemberStatus, MemberWrite } from '../contract/vendor-records';
import { canonicalJson, contentHash } from './content-hash';
import type { CrmEmailStatus, CrmSubscriber } from './crm-sync.port';
import type { RecordAction } from './engine.entities';

/**
 * The engine's decisions, as pure functions: what to send for a CRM address, what a vendor
 * member means for the CRM, and the content hashes that make unchanged records cost nothing.
 * The engine does the I/O; everything here is deterministic, so a dry run and a real run of the
 * same state plan the same diff.
 */

export interface MappingRule {
  vendorField: string;
  crmField: string;
  direction: MappingDirection;
}

/** The state a record link remembers between runs. */
export interface LinkState {
  emailAddressId: string | null;
  vendorId: string | null;
  vendorStatus: MemberStatus | null;
  crmHash: string | null;
  vendorHash: string | null;
  /** CRM tags the last push sent; absent or null when unknown (nothing is removed then). */
  sentTags?: string[] | null;
}

/** Values compare equal when they mean the same: empty text, null and absent are all "no value". */
export function normalizeValue(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** A list's field mappings, split by direction. The address itself is the member's identity. */
export class FieldMap {
  /** [vendorField, crmField] pairs sent to the vendor. */
  readonly pushPairs: Array<[string, string]>;
  /** [vendorField, crmField] pairs read from the vendor. */
  readonly pullPairs: Array<[string, string]>;

  constructor(mappings: MappingRule[]) {
    const fields = mappings.filter((m) => m.crmField !== 'email');
    this.pushPairs = fields.filter((m) => m.direction !== 'TO_CRM').map((m) => [m.vendorField, m.crmField]);
    this.pullPairs = fields
      .filter((m) => m.direction !== 'TO_VENDOR')
      .map((m) => [m.vendorField, m.crmField]);
  }

  toVendor(crmFields: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      this.pushPairs.map(([vendor, crm]) => [vendor, normalizeValue(crmFields[crm])]),
    );
  }

  /**
   * Vendor values by CRM field, for the fields the CRM can take: values read through another
   * record (`organization.zone` on a contact) are not the subscriber's to change.
   */
  toCrm(vendorFields: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      this.pullPairs
        .filter(([vendor, crm]) => isOwnField(crm) && vendor in vendorFields)
        .map(([vendor, crm]) => [crm, normalizeValue(vendorFields[vendor])]),
    );
  }

  /** What the vendor holds, as far as the CRM cares: mapped fields read back, and the status. */
  vendorHash(vendorFields: Record<string, unknown>, status: MemberStatus): string {
    const fields = Object.fromEntries(
      this.pullPairs.map(([vendor]) => [vendor, normalizeValue(vendorFields[vendor])]),
    );
    return contentHash({ fields, status });
  }

  /**
   * The vendor hash a successful write leads to, so the next pull recognises our own write. Only
   * known when every field read back is one we send; otherwise null (the pull then compares values).
   */
  predictedVendorHash(sent: Record<string, unknown>, status: MemberStatus): string | null {
    if (!this.pullPairs.every(([vendor]) => vendor in sent)) return null;
    return this.vendorHash(sent, status);
  }
}

const isOwnField = (crmField: string) => !crmField.includes('.') || crmField.startsWith('custom.');

export type Eligibility = { eligible: true } | { eligible: false; reason: string; optedOut: boolean };

/** Seed 000: only addresses used in marketing, active, of records that did not opt out. */
export function marketingEligibility(subscriber: CrmSubscriber): Eligibility {
  if (subscriber.status !== 'ACTIVE')
    return { eligible: false, reason: `status ${subscriber.status}`, optedOut: true };
  if (subscriber.optOut) return { eligible: false, reason: 'record opted out', optedOut: true };
  if (!subscriber.useInMarketing)
    return { eligible: false, reason: 'not used in marketing', optedOut: false };
  return { eligible: true };
}

/** What the CRM would send for an address, hashed: equal hash, nothing to send. */
export function pushPayload(subscriber: CrmSubscriber, map: FieldMap) {
  const eligibility = marketingEligibility(subscriber);
  return {
    fields: map.toVendor(subscriber.fields),
    tags: [...subscriber.tags].sort(),
    consent: eligibility.eligible ? 'subscribed' : eligibility.optedOut ? 'unsubscribed' : 'none',
  };
}

export function crmHashOf(subscriber: CrmSubscriber, map: FieldMap): string {
  return contentHash(pushPayload(subscriber, map));
}

export interface PushDecision {
  action: Extract<RecordAction, 'ADD' | 'UPDATE' | 'TAGS' | 'UNSUBSCRIBE' | 'REMOVE' | 'SKIP' | 'UNCHANGED'>;
  hash: string;
  rule: string | null;
  write?: MemberWrite;
}

/** Members the vendor still has on the list (subscribed or awaiting confirmation). */
export const isOnList = (status: MemberStatus | null | undefined): boolean =>
  status === 'subscribed' || status === 'pending';

/**
 * CRM → vendor for one address. Consent rules, in order: an opted-out, unsubscribed or bounced
 * CRM address that the vendor has as subscribed is unsubscribed there explicitly; a member the
 * vendor has as unsubscribed or cleaned is never sent a status, only its fields (the vendor keeps
 * `statusIfNew` for new members only), so no CRM edit can re-subscribe it. An address merely
 * no longer used in marketing takes its member off the list (REMOVE, consent untouched).
 * `previousEmail`: the address was edited in the CRM and `link` is its member under the old
 * address; the member is renamed (keeping its status, history and consent), never re-added.
 */
export function planPush(
  subscriber: CrmSubscriber,
  link: LinkState | null,
  map: FieldMap,
  statusIfNew: MemberWrite['statusIfNew'],
  /** The connector can take members off a list (`removeMembers`). */
  canRemove = false,
  previousEmail?: string,
): PushDecision {
  const payload = pushPayload(subscriber, map);
  const hash = contentHash(payload);
  // The hash covers what is sent about the member, not its address: a rename is always a write.
  if (link?.crmHash === hash && !previousEmail) return { action: 'UNCHANGED', hash, rule: 'unchanged hash' };
  const eligibility = marketingEligibility(subscriber);
  const base = {
    email: subscriber.email,
    ...(previousEmail ? { previousEmail } : {}),
    ...(link?.vendorId ? { known: true } : {}),
    statusIfNew,
    fields: payload.fields,
  };
  const renamed = previousEmail ? `email changed in the CRM: member renamed from ${previousEmail}` : null;
  if (!eligibility.eligible) {
    if (canRemove && !eligibility.optedOut && link?.vendorId && isOnList(link.vendorStatus))
      return { action: 'REMOVE', hash, rule: `removed: ${eligibility.reason}` };
    if (eligibility.optedOut && isOnList(link?.vendorStatus))
      return {
        action: 'UNSUBSCRIBE',
        hash,
        rule: joinRules(renamed, `consent: CRM ${eligibility.reason} unsubscribes at the vendor`),
        write: { ...base, status: 'unsubscribed' },
      };
    return { action: 'SKIP', hash, rule: `not marketing: ${eligibility.reason}` };
  }
  const locked = link?.vendorStatus ? CONSENT_LOCKED_STATUSES.has(link.vendorStatus) : false;
  const remove = (link?.sentTags ?? []).filter((tag) => !payload.tags.includes(tag));
  // Only the tags differ from what the last push sent: a tag change, not a profile update.
  const tagsOnly =
    !previousEmail &&
    !!link?.vendorId &&
    !!link.sentTags &&
    contentHash({ ...payload, tags: link.sentTags }) === link.crmHash;
  return {
    action: link?.vendorId ? (tagsOnly ? 'TAGS' : 'UPDATE') : 'ADD',
    hash,
    rule: joinRules(renamed, locked ? `consent: ${link!.vendorStatus} at the vendor, fields only` : null),
    write: {
      ...base,
      ...(payload.tags.length || remove.length ? { tags: { add: payload.tags, remove } } : {}),
    },
  };
}

/** An audit line's rule: the reasons that applied, or null when none did. */
const joinRules = (...rules: Array<string | null>): string | null =>
  rules.filter(Boolean).join('; ').slice(0, 200) || null;

/** The CRM status a new record gets for a vendor member; null when such a member is not imported. */
export function crmStatusForNewMember(status: MemberStatus): CrmEmailStatus | null {
  return status === 'subscribed' || status === 'pending' ? 'ACTIVE' : null;
}

export interface ConsentChange {
  status: CrmEmailStatus;
  action: 'UNSUBSCRIBE' | 'RESUBSCRIBE';
  rule: string;
}

/**
 * Vendor → CRM status (seed 000/001: the CRM email status follows the vendor's). An unsubscribe
 * or clean at the vendor closes an active CRM address. A subscribed member lifts a CRM
 * UNSUBSCRIBED_BY_USER or BOUNCED only when we saw it leave a non-subscribed state at the vendor
 * (pending → subscribed after a double opt-in, or a re-subscribe the vendor only lets the person
 * make): a vendor that merely still has someone subscribed never lifts a CRM unsubscribe. The
 * CRM's own UNSUBSCRIBED_BY_US is never lifted from outside.
 */
export function consentChange(
  vendorStatus: MemberStatus,
  previousVendorStatus: MemberStatus | null,
  crmStatus: CrmEmailStatus,
): ConsentChange | null {
  if (vendorStatus === 'unsubscribed' && crmStatus === 'ACTIVE')
    return {
      status: 'UNSUBSCRIBED_BY_USER',
      action: 'UNSUBSCRIBE',
      rule: 'consent: unsubscribed at the vendor',
    };
  if (vendorStatus === 'cleaned' && crmStatus === 'ACTIVE')
    return { status: 'BOUNCED', action: 'UNSUBSCRIBE', rule: 'consent: cleaned (bounced) at the vendor' };
  const reOptIn =
    vendorStatus === 'subscribed' &&
    (previousVendorStatus === 'pending' ||
      (previousVendorStatus !== null && CONSENT_LOCKED_STATUSES.has(previousVendorStatus)));
  if (reOptIn && (crmStatus === 'UNSUBSCRIBED_BY_USER' || crmStatus === 'BOUNCED'))
    return {
      status: 'ACTIVE',
      action: 'RESUBSCRIBE',
      rule: `consent: re-opt-in at the vendor (${previousVendorStatus} → subscribed)`,
    };
  return null;
}

/**
 * The incoming values that differ from the current ones (normalized), by CRM field. A blank
 * vendor value never erases a CRM value: vendors blank fields they do not know, and the CRM
 * requires some (a last name) that vendors do not.
 */
export function fieldDiff(
  incoming: Record<string, unknown>,
  current: Record<string, unknown>,
): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(incoming)) {
    const normalized = normalizeValue(value);
    if (normalized !== null && canonicalJson(normalized) !== canonicalJson(normalizeValue(current[key])))
      diff[key] = normalized;
  }
  return diff;
}
