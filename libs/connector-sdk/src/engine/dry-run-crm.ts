import type { CrmEmailStatus, CrmSubscriber, SubscriberModule } from './crm-sync.port';

/** CRM values a dry run would have changed on an address. */
interface AddressChange {
  fields: Record<string, unknown>;
  status: CrmEmailStatus;
  optOut: boolean;
}

/**
 * The CRM as a dry run would have left it, kept in memory: values and statuses its pull would have
 * changed, and the records it would have created for vendor members the CRM does not know. So what
 * the run plans next — a second list's pull, the push — sees them as a real run sees its writes.
 */
export class DryRunCrm {
  private readonly changes = new Map<string, AddressChange>();
  /** Addresses of records the run would have created, by email. */
  private readonly created = new Map<string, CrmSubscriber>();
  private readonly createdRecordIds = new Set<string>();

  /** The address with the changes the run would have made to it. */
  apply(subscriber: CrmSubscriber): CrmSubscriber {
    const change = this.changes.get(subscriber.emailAddressId);
    return change ? { ...subscriber, ...change } : subscriber;
  }

  change(subscriber: CrmSubscriber, change: AddressChange): void {
    this.changes.set(subscriber.emailAddressId, change);
  }

  create(subscriber: CrmSubscriber): void {
    this.created.set(subscriber.email, subscriber);
    this.createdRecordIds.add(subscriber.recordId);
  }

  /** A record that exists only in this run's imagination (no page to link to). */
  isCreated(recordId: string | null): boolean {
    return recordId !== null && this.createdRecordIds.has(recordId);
  }

  /** The CRM's addresses with this email, and the one the run would have created. */
  withCreated(email: string, found: CrmSubscriber[]): CrmSubscriber[] {
    const created = this.created.get(email.trim().toLowerCase());
    return created ? [...found, created] : found;
  }

  /**
   * A page of a module's addresses read in id order after `after`, with the created ones that fall
   * in its range merged in (ids are random, as the real ones would be), cut back to `limit`: the
   * next page is read after its last id, so none is read twice or missed.
   */
  mergeCreated(
    module: SubscriberModule,
    page: CrmSubscriber[],
    after: string | undefined,
    limit: number,
  ): CrmSubscriber[] {
    const upTo = page.length === limit ? page[page.length - 1].emailAddressId : undefined;
    const inRange = [...this.created.values()].filter(
      (s) =>
        s.module === module &&
        (after === undefined || s.emailAddressId > after) &&
        (upTo === undefined || s.emailAddressId <= upTo),
    );
    if (inRange.length === 0) return page;
    return [...page, ...inRange]
      .sort((a, b) => (a.emailAddressId < b.emailAddressId ? -1 : 1))
      .slice(0, limit);
  }
}
