import type { RecordModule, ScheduleFrequency } from '../contract/manifest';
import type { JobScheduleOverrides } from '../scheduling/job-schedules';

export const LIST_SELECTIONS = ['BULK', 'SELECTIVE'] as const;
export const SYNC_TYPES = ['ONE_WAY', 'TWO_WAY'] as const;
export const SYNC_DIRECTIONS = ['CRM_TO_VENDOR', 'VENDOR_TO_CRM'] as const;
export const CONFLICT_WINNERS = ['CRM', 'VENDOR'] as const;
export const SUBSCRIBER_MODULES = ['contacts', 'leads'] as const;

/**
 * Seed 001's wizard: bulk or selective lists, one-way or two-way, direction (for one-way),
 * conflict winner, schedule, e-commerce carts and stores, the CRM module that receives
 * subscribers and the target list that CRM records go to.
 */
export interface SyncSettingsData {
  listSelection: (typeof LIST_SELECTIONS)[number];
  /** For SELECTIVE: the vendor lists to sync. */
  listIds: string[];
  syncType: (typeof SYNC_TYPES)[number];
  /** For ONE_WAY: which way. */
  direction: (typeof SYNC_DIRECTIONS)[number] | null;
  conflictWinner: (typeof CONFLICT_WINNERS)[number];
  /** How often the sync runs. */
  schedule: ScheduleFrequency | 'off';
  /**
   * How often the connector's other scheduled jobs run (campaign imports, lists…), where the
   * admin chose otherwise than the connector's default (see job-schedules.ts).
   */
  schedules?: JobScheduleOverrides;
  carts: { enabled: boolean; storeIds: string[] };
  subscriberModule: (typeof SUBSCRIBER_MODULES)[number];
  /**
   * The list CRM records are pushed to (required when CRM → vendor is on, unless the connector's
   * lists are fed by saved views: then each list's views say what goes where).
   */
  targetListId: string | null;
  /**
   * Connectors whose lists are fed by saved views: per CRM module, whether an unsubscribe from one
   * list closes the address for every list (seed 004's "disiscrizione globale"); off by default.
   * Absent for other connectors.
   */
  globalUnsubscribe?: Partial<Record<RecordModule, boolean>>;
}
