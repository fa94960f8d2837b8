import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { ConnectorJobScheduler } from '../scheduling/job-scheduler';
import { isImportKind } from './import-run.entity';

/**
 * The scheduled imports (campaigns, their activity, carts, lists). Every few minutes each worker
 * queues the imports whose slot has come (see ConnectorJobScheduler: one claim per installation,
 * kind and slot), so a worker that was down at the top of the hour still catches up within it.
 */
@Injectable()
export class ImportScheduler {
  private readonly logger = new Logger(ImportScheduler.name);

  constructor(private readonly jobs: ConnectorJobScheduler) {}

  @Cron(CronExpression.EVERY_5_MINUTES, { name: 'connector-imports', timeZone: 'UTC' })
  async onTick(): Promise<void> {
    await this.tick(new Date()).catch((error: unknown) =>
      this.logger.error(`Import scheduler failed: ${String(error)}`),
    );
  }

  /** Queues the imports due now; returns `<kind>:<installationId>` of those this process queued. */
  async tick(now: Date): Promise<string[]> {
    const started = await this.jobs.tick(now, isImportKind);
    return started.map((job) => `${job.kind}:${job.installationId}`);
  }
}
