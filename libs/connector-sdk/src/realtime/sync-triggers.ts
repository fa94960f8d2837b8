import type { TenantId } from '@crm/platform';
import type { VendorEvent } from '../contract/vendor-records';
import type { SyncRun } from '../engine/engine.entities';

/**
 * What starts syncs besides a user's "Sync now": CRM changes (outbox relay), vendor webhooks and
 * schedules. The sync engine implements it and binds itself to SYNC_TRIGGERS.
 */
export const SYNC_TRIGGERS = Symbol('SYNC_TRIGGERS');

export interface SyncTriggers {
  /** CRM records changed: sync them to this installation soon (a RECORDS run). */
  crmRecordsChanged(tenantId: TenantId, installationId: string, recordIds: string[]): Promise<void>;
  /** The vendor told us about changes (webhook): apply them to the CRM. */
  vendorEventsReceived(tenantId: TenantId, installationId: string, events: VendorEvent[]): Promise<void>;
  /**
   * A scheduled job that is a sync run came due (exactly once per slot across all workers): a
   * run of this kind (the sync: INCREMENTAL).
   */
  scheduledSyncDue(tenantId: TenantId, installationId: string, kind?: SyncRun['kind']): Promise<void>;
}
