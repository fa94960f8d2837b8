import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';
import type { PeopleViewModule } from '../engine/crm-sync.port';
import type { RecipientCounts } from './recipient-plan';

/**
 * QUEUED → RUNNING → SENT (sent now) or SCHEDULED (the vendor sends it at `scheduleAt`), or FAILED.
 */
export const CAMPAIGN_SEND_STATUSES = ['QUEUED', 'RUNNING', 'SENT', 'SCHEDULED', 'FAILED'] as const;
export type CampaignSendStatus = (typeof CAMPAIGN_SEND_STATUSES)[number];

/**
 * One send of a saved vendor campaign to the people of a saved view: what was asked (view,
 * campaign, time), what it came to (counts, the static segment and the campaign copy made at the
 * vendor), and where it stands. The job that runs it carries only its id; the segment and copy
 * ids are kept as soon as they exist, so a retried job goes on from there instead of repeating.
 */
@Entity('campaign_send')
@Index('idx_campaign_send_installation', ['tenantId', 'installationId', 'createdAt'])
export class CampaignSend extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @Column({ type: 'varchar', length: 36 })
  viewId: string;

  @Column({ type: 'varchar', length: 120 })
  viewName: string;

  @CodeColumn(20)
  viewModule: PeopleViewModule;

  /** The view's filter when the send was asked for: editing the view later does not change the send. */
  @JsonColumn()
  filter: Record<string, unknown>;

  /** The vendor campaign used as the template; it stays a draft. */
  @Column({ type: 'varchar', length: 120 })
  campaignId: string;

  @Column({ type: 'varchar', length: 200 })
  campaignName: string;

  /** The campaign's audience, where the segment is made. */
  @Column({ type: 'varchar', length: 120 })
  listId: string;

  /** Null: send at once. */
  @DateTimeColumn({ nullable: true })
  scheduleAt: Date | null;

  @CodeColumn(12)
  status: CampaignSendStatus;

  /** Who it reached and who it left out, by reason, as worked out when it ran. */
  @JsonColumn({ nullable: true })
  counts: RecipientCounts | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  segmentId: string | null;

  /** The copy of the campaign that went (or goes) out. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  replicaCampaignId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 36, nullable: true })
  requestedById: string | null;

  @DateTimeColumn({ nullable: true })
  startedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  finishedAt: Date | null;
}
