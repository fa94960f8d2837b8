import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { isImportKind } from '../imports/import-run.entity';
import { ConnectorJobScheduler } from './job-scheduler';
import { ScheduleLeaseService } from './schedule-lease.service';

/**
 * Every minute, each worker starts the scheduled jobs that are sync runs (the sync, and run kinds
 * plugged in through ScheduledSyncRuns) whose slot has come (see ConnectorJobScheduler).
 */
@Injectable()
export class SyncScheduler {
  private readonly logger = new Logger(SyncScheduler.name);

  constructor(
    private readonly jobs: ConnectorJobScheduler,
    private readonly leases: ScheduleLeaseService,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'connector-syncs', timeZone: 'UTC' })
  async onMinute(): Promise<void> {
    await this.tick(new Date()).catch((error: unknown) =>
      this.logger.error(`Scheduler failed: ${String(error)}`),
    );
  }

  /** Starts the due sync runs; returns the installations this process started one for. */
  async tick(now: Date): Promise<string[]> {
    const started = await this.jobs.tick(now, (kind) => !isImportKind(kind));
    return [...new Set(started.map((job) => job.installationId))];
  }

  /** Daily: forget claims of slots long past. */
  @Cron(CronExpression.EVERY_DAY_AT_3AM)
  async purgeClaims(): Promise<void> {
    await this.leases.purgeExpired();
  }
}
