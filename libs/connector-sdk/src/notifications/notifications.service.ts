import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { NotFoundError, TenantId, TenantScopedRepository, ValidationFailedError } from '@crm/platform';
import { canSeeRecord, pageWindow, Profile, TeamMembership, User, type Actor, type Page } from '@crm/core';
import { CRM_SYNC_PORT, type CrmSyncPort, type SubscriberModule } from '../engine/crm-sync.port';
import { ConnectorInstallation } from '../installations/installation.entities';
import { scopeAdmits } from '../installations/install-scope';
import {
  Notification,
  NOTIFICATION_TYPES,
  NotificationPreference,
  NotificationType,
} from './notification.entities';

export interface NotificationInput {
  type: NotificationType;
  title: string;
  body?: string;
  subject?: { module: string; id: string };
  installationId?: string;
}

/** Who receives a notification: every admin, every user in an installation's scope, or named users. */
export type NotificationRecipients =
  | { kind: 'admins' }
  | { kind: 'installation-users'; installationId: string }
  | { kind: 'users'; userIds: string[] };

/** A notification as its recipient sees it. */
export interface NotificationView {
  id: string;
  type: NotificationType;
  title: string;
  body: string | null;
  subject: { module: string; id: string } | null;
  installationId: string | null;
  readAt: Date | null;
  createdAt: Date;
}

export interface NotificationPreferenceView {
  type: NotificationType;
  enabled: boolean;
}

const TITLE_MAX = 200;
const BODY_MAX = 1000;
/** Notices about records of these modules go only to users who may open the record. */
const RECORD_MODULES: ReadonlyArray<string> = [
  'contacts',
  'leads',
  'organizations',
] satisfies SubscriberModule[];

/**
 * In-app notifications (seed 001 SalesSignals): written for the users who want them, read only
 * by their recipient — another user's notification is "not found".
 */
