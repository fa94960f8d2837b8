import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { JobDispatcher } from '@crm/platform';
import { PurgeExpiredSessionsJob } from '../identity/purge-expired-sessions.job';
import { PurgeOutboxJob } from './purge-outbox.job';

/**
 * Daily maintenance, run by every worker process (and by the embedded API). The schedule only
 * enqueues; the jobs do the work on the queue, so a slow purge never blocks the scheduler.
 */
@Injectable()
export class HousekeepingSchedule {
  private readonly logger = new Logger(HousekeepingSchedule.name);

  constructor(private readonly jobs: JobDispatcher) {}

  @Cron('17 3 * * *', { name: 'housekeeping', timeZone: 'UTC' })
  async runDaily(now = new Date()): Promise<void> {
    // One job id per day: with several workers firing the same cron, BullMQ keeps a single job.
    const day = now.toISOString().slice(0, 10);
    await this.jobs.dispatch(PurgeExpiredSessionsJob, {}, { jobId: `purge-expired-sessions-${day}` });
    await this.jobs.dispatch(PurgeOutboxJob, {}, { jobId: `purge-outbox-${day}` });
    this.logger.log(`Housekeeping jobs enqueued for ${day}`);
  }
}
