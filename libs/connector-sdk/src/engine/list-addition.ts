import { EMAIL_PATTERN } from '@crm/core';
import { CONSENT_LOCKED_STATUSES, type MemberStatus } from '../contract/vendor-records';
import type { CrmSubscriber } from './crm-sync.port';
import type { LinkState } from './sync-plan';
import { marketingEligibility } from './sync-plan';

/** Modules whose records a user can add to a vendor list from a list view (seed 001). */
export const LIST_ADDITION_MODULES = ['contacts', 'leads'] as const;
export type ListAdditionModule = (typeof LIST_ADDITION_MODULES)[number];

/** What an "add selected records to a list" run adds: whose records, to which list, with which tag. */
export interface ListAddition {
  module: ListAdditionModule;
  listId: string;
  tag?: string;
}

/**
 * Why an address of a chosen record is not added, or null when it goes to the list: it must be
 * a valid address used in marketing, ACTIVE, of a record that did not opt out, and not a member
 * the list already has as unsubscribed or cleaned — adding never re-subscribes anyone.
 */
export function listAdditionRefusal(
  subscriber: CrmSubscriber,
  link: Pick<LinkState, 'vendorStatus'> | null,
): string | null {
  if (!EMAIL_PATTERN.test(subscriber.email)) return 'not added: not a valid email address';
  const eligibility = marketingEligibility(subscriber);
  if (!eligibility.eligible) return `not added: ${eligibility.reason}`;
  if (link?.vendorStatus && CONSENT_LOCKED_STATUSES.has(link.vendorStatus))
    return notResubscribed(link.vendorStatus);
  return null;
}

/** The rule of a chosen record that has no address to add. */
export const NO_ADDRESS_RULE = 'not added: the record has no email address';

/** The rule of a member the list keeps off it (unsubscribed, cleaned, archived…). */
export const notResubscribed = (status: MemberStatus | null): string =>
  `consent: ${status ?? 'refused'} in this list, not re-subscribed`;
