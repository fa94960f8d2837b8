import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { asTenantId } from '@crm/platform';
import { savedViewsMembership } from '../contract/manifest';
import { SyncEngine } from '../engine/sync-engine';
import { ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { ScheduleLeaseService } from '../scheduling/schedule-lease.service';
import { scheduleSlot } from '../scheduling/sync-scheduler';
import { ListViewRule } from './list-view-rule.entity';

const KEEP_CLAIMS_MS = 8 * 24 * 3600 * 1000;

/**
 * "Update subscribers" on schedule (seed 004: "in esecuzione automatica una volta al giorno"):
 * every few minutes each worker looks for installations with lists fed by saved views whose run
 * of this slot (the manifest's membership schedule, daily by default) has not been claimed; the
 * database claim lets exactly one worker request it, and a worker that was down catches up.
 */
@Injectable()
export class SubscribersScheduler {
  private readonly logger = new Logger(SubscribersScheduler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leases: ScheduleLeaseService,
    private readonly registry: ConnectorRegistry,
    private readonly engine: SyncEngine,
  ) {}

  @Cron(CronExpression.EVERY_5_MINUTES, { name: 'list-subscribers', timeZone: 'UTC' })
  async onTick(): Promise<void> {
    await this.tick(new Date()).catch((error: unknown) =>
      this.logger.error(`Subscribers scheduler failed: ${String(error)}`),
    );
  }

  /** Requests the runs due now; returns the installations this process requested them for. */
  async tick(now: Date): Promise<string[]> {
    const withViews = await this.dataSource
      .getRepository(ListViewRule)
      .createQueryBuilder('rule')
      .select('DISTINCT rule.installationId', 'installationId')
      .getRawMany<{ installationId: string }>();
    if (withViews.length === 0) return [];
    const installations = await this.dataSource.getRepository(ConnectorInstallation).findBy({
      id: In(withViews.map((row) => row.installationId)),
      status: 'ACTIVE',
    });
    const requested: string[] = [];
    for (const installation of installations) {
      if (!this.registry.has(installation.connectorKey)) continue;
      const membership = savedViewsMembership(this.registry.get(installation.connectorKey).manifest);
      if (!membership) continue;
      const frequency = membership.schedule ?? 'daily';
      const key = `subscribers:${installation.id}:${scheduleSlot(frequency, now)}`;
      if (!(await this.leases.claimOnce(key, KEEP_CLAIMS_MS))) continue;
      try {
        await this.engine.requestRun({ tenantId: asTenantId(installation.tenantId) }, installation.id, {
          trigger: 'SCHEDULE',
          kind: 'SUBSCRIBERS',
        });
        requested.push(installation.id);
      } catch (error) {
        this.logger.warn(
          `Scheduled subscribers update of installation ${installation.id} (tenant ${installation.tenantId}) not requested: ${String(error)}`,
        );
      }
    }
    return requested;
  }
}
