import { Injectable, Logger } from '@nestjs/common';
import { Job, JobHandler } from '@crm/platform';
import { AuthService } from './auth.service';

/** Deletes sessions past their expiry; enqueued daily by the worker's housekeeping schedule. */
@Injectable()
@JobHandler({ queue: 'housekeeping' })
export class PurgeExpiredSessionsJob implements Job<Record<string, never>> {
  private readonly logger = new Logger(PurgeExpiredSessionsJob.name);

  constructor(private readonly auth: AuthService) {}

  async handle(): Promise<void> {
    const purged = await this.auth.purgeExpiredSessions();
    if (purged > 0) this.logger.log(`Purged ${purged} expired sessions`);
  }
}
