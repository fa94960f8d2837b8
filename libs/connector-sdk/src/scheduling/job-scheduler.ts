import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { asTenantId } from '@crm/platform';
import type { ScheduledJobKind } from '../contract/manifest';
import { ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { SyncSettings } from '../settings/sync-settings.entity';
import { defaultSyncSettings } from '../settings/sync-settings.rules';
import { isScheduled, jobSchedules } from './job-schedules';
import { ScheduleLeaseService } from './schedule-lease.service';
import { scheduleSlot } from './schedule-slot';
import { ScheduledJobRegistry } from './scheduled-job.registry';

/** A job a tick started. */
export interface StartedJob {
  kind: ScheduledJobKind;
  installationId: string;
}

/** Claims outlive the longest slot (a week), so a slot is never claimed twice. */
const KEEP_CLAIMS_MS = 8 * 24 * 3600 * 1000;

/**
 * The framework's one scheduler of connector jobs. For each ACTIVE installation it works out
 * every job's frequency (the manifest's defaults, the settings' overrides) and starts the jobs
 * whose current slot no worker has claimed: the database claim per installation, kind and slot
 * lets exactly one worker start it, however many tick, and a worker that was down at the start
 * of a slot still catches up within it. Their vendor calls all go through the account's one
 * request budget, whichever job makes them.
 */
@Injectable()
export class ConnectorJobScheduler {
  private readonly logger = new Logger(ConnectorJobScheduler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leases: ScheduleLeaseService,
    private readonly registry: ConnectorRegistry,
    private readonly starters: ScheduledJobRegistry,
  ) {}

  /** Starts the due jobs of the kinds `ticks` takes; returns those this process started. */
  async tick(now: Date, ticks: (kind: ScheduledJobKind) => boolean): Promise<StartedJob[]> {
    const installations = (
      await this.dataSource.getRepository(ConnectorInstallation).findBy({ status: 'ACTIVE' })
    ).filter((installation) => this.registry.has(installation.connectorKey));
    if (installations.length === 0) return [];
    const saved = await this.dataSource
      .getRepository(SyncSettings)
      .findBy({ installationId: In(installations.map((installation) => installation.id)) });
    const settingsOf = new Map(saved.map((row) => [row.installationId, row.data]));
    const started: StartedJob[] = [];
    for (const installation of installations) {
      const connector = this.registry.get(installation.connectorKey);
      const settings = settingsOf.get(installation.id) ?? defaultSyncSettings();
      for (const { kind, every } of jobSchedules(connector.manifest, settings)) {
        if (!ticks(kind) || !isScheduled(every)) continue;
        const starter = this.starters.starterOf(kind);
        if (!starter || !(await starter.appliesTo(kind, connector, settings, installation))) continue;
        const key = `job:${kind}:${installation.id}:${scheduleSlot(every, now)}`;
        if (!(await this.leases.claimOnce(key, KEEP_CLAIMS_MS))) continue;
        try {
          if (await starter.start(kind, asTenantId(installation.tenantId), installation))
            started.push({ kind, installationId: installation.id });
        } catch (error) {
          this.logger.warn(
            `Scheduled ${kind} of installation ${installation.id} (tenant ${installation.tenantId}) not started: ${String(error)}`,
          );
        }
      }
    }
    return started;
  }
}
