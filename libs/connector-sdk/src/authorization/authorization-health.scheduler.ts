import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InstallationHealthService } from './installation-health.service';

/** Hourly credential checks; registered only where the worker runs (worker processes, embedded API). */
@Injectable()
export class AuthorizationHealthScheduler {
  private readonly logger = new Logger(AuthorizationHealthScheduler.name);

  constructor(private readonly health: InstallationHealthService) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'authorization-health', timeZone: 'UTC' })
  async hourly(): Promise<void> {
    try {
      const count = await this.health.checkAll();
      this.logger.log(`Credential checks enqueued for ${count} installations`);
    } catch (error) {
      this.logger.error(`Enqueuing credential checks failed: ${String(error)}`);
    }
  }
}
