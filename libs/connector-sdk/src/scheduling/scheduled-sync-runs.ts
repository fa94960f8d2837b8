import { Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { TenantId } from '@crm/platform';
import { hasCapability, type Connector } from '../contract/connector';
import { savedViewsMembership, type ScheduledJobKind } from '../contract/manifest';
import { SyncRun } from '../engine/engine.entities';
import type { ConnectorInstallation } from '../installations/installation.entities';
import { ListViewRule } from '../list-rules/list-view-rule.entity';
import { SYNC_TRIGGERS, SyncTriggers } from '../realtime/sync-triggers';
import type { SyncSettingsData } from '../settings/sync-settings.types';
import { StartsScheduledJobs, type ScheduledJobStarter } from './scheduled-job';

export interface SyncRunJob {
  /** The run a due slot starts. */
  runKind: SyncRun['kind'];
  /** Runs that count as the job already waiting or running (dry runs never do). */
  sameAs: Array<SyncRun['kind']>;
  /** Whether the installation has anything for it to do; by default, a connector that syncs members. */
  appliesTo?(connector: Connector, settings: SyncSettingsData): boolean;
  /** Whether the installation's rows give the run anything to do now (absent: always). */
  hasWork?(manager: EntityManager, installation: ConnectorInstallation): Promise<boolean>;
}

/**
 * Scheduled jobs that are sync runs. A run kind plugs into the scheduler by an entry here and a
 * job in the manifests.
 */
export const SYNC_RUN_JOBS: Partial<Record<ScheduledJobKind, SyncRunJob>> = {
  SYNC: { runKind: 'INCREMENTAL', sameAs: ['FULL', 'INCREMENTAL'] },
  // "Update subscribers" of the lists fed by saved views (seed 004: once a day), for
  // installations that have given some list its views.
  SUBSCRIBERS: {
    runKind: 'SUBSCRIBERS',
    sameAs: ['SUBSCRIBERS'],
    appliesTo: (connector) =>
      hasCapability(connector, 'members') && savedViewsMembership(connector.manifest) !== null,
    hasWork: (manager, installation) =>
      manager
        .getRepository(ListViewRule)
        .existsBy({ tenantId: installation.tenantId, installationId: installation.id }),
  },
};

/** Starts scheduled sync runs, never one while a run of the same job waits or runs. */
@StartsScheduledJobs(...(Object.keys(SYNC_RUN_JOBS) as ScheduledJobKind[]))
export class ScheduledSyncRuns implements ScheduledJobStarter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SYNC_TRIGGERS) private readonly triggers: SyncTriggers,
  ) {}

  async appliesTo(
    kind: ScheduledJobKind,
    connector: Connector,
    settings: SyncSettingsData,
    installation: ConnectorInstallation,
  ): Promise<boolean> {
    const job = SYNC_RUN_JOBS[kind];
    const applies = job?.appliesTo ? job.appliesTo(connector, settings) : hasCapability(connector, 'members');
    return applies && (!job?.hasWork || (await job.hasWork(this.dataSource.manager, installation)));
  }

  async start(
    kind: ScheduledJobKind,
    tenantId: TenantId,
    installation: ConnectorInstallation,
  ): Promise<boolean> {
    const job = SYNC_RUN_JOBS[kind];
    if (!job) throw new Error(`${kind} is not a scheduled sync run`);
    const pending = await this.dataSource.getRepository(SyncRun).existsBy({
      tenantId,
      installationId: installation.id,
      kind: In(job.sameAs),
      dryRun: false,
      status: In(['QUEUED', 'RUNNING']),
    });
    if (pending) return false;
    await this.triggers.scheduledSyncDue(tenantId, installation.id, job.runKind);
    return true;
  }
}
