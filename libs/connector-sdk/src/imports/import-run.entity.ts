import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';

/**
 * What an import brings into the CRM: campaigns (with their recipients' activity and links, unless
 * the connector schedules CAMPAIGN_ACTIVITY apart), that activity and those links alone,
 * abandoned carts as deals, or the vendor's lists as list records.
 */
export const IMPORT_KINDS = ['CAMPAIGNS', 'CAMPAIGN_ACTIVITY', 'CARTS', 'LISTS'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const isImportKind = (kind: string): kind is ImportKind =>
  (IMPORT_KINDS as readonly string[]).includes(kind);

export const IMPORT_TRIGGERS = ['MANUAL', 'SCHEDULE'] as const;
export type ImportTrigger = (typeof IMPORT_TRIGGERS)[number];

export const IMPORT_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One campaign or cart import of an installation: who or what asked for it, where it is, and what
 * it did (`result`, the import's own counts). The job that runs it carries only its id.
 */
@Entity('import_run')
@Index('idx_import_run_installation', ['tenantId', 'installationId', 'kind', 'createdAt'])
export class ImportRun extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  /** Wide enough for the kinds scheduled jobs add (CAMPAIGN_ACTIVITY). */
  @CodeColumn(20)
  kind: ImportKind;

  @CodeColumn(12)
  trigger: ImportTrigger;

  @CodeColumn(12)
  status: ImportStatus;

  /** The import's counts once it ran (CampaignImportResult or CartImportResult). */
  @JsonColumn({ nullable: true })
  result: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  /** Tries so far; a vendor that is down or throttling gives the import back to its job's retries. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 36, nullable: true })
  requestedById: string | null;

  @DateTimeColumn({ nullable: true })
  startedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  finishedAt: Date | null;
}
