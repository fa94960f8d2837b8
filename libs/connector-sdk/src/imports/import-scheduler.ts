import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { asTenantId } from '@crm/platform';
import { hasCapability } from '../contract/connector';
import { ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { ScheduleLeaseService } from '../scheduling/schedule-lease.service';
import { scheduleSlot } from '../scheduling/sync-scheduler';
import { SyncSettings } from '../settings/sync-settings.entity';
import type { ImportKind } from './import-run.entity';
import { ImportsService } from './imports.service';

const KEEP_CLAIMS_MS = 2 * 24 * 3600 * 1000;

/**
 * Hourly campaign and cart imports. Every few minutes each worker looks for the installations
 * whose import of this hour has not been claimed yet; the database claim (one per installation,
 * kind and hour) lets exactly one worker queue it, and a worker that was down at the top of the
 * hour still catches up within the hour.
 */
@Injectable()
export class ImportScheduler {
  private readonly logger = new Logger(ImportScheduler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leases: ScheduleLeaseService,
    private readonly registry: ConnectorRegistry,
    private readonly imports: ImportsService,
  ) {}

  @Cron(CronExpression.EVERY_5_MINUTES, { name: 'connector-imports', timeZone: 'UTC' })
  async onTick(): Promise<void> {
    await this.tick(new Date()).catch((error: unknown) =>
      this.logger.error(`Import scheduler failed: ${String(error)}`),
    );
  }

  /** Queues the imports due this hour; returns `<kind>:<installationId>` of those this process queued. */
  async tick(now: Date): Promise<string[]> {
    const installations = (
      await this.dataSource.getRepository(ConnectorInstallation).findBy({ status: 'ACTIVE' })
    ).filter((installation) => this.registry.has(installation.connectorKey));
    if (installations.length === 0) return [];
    const settings = await this.dataSource
      .getRepository(SyncSettings)
      .findBy({ installationId: In(installations.map((installation) => installation.id)) });
    const cartsOn = new Set(
      settings
        .filter((s) => s.data.carts?.enabled && s.data.carts.storeIds.length > 0)
        .map((s) => s.installationId),
    );
    const queued: string[] = [];
    for (const installation of installations) {
      const connector = this.registry.get(installation.connectorKey);
      const due: ImportKind[] = [];
      if (hasCapability(connector, 'campaigns')) due.push('CAMPAIGNS');
      if (hasCapability(connector, 'ecommerceCarts') && cartsOn.has(installation.id)) due.push('CARTS');
      for (const kind of due) {
        const key = `import:${kind}:${installation.id}:${scheduleSlot('hourly', now)}`;
        if (!(await this.leases.claimOnce(key, KEEP_CLAIMS_MS))) continue;
        try {
          await this.imports.enqueue(asTenantId(installation.tenantId), installation, kind, 'SCHEDULE', null);
          queued.push(`${kind}:${installation.id}`);
        } catch (error) {
          this.logger.warn(
            `Scheduled ${kind} import of installation ${installation.id} (tenant ${installation.tenantId}) not queued: ${String(error)}`,
          );
        }
      }
    }
    return queued;
  }
}
