import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { asTenantId } from '@crm/platform';
import type { ScheduleFrequency } from '../contract/manifest';
import { ConnectorInstallation } from '../installations/installation.entities';
import { SYNC_TRIGGERS, SyncTriggers } from '../realtime/sync-triggers';
import { SyncSettings } from '../settings/sync-settings.entity';
import { ScheduleLeaseService } from './schedule-lease.service';

/** The time slot a scheduled sync belongs to: one run per slot, whichever worker claims it. */
export function scheduleSlot(frequency: ScheduleFrequency, at: Date): string {
  const iso = at.toISOString();
  if (frequency === 'hourly') return iso.slice(0, 13);
  if (frequency === 'daily') return iso.slice(0, 10);
  // Weekly: the Monday (UTC) starting the week.
  const monday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return `W${monday.toISOString().slice(0, 10)}`;
}

const KEEP_CLAIMS_MS = 8 * 24 * 3600 * 1000;

/**
 * Every minute, each worker looks for installations whose schedule (hourly, daily, weekly) has
 * a slot not yet run; the database claim makes exactly one worker start it, however many run.
 */
@Injectable()
export class SyncScheduler {
  private readonly logger = new Logger(SyncScheduler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leases: ScheduleLeaseService,
    @Inject(SYNC_TRIGGERS) private readonly triggers: SyncTriggers,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE)
  async onMinute(): Promise<void> {
    await this.tick(new Date()).catch((error: unknown) =>
      this.logger.error(`Scheduler failed: ${String(error)}`),
    );
  }

  /** Starts the due syncs; returns the installations this process started. */
  async tick(now: Date): Promise<string[]> {
    const settings = (await this.dataSource.getRepository(SyncSettings).find()).filter(
      (s) => s.data.schedule !== 'off',
    );
    if (settings.length === 0) return [];
    const active = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findBy({ id: In(settings.map((s) => s.installationId)), status: 'ACTIVE' });
    const started: string[] = [];
    for (const installation of active) {
      const frequency = settings.find((s) => s.installationId === installation.id)!.data
        .schedule as ScheduleFrequency;
      const key = `sync:${installation.id}:${frequency}:${scheduleSlot(frequency, now)}`;
      if (!(await this.leases.claimOnce(key, KEEP_CLAIMS_MS))) continue;
      await this.triggers.scheduledSyncDue(asTenantId(installation.tenantId), installation.id);
      started.push(installation.id);
    }
    return started;
  }

  /** Daily: forget claims of slots long past. */
  @Cron(CronExpression.EVERY_DAY_AT_3AM)
  async purgeClaims(): Promise<void> {
    await this.leases.purgeExpired();
  }
}
