import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';

/** SalesSignals (seed 001): new subscriber, unsubscribe, profile update; plus admin alerts. */
export const NOTIFICATION_TYPES = [
  'NEW_SUBSCRIBER',
  'UNSUBSCRIBE',
  'PROFILE_UPDATE',
  'AUTHORIZATION_NEEDED',
  'SYNC_FAILED',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

@Entity('notification')
@Index('idx_notification_user', ['tenantId', 'userId', 'readAt'])
export class Notification extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @CodeColumn(24)
  type: NotificationType;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  body: string | null;

  /** The record it is about, for a link in the UI. */
  @JsonColumn({ nullable: true })
  subject: { module: string; id: string } | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  installationId: string | null;

  @DateTimeColumn({ nullable: true })
  readAt: Date | null;
}

/** A user's choice for one notification type (absent = the type's default). */
@Entity('notification_preference')
@Index('uq_notification_preference', ['tenantId', 'userId', 'type'], { unique: true })
export class NotificationPreference extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @CodeColumn(24)
  type: NotificationType;

  @Column({ type: 'boolean' })
  enabled: boolean;
}
