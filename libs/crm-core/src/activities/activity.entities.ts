import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';

/** TYPE_EMAIL in and out (Corcava), campaign events from connectors, notes and calendar events. */
export const ACTIVITY_TYPES = [
  'EMAIL_IN',
  'EMAIL_OUT',
  'CAMPAIGN_EVENT',
  'NOTE',
  'CALENDAR_EVENT',
  'CALL',
  'TASK',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_RECORD_MODULES = ['contacts', 'leads', 'organizations', 'deals'] as const;
export type ActivityRecordModule = (typeof ACTIVITY_RECORD_MODULES)[number];

@Entity('activity')
@Index('idx_activity_time', ['tenantId', 'occurredAt'])
export class Activity extends TenantOwnedEntity {
  @CodeColumn(16)
  type: ActivityType;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  /** When it happened (emails, campaign events, notes) or starts (calendar events). */
  @DateTimeColumn()
  occurredAt: Date;

  @DateTimeColumn({ nullable: true })
  endsAt: Date | null;

  /** Who it is attributed to (the sender, the organiser). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  teamId: string | null;

  /** Who created it: `user`, or a connector key when imported (e.g. campaign events). */
  @Column({ type: 'varchar', length: 40, default: 'user' })
  source: string;

  /** Small typed extras: email addresses, campaign id and event kind, location. */
  @JsonColumn({ nullable: true })
  meta: Record<string, unknown> | null;
}

/** Links an activity to each record whose timeline shows it (one event, several attendees). */
@Entity('activity_link')
@Index('uq_activity_link', ['tenantId', 'activityId', 'module', 'recordId'], { unique: true })
@Index('idx_activity_link_record', ['tenantId', 'module', 'recordId'])
export class ActivityLink extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  activityId: string;

  @CodeColumn(20)
  module: ActivityRecordModule;

  @Column({ type: 'varchar', length: 36 })
  recordId: string;
}
