import { EMAIL_PATTERN } from '@crm/core';
import type { MemberStatus } from '../contract/vendor-records';
import type { CrmPerson } from '../engine/crm-sync.port';

/**
 * Why a selected person would not receive a campaign. In this order of precedence, closest to
 * receiving first: a person with several addresses is reported under the best of them.
 * - pending: awaiting their double opt-in confirmation in the campaign's audience;
 * - notInAudience: a usable address the audience does not have (never synced, archived…);
 * - unsubscribed: they (or we) unsubscribed them, in the audience or in the CRM (opt-out);
 * - cleaned: the audience cleaned the address (bounces), or the CRM has it as BOUNCED;
 * - noEmail: no valid address marked "use in marketing".
 */
export const EXCLUSION_REASONS = ['pending', 'notInAudience', 'unsubscribed', 'cleaned', 'noEmail'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Samples kept per reason, so an admin can see who is left out without paging through everyone. */
export const SAMPLES_PER_REASON = 5;

export interface RecipientCounts {
  /** Contacts the view selects. */
  people: number;
  /** Of those, how many would receive the campaign. */
  recipients: number;
  /** Distinct audience members it goes to (a contact may have two subscribed addresses). */
  members: number;
  excluded: Record<ExclusionReason, number>;
}

export interface RecipientSample {
  recordId: string;
  name: string;
  /** The address the reason is about; null for a contact with no address at all. */
  email: string | null;
}

export interface RecipientSummary extends RecipientCounts {
  samples: Record<ExclusionReason, RecipientSample[]>;
}

type Address = CrmPerson['emails'][number];
type Outcome = 'send' | ExclusionReason;

const usable = (address: Address) => address.useInMarketing && EMAIL_PATTERN.test(address.email);

/** The addresses whose membership in the audience decides whether this person can receive it. */
export function usableEmails(person: CrmPerson): string[] {
  return person.emails.filter(usable).map((address) => address.email);
}

/** What the CRM itself says against mailing an address (consent outranks a vendor's "subscribed"). */
function crmExclusion(person: CrmPerson, address: Address): ExclusionReason | undefined {
  if (address.status === 'BOUNCED') return 'cleaned';
  if (address.status !== 'ACTIVE' || person.optOut) return 'unsubscribed';
  return undefined;
}

/** One address: it can be sent to, or why not. `status` is its member status in the audience. */
export function addressOutcome(
  person: CrmPerson,
  address: Address,
  status: MemberStatus | undefined,
): Outcome {
  if (!usable(address)) return 'noEmail';
  switch (status) {
    case 'unsubscribed':
    case 'cleaned':
    case 'pending':
      return status;
    case 'subscribed':
      return crmExclusion(person, address) ?? 'send';
    default:
      return crmExclusion(person, address) ?? 'notInAudience';
  }
}

const rank = (reason: ExclusionReason) => EXCLUSION_REASONS.indexOf(reason);

/**
 * Who of a view's people a campaign reaches: every address of theirs that is subscribed in the
 * campaign's audience and that the CRM does not hold back; the others counted by reason.
 */
export class RecipientPlan {
  private readonly memberEmails = new Set<string>();
  private readonly counts: RecipientCounts = {
    people: 0,
    recipients: 0,
    members: 0,
    excluded: { pending: 0, notInAudience: 0, unsubscribed: 0, cleaned: 0, noEmail: 0 },
  };
  private readonly samples: Record<ExclusionReason, RecipientSample[]> = {
    pending: [],
    notInAudience: [],
    unsubscribed: [],
    cleaned: [],
    noEmail: [],
  };

  add(person: CrmPerson, statusOf: (email: string) => MemberStatus | undefined): void {
    this.counts.people += 1;
    let best: { reason: ExclusionReason; email: string | null } = { reason: 'noEmail', email: null };
    let sendable = false;
    for (const address of person.emails) {
      const outcome = addressOutcome(person, address, statusOf(address.email));
      if (outcome === 'send') {
        sendable = true;
        this.memberEmails.add(address.email);
      } else if (best.email === null || rank(outcome) < rank(best.reason))
        best = { reason: outcome, email: address.email };
    }
    if (sendable) {
      this.counts.recipients += 1;
      return;
    }
    this.counts.excluded[best.reason] += 1;
    if (this.samples[best.reason].length < SAMPLES_PER_REASON)
      this.samples[best.reason].push({ recordId: person.recordId, name: person.name, email: best.email });
  }

  /** The audience members the campaign goes to, in address order. */
  get emails(): string[] {
    return [...this.memberEmails].sort();
  }

  get totals(): RecipientCounts {
    return { ...this.counts, members: this.memberEmails.size, excluded: { ...this.counts.excluded } };
  }

  summary(): RecipientSummary {
    return {
      ...this.totals,
      samples: Object.fromEntries(
        EXCLUSION_REASONS.map((reason) => [reason, this.samples[reason].map((sample) => ({ ...sample }))]),
      ) as Record<ExclusionReason, RecipientSample[]>,
    };
  }
}
