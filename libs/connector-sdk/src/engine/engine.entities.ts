import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';
import type { MemberStatus } from '../contract/vendor-records';

/**
 * Joins a CRM email address (of a contact, lead or organization) to a member of a vendor list.
 * The content hash of each side is what the last sync wrote or read: an unchanged hash costs no
 * write, and a change that only echoes our own write is recognised as such.
 */
@Entity('record_link')
@Index('uq_record_link_email', ['tenantId', 'installationId', 'listId', 'email'], { unique: true })
@Index('idx_record_link_crm', ['tenantId', 'crmModule', 'crmId'])
@Index('idx_record_link_vendor', ['tenantId', 'installationId', 'listId', 'vendorId'])
export class RecordLink extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @Column({ type: 'varchar', length: 120 })
  listId: string;

  /** Normalized (lower-case) address: the member's identity in the list. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @CodeColumn(20, { nullable: true })
  crmModule: 'contacts' | 'leads' | 'organizations' | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  crmId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  emailAddressId: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  vendorId: string | null;

  /** The member's status at the vendor as last seen (per-list member status on the record page). */
  @CodeColumn(16, { nullable: true })
  vendorStatus: MemberStatus | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  crmHash: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  vendorHash: string | null;

  /**
   * The CRM tags the last push sent (null: none sent yet). The hash only says the tags changed;
   * this says which ones the CRM dropped, so they are removed at the vendor too — and only
   * those: tags added at the vendor by its own users are not ours to remove.
   */
  @JsonColumn({ nullable: true })
  sentTags: string[] | null;

  @DateTimeColumn({ nullable: true })
  lastPushedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  lastPulledAt: Date | null;
}

export const RUN_TRIGGERS = ['MANUAL', 'SCHEDULE', 'REALTIME', 'WEBHOOK', 'REPLAY', 'INSTALL'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunCounts {
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  removed: number;
}

export const EMPTY_COUNTS: RunCounts = {
  added: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  removed: 0,
};

/** One sync run: what triggered it, how far it got (checkpoint), what it did (counts). */
@Entity('sync_run')
@Index('idx_sync_run_installation', ['tenantId', 'installationId', 'createdAt'])
export class SyncRun extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @CodeColumn(10)
  trigger: RunTrigger;

  /**
   * FULL (every record), INCREMENTAL (changes since the last run), RECORDS (chosen records),
   * TAGS (the CRM's tags applied again to every linked member: "Sync tags"), SUBSCRIBERS ("update
   * subscribers" of lists fed by saved views; FULL and INCREMENTAL runs of such a connector do the
   * same over every list).
   */
  @CodeColumn(12)
  kind: 'FULL' | 'INCREMENTAL' | 'RECORDS' | 'TAGS' | 'SUBSCRIBERS';

  @Column({ type: 'boolean', default: false })
  dryRun: boolean;

  @CodeColumn(10)
  status: RunStatus;

  @JsonColumn()
  counts: RunCounts;

  /** Records planned, when known; with `processed` it drives the progress bar. */
  @Column({ type: 'int', nullable: true })
  total: number | null;

  @Column({ type: 'int', default: 0 })
  processed: number;

  /** Where a resumed run continues: per list and phase, the last CRM id done. */
  @JsonColumn({ nullable: true })
  checkpoint: Record<string, unknown> | null;

  /** Input of a RECORDS run (record ids; module, list and tag when adding them to a list) or a replay. */
  @JsonColumn({ nullable: true })
  input: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  requestedById: string | null;

  @DateTimeColumn({ nullable: true })
  startedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  finishedAt: Date | null;

  /** Renewed while a worker holds the run; a stale one means the worker died and the run resumes. */
  @DateTimeColumn({ nullable: true })
  heartbeatAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;
}

/** Which record of which run and list a row is about: shared by audit lines and failed records. */
export abstract class RunRecordRef extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  runId: string;

  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @Column({ type: 'varchar', length: 120 })
  listId: string;

  @CodeColumn(20, { nullable: true })
  crmModule: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  crmId: string | null;

  @Column({ type: 'varchar', length: 254 })
  email: string;
}

export const RECORD_ACTIONS = [
  'ADD',
  'UPDATE',
  'UNCHANGED',
  'SKIP',
  'FAIL',
  'UNSUBSCRIBE',
  'RESUBSCRIBE',
  'TAGS',
  'REMOVE',
  'PULL',
] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** The audit line of one record in one run: before/after, the rule applied, the vendor's answer. */
@Entity('sync_run_record')
@Index('idx_run_record_run', ['tenantId', 'runId'])
@Index('idx_run_record_crm', ['tenantId', 'crmModule', 'crmId'])
export class SyncRunRecord extends RunRecordRef {
  @CodeColumn(12)
  action: RecordAction;

  @CodeColumn(16)
  direction: 'TO_VENDOR' | 'TO_CRM';

  @JsonColumn({ nullable: true })
  before: Record<string, unknown> | null;

  @JsonColumn({ nullable: true })
  after: Record<string, unknown> | null;

  /** Why: `consent: unsubscribed at vendor`, `conflict: CRM wins`, `unchanged hash`… */
  @Column({ type: 'varchar', length: 200, nullable: true })
  rule: string | null;

  @JsonColumn({ nullable: true })
  vendorResponse: Record<string, unknown> | null;
}

export const FAILURE_STATUSES = ['OPEN', 'REPLAYED', 'RESOLVED', 'DISMISSED'] as const;
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

/** A record a run could not sync, waiting (grouped by reason) to be fixed and replayed. */
@Entity('failed_record')
@Index('idx_failed_record_reason', ['tenantId', 'installationId', 'status', 'reasonCode'])
export class FailedRecord extends RunRecordRef {
  /** A ConnectorErrorCode, refined by the connector (e.g. `VALIDATION:merge_fields`). */
  @Column({ type: 'varchar', length: 60 })
  reasonCode: string;

  @Column({ type: 'varchar', length: 1000 })
  message: string;

  @Column({ type: 'int', default: 1 })
  attempts: number;

  @CodeColumn(10, { default: 'OPEN' })
  status: FailureStatus;

  @DateTimeColumn({ nullable: true })
  lastAttemptAt: Date | null;
}

/** A lease that lets exactly one worker process run a scheduled task at a time. */
@Entity('schedule_lease')
export class ScheduleLease {
  @Column({ type: 'varchar', length: 120, primary: true })
  key: string;

  @Column({ type: 'varchar', length: 80 })
  owner: string;

  @DateTimeColumn()
  leaseUntil: Date;
}