@Injectable()
export class NotificationsService {
  private readonly notifications: TenantScopedRepository<Notification>;
  private readonly preferenceRows: TenantScopedRepository<NotificationPreference>;
  private readonly users: TenantScopedRepository<User>;
  private readonly profiles: TenantScopedRepository<Profile>;
  private readonly installations: TenantScopedRepository<ConnectorInstallation>;
  private readonly memberships: TenantScopedRepository<TeamMembership>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
  ) {
    this.notifications = new TenantScopedRepository(dataSource.getRepository(Notification), 'Notification');
    this.preferenceRows = new TenantScopedRepository(
      dataSource.getRepository(NotificationPreference),
      'Notification preference',
    );
    this.users = new TenantScopedRepository(dataSource.getRepository(User), 'User');
    this.profiles = new TenantScopedRepository(dataSource.getRepository(Profile), 'Profile');
    this.installations = new TenantScopedRepository(
      dataSource.getRepository(ConnectorInstallation),
      'Installation',
    );
    this.memberships = new TenantScopedRepository(
      dataSource.getRepository(TeamMembership),
      'Team membership',
    );
  }

  /**
   * Notifies the recipients' active users of the tenant, skipping those who switched the type
   * off (every type is on by default) and, for a notice about a record, those who may not open
   * that record (it names the person). Returns how many notifications were written.
   */
  async notify(
    tenantId: TenantId,
    input: NotificationInput,
    recipients: NotificationRecipients,
  ): Promise<number> {
    let userIds = await this.resolveRecipients(tenantId, recipients);
    if (userIds.length > 0 && input.subject) userIds = await this.mayOpen(tenantId, input.subject, userIds);
    if (userIds.length === 0) return 0;
    const optedOut = await this.preferenceRows.find(tenantId, {
      where: { type: input.type, enabled: false, userId: In(userIds) },
    });
    const muted = new Set(optedOut.map((preference) => preference.userId));
    const rows = userIds
      .filter((userId) => !muted.has(userId))
      .map((userId) =>
        this.notifications.create(tenantId, {
          userId,
          type: input.type,
          title: input.title.slice(0, TITLE_MAX),
          body: input.body?.slice(0, BODY_MAX) ?? null,
          subject: input.subject ?? null,
          installationId: input.installationId ?? null,
          readAt: null,
        }),
      );
    if (rows.length > 0) await this.notifications.save(tenantId, rows);
    return rows.length;
  }

  async list(
    actor: Actor,
    query: { unread?: boolean; page?: number; pageSize?: number },
  ): Promise<Page<NotificationView> & { unreadCount: number }> {
    const { page, pageSize, skip } = pageWindow(query);
    const mine = { userId: actor.userId };
    const builder = this.notifications.query(actor.tenantId, 'n').andWhere('n.userId = :userId', mine);
    if (query.unread) builder.andWhere('n.readAt IS NULL');
    const [rows, total] = await builder
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .skip(skip)
      .take(pageSize)
      .getManyAndCount();
    const unreadCount = await this.notifications.count(actor.tenantId, { ...mine, readAt: IsNull() });
    return { items: rows.map(toView), total, page, pageSize, unreadCount };
  }

  async markRead(actor: Actor, notificationId: string): Promise<NotificationView> {
    const notification = await this.notifications.findOne(actor.tenantId, {
      id: notificationId,
      userId: actor.userId,
    });
    if (!notification) throw new NotFoundError('Notification', notificationId);
    if (!notification.readAt) {
      notification.readAt = new Date();
      await this.notifications.save(actor.tenantId, notification);
    }
    return toView(notification);
  }

  async markAllRead(actor: Actor): Promise<{ marked: number }> {
    const result = await this.notifications.manager
      .getRepository(Notification)
      .update({ tenantId: actor.tenantId, userId: actor.userId, readAt: IsNull() }, { readAt: new Date() });
    return { marked: result.affected ?? 0 };
  }

  /** Every notification type with the actor's choice (on unless switched off). */
  async preferences(actor: Actor): Promise<NotificationPreferenceView[]> {
    const stored = await this.preferenceRows.find(actor.tenantId, { where: { userId: actor.userId } });
    const enabled = new Map(stored.map((preference) => [preference.type, preference.enabled]));
    return NOTIFICATION_TYPES.map((type) => ({ type, enabled: enabled.get(type) ?? true }));
  }

  async setPreferences(
    actor: Actor,
    changes: NotificationPreferenceView[],
  ): Promise<NotificationPreferenceView[]> {
    const seen = new Set<string>();
    changes.forEach((change, index) => {
      if (!NOTIFICATION_TYPES.includes(change.type))
        throw ValidationFailedError.field(`preferences.${index}.type`, 'is not a notification type');
      if (seen.has(change.type))
        throw ValidationFailedError.field(`preferences.${index}.type`, 'appears more than once');
      seen.add(change.type);
    });
    await this.preferenceRows.manager.transaction(async (manager) => {
      const preferences = this.preferenceRows.withManager(manager);
      const stored = await preferences.find(actor.tenantId, { where: { userId: actor.userId } });
      const rows = changes.map((change) => {
        const row =
          stored.find((preference) => preference.type === change.type) ??
          preferences.create(actor.tenantId, { userId: actor.userId, type: change.type });
        row.enabled = change.enabled;
        return row;
      });
      if (rows.length > 0) await preferences.save(actor.tenantId, rows);
    });
    return this.preferences(actor);
  }

  /**
   * The users who may open the record a notice is about: its module in their profile, and the
   * record within their record access (all, their teams', their own). A record that no longer
   * exists hides nothing.
   */
  private async mayOpen(
    tenantId: TenantId,
    subject: { module: string; id: string },
    userIds: string[],
  ): Promise<string[]> {
    if (!RECORD_MODULES.includes(subject.module)) return userIds;
    const module = subject.module as SubscriberModule;
    const ownership = await this.crm.recordOwnership(tenantId, module, subject.id);
    if (!ownership) return userIds;
    const [users, profiles, memberships] = await Promise.all([
      this.users.find(tenantId, { where: { id: In(userIds) } }),
      this.profiles.find(tenantId),
      this.memberships.find(tenantId, { where: { userId: In(userIds) } }),
    ]);
    return users
      .filter((user) => {
        const profile = profiles.find((p) => p.id === user.profileId);
        if (!profile) return false;
        const reader: Actor = {
          tenantId,
          userId: user.id,
          profileId: profile.id,
          isAdmin: profile.isAdmin,
          recordAccess: profile.recordAccess,
          modules: profile.modules,
          teamIds: memberships.filter((m) => m.userId === user.id).map((m) => m.teamId),
        };
        return (reader.isAdmin || reader.modules.includes(module)) && canSeeRecord(reader, ownership);
      })
      .map((user) => user.id);
  }

  private async resolveRecipients(tenantId: TenantId, recipients: NotificationRecipients): Promise<string[]> {
    if (recipients.kind === 'users') {
      const ids = [...new Set(recipients.userIds)];
      if (ids.length === 0) return [];
      const users = await this.users.find(tenantId, { where: { id: In(ids), active: true } });
      return users.map((user) => user.id);
    }
    const installation =
      recipients.kind === 'installation-users'
        ? await this.installations.findById(tenantId, recipients.installationId)
        : null;
    if (recipients.kind === 'installation-users' && !installation) return [];
    const [users, profiles] = await Promise.all([
      this.users.find(tenantId, { where: { active: true }, order: { createdAt: 'ASC' } }),
      this.profiles.find(tenantId),
    ]);
    const adminProfiles = new Set(profiles.filter((p) => p.isAdmin).map((p) => p.id));
    return users
      .filter((user) => {
        const member = { isAdmin: adminProfiles.has(user.profileId), profileId: user.profileId };
        return installation ? scopeAdmits(installation, member) : member.isAdmin;
      })
      .map((user) => user.id);
  }
}

function toView(notification: Notification): NotificationView {
  const { id, type, title, body, subject, installationId, readAt, createdAt } = notification;
  return { id, type, title, body, subject, installationId, readAt, createdAt };
}
