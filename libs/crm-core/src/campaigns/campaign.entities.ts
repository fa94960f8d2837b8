import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';

/**
 * The records a campaign's recipients are matched to (by email address): every record with an
 * address, since lists take organizations too (seed 004: a send is reached from the lead, the
 * contact or the organization it went to).
 */
export const CAMPAIGN_RECIPIENT_MODULES = ['contacts', 'leads', 'organizations'] as const;
export type CampaignRecipientModule = (typeof CAMPAIGN_RECIPIENT_MODULES)[number];

/** The records a link's clickers are matched to (by email address), as MailUp's seed lists them. */
export const CLICKER_MODULES = ['leads', 'organizations', 'contacts'] as const;
export type ClickerModule = (typeof CLICKER_MODULES)[number];

export const CAMPAIGN_EVENT_TYPES = ['sent', 'open', 'click', 'bounce', 'unsubscribe'] as const;
export type CampaignEventType = (typeof CAMPAIGN_EVENT_TYPES)[number];

/** One thing that happened to one recipient of a campaign; `at` is an ISO-8601 UTC instant. */
export interface CampaignEvent {
  type: CampaignEventType;
  at: string;
  url?: string;
}

/** A campaign's report as the sending platform counts it. */
export interface CampaignFigures {
  recipients: number;
  opens: number;
  uniqueOpens: number;
  clicks: number;
  uniqueClicks: number;
  bounces: number;
  unsubscribes: number;
}

/**
 * An email campaign imported from a marketing platform (seed 001's Campaigns module). It is the
 * tenant's record: when the connector that brought it is uninstalled the campaign stays, with
 * `installationId` cleared, and a later installation of the same account adopts it again.
 */
@Entity('campaign')
@Index('uq_campaign_vendor', ['tenantId', 'installationId', 'vendorCampaignId'], { unique: true })
@Index('idx_campaign_sent', ['tenantId', 'sentAt'])
export class Campaign extends TenantOwnedEntity {
  /** The installation that imports it; null once that installation is gone. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  installationId: string | null;

  /** The key of the connector it came from (kept after uninstall, so its origin stays known). */
  @Column({ type: 'varchar', length: 40 })
  connectorKey: string;

  /** The vendor account it was sent from; with the key it lets a reinstallation adopt it. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  accountId: string | null;

  @Column({ type: 'varchar', length: 120 })
  vendorCampaignId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  subject: string | null;

  /** The vendor list (audience) it was sent to. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  listId: string | null;

  /** The vendor's status as it names it (`sent`, `save`, `schedule`…). */
  @CodeColumn(40)
  status: string;

  @DateTimeColumn({ nullable: true })
  sentAt: Date | null;

  @Column({ type: 'int', default: 0 })
  recipients: number;

  @Column({ type: 'int', default: 0 })
  opens: number;

  @Column({ type: 'int', default: 0 })
  uniqueOpens: number;

  @Column({ type: 'int', default: 0 })
  clicks: number;

  @Column({ type: 'int', default: 0 })
  uniqueClicks: number;

  @Column({ type: 'int', default: 0 })
  bounces: number;

  @Column({ type: 'int', default: 0 })
  unsubscribes: number;

  /** When the import last changed this copy (details or figures); unchanged reads leave it. */
  @DateTimeColumn({ nullable: true })
  lastRefreshedAt: Date | null;

  /**
   * The figures as they were when recipient activity was last read in full: while the vendor
   * reports the same figures there is no new activity to read.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  activityFiguresHash: string | null;
}

/**
 * What one campaign did with one CRM record (seed 001: sent, opened, clicked, bounced, per
 * campaign and per contact). Counts are derived from `events`; the record's timeline shows it as
 * one CAMPAIGN_EVENT activity (`activityId`) that is updated in place.
 */
@Entity('campaign_recipient')
@Index('uq_campaign_recipient', ['tenantId', 'campaignId', 'module', 'recordId'], { unique: true })
@Index('idx_campaign_recipient_record', ['tenantId', 'module', 'recordId'])
export class CampaignRecipient extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  campaignId: string;

  @CodeColumn(16)
  module: CampaignRecipientModule;

  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  /** The address the campaign reached the record at (the first one, when it reached several). */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'int', default: 0 })
  sent: number;

  @Column({ type: 'int', default: 0 })
  opened: number;

  @Column({ type: 'int', default: 0 })
  clicked: number;

  @Column({ type: 'int', default: 0 })
  bounced: number;

  @Column({ type: 'int', default: 0 })
  unsubscribed: number;

  /** Oldest first, at most CAMPAIGN_EVENTS_KEPT of them (the newest); counts cover them all. */
  @JsonColumn()
  events: CampaignEvent[];

  @DateTimeColumn({ nullable: true })
  lastEventAt: Date | null;

  /** The record's timeline entry for this campaign. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  activityId: string | null;
}

/**
 * A tracked link of a campaign with its clicks, as the sending platform's report counts them
 * (Mailchimp's click performance, MailUp's links): all clicks and the recipients who clicked.
 * Replaced as a whole whenever the import reads the campaign's report details again.
 */
@Entity('campaign_link')
@Index('uq_campaign_link', ['tenantId', 'campaignId', 'vendorLinkId'], { unique: true })
export class CampaignLink extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  campaignId: string;

  @Column({ type: 'varchar', length: 120 })
  vendorLinkId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** The link's place in the vendor's report, so the CRM lists links as the vendor does. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'int', default: 0 })
  clicks: number;

  @Column({ type: 'int', default: 0 })
  uniqueClicks: number;
}

/**
 * A CRM record whose address clicked a tracked link (MailUp's "cliccatori"), with how often.
 * Kept in the CRM because the vendor keeps its statistics only for a while; the campaign import
 * replaces a link's clickers whenever it reads them again. One row per link and record: a record
 * that clicked from two of its addresses counts the clicks of both.
 */
@Entity('campaign_link_clicker')
@Index('uq_campaign_link_clicker', ['tenantId', 'campaignLinkId', 'module', 'recordId'], { unique: true })
@Index('idx_campaign_link_clicker_record', ['tenantId', 'module', 'recordId'])
export class CampaignLinkClicker extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  campaignLinkId: string;

  @CodeColumn(16)
  module: ClickerModule;

  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  /** The address that clicked (the first one, when several of the record's did). */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'int', default: 0 })
  clicks: number;

  /** When the import that wrote this row read the link's clickers. */
  @DateTimeColumn()
  lastImportedAt: Date;
}
