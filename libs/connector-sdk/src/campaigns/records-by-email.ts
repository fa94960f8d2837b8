import type { TenantId } from '@crm/platform';
import { normalizeEmail } from '@crm/core';
import type { CrmSyncPort, SubscriberModule } from '../engine/crm-sync.port';

export interface RecordRef<M extends SubscriberModule = SubscriberModule> {
  module: M;
  recordId: string;
}

/**
 * The CRM records that have an address (leads, organizations, contacts), through the CRM's
 * email index. One import meets the same addresses again and again (every campaign's
 * recipients, every link's clickers), so each is looked up once per import.
 */
export class RecordsByEmail {
  private readonly known = new Map<string, RecordRef[]>();

  constructor(
    private readonly crm: CrmSyncPort,
    private readonly tenantId: TenantId,
  ) {}

  /** The records of these modules with this address, each once. */
  async find<M extends SubscriberModule>(email: string, modules: readonly M[]): Promise<RecordRef<M>[]> {
    const all = await this.all(normalizeEmail(email));
    return all.filter((record): record is RecordRef<M> => modules.includes(record.module as M));
  }

  private async all(email: string): Promise<RecordRef[]> {
    const cached = this.known.get(email);
    if (cached) return cached;
    const found = new Map<string, RecordRef>();
    for (const subscriber of await this.crm.findByEmail(this.tenantId, email))
      found.set(`${subscriber.module}:${subscriber.recordId}`, {
        module: subscriber.module,
        recordId: subscriber.recordId,
      });
    const records = [...found.values()];
    this.known.set(email, records);
    return records;
  }
}
