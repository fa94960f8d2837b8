import { forwardRef, Inject, Injectable, Logger } from '@nestjs/common';
import { asTenantId, Job, JobHandler, NotFoundError, ValidationFailedError } from '@crm/platform';
import { InstallationHealthService } from './installation-health.service';

export interface CheckInstallationHealthData {
  tenantId: string;
  installationId: string;
}

/** One installation's credential check, enqueued hourly by InstallationHealthService.checkAll(). */
@Injectable()
@JobHandler({ queue: 'connector-health' })
export class CheckInstallationHealthJob implements Job<CheckInstallationHealthData> {
  private readonly logger = new Logger(CheckInstallationHealthJob.name);

  constructor(
    // The service dispatches this class, so the two files import each other: forwardRef, and a
    // structural type so the decorator metadata does not touch the class before it exists.
    @Inject(forwardRef(() => InstallationHealthService))
    private readonly health: Pick<InstallationHealthService, 'checkInstallation'>,
  ) {}

  async handle(data: CheckInstallationHealthData): Promise<void> {
    try {
      const result = await this.health.checkInstallation(asTenantId(data.tenantId), data.installationId);
      if (result.outcome !== 'healthy')
        this.logger.log(`Installation ${data.installationId} (tenant ${data.tenantId}): ${result.outcome}`);
    } catch (error) {
      // Uninstalled or disconnected since the job was enqueued: nothing left to check.
      if (error instanceof NotFoundError || error instanceof ValidationFailedError) return;
      throw error;
    }
  }
}
