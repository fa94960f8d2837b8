import { Injectable, Logger } from '@nestjs/common';
import { Job, JobHandler, OutboxService } from '@crm/platform';

/** Relayed outbox events are kept a week (for diagnosis), then deleted so the table stays small. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 3600 * 1000;

@Injectable()
@JobHandler({ queue: 'housekeeping' })
export class PurgeOutboxJob implements Job<Record<string, never>> {
  private readonly logger = new Logger(PurgeOutboxJob.name);

  constructor(private readonly outbox: OutboxService) {}

  async handle(): Promise<void> {
    const purged = await this.outbox.purgeProcessed(new Date(Date.now() - OUTBOX_RETENTION_MS));
    if (purged > 0) this.logger.log(`Purged ${purged} relayed outbox events`);
  }
}
