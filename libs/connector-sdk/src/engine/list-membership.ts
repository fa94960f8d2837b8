import { EMAIL_PATTERN } from '@crm/core';
import { CONSENT_LOCKED_STATUSES, type MemberStatus, type MemberWrite } from '../contract/vendor-records';
import type { CrmSubscriber } from './crm-sync.port';
import { notResubscribed } from './list-addition';
import { crmHashOf, FieldMap, LinkState, planPush, PushDecision } from './sync-plan';

/** The rule of an address no email platform would take. */
export const INVALID_ADDRESS_RULE = 'not added: not a valid email address';

/** The rule of a member that left the list because none of its views selects it any more. */
export const EXCLUDED_RULE = 'excluded: no view of the list selects it any more';

/** Statuses of a member that was on the list and may come back to it. */
const RETURNING: ReadonlySet<MemberStatus> = new Set(['archived', 'deleted']);

/**
 * CRM → vendor for one address that a list's saved views select (seed 004), or null when the
 * address cannot be a member at all (not a valid address). It is planned as any push plans it
 * (content hash, consent, fields, tags; an address merely no longer used in marketing is taken
 * off), with the list's own rules on top: a member the list has as unsubscribed or cleaned is
 * never written again, not even its fields ("never added again"); an excluded member comes back
 * as the vendor allows (`statusIfNew`); and every write names the record's module, for vendors
 * that group members by kind.
 */
export function planListMember(
  subscriber: CrmSubscriber,
  link: LinkState | null,
  map: FieldMap,
  statusIfNew: MemberWrite['statusIfNew'],
): PushDecision | null {
  if (!EMAIL_PATTERN.test(subscriber.email)) return null;
  if (link?.vendorStatus && CONSENT_LOCKED_STATUSES.has(link.vendorStatus)) {
    const hash = crmHashOf(subscriber, map);
    if (link.crmHash === hash) return { action: 'UNCHANGED', hash, rule: 'unchanged hash' };
    return { action: 'SKIP', hash, rule: notResubscribed(link.vendorStatus) };
  }
  const decision = planPush(subscriber, link, map, statusIfNew, true);
  if (!decision.write) return decision;
  const back = !!link?.vendorId && !!link.vendorStatus && RETURNING.has(link.vendorStatus);
  return {
    ...decision,
    rule:
      [back ? 'back in the list: its views select it again' : null, decision.rule]
        .filter(Boolean)
        .join('; ')
        .slice(0, 200) || null,
    write: { ...decision.write, module: subscriber.module },
  };
}
