import { Injectable, Logger } from '@nestjs/common';
import { Interval, Timeout } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { JobDispatcher } from '@crm/platform';
import { SyncRun } from './engine.entities';
import { RunLedger } from './run-ledger';
import { runJobOptions, RunSyncJob } from './run-sync.job';

/**
 * Finds runs no worker is looking after and queues them again: RUNNING ones whose heartbeat went
 * stale (their worker died; they resume from their checkpoint) and QUEUED ones left alone as long
 * (their job was lost, e.g. with an in-process queue that died with its process). Runs on worker
 * start and then periodically, in processes that run schedules only.
 */
@Injectable()
export class RunWatchdog {
  private readonly logger = new Logger(RunWatchdog.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: RunLedger,
    private readonly dispatcher: JobDispatcher,
  ) {}

  @Timeout('sync-run-watchdog-start', 500)
  async onStart(): Promise<void> {
    await this.sweep().catch((error: unknown) => this.logger.error(`Run watchdog failed: ${String(error)}`));
  }

  @Interval('sync-run-watchdog', 15_000)
  async onInterval(): Promise<void> {
    await this.sweep().catch((error: unknown) => this.logger.error(`Run watchdog failed: ${String(error)}`));
  }

  /** Queues the abandoned runs again; returns their ids. A system task across tenants, like schedules. */
  async sweep(now = Date.now()): Promise<string[]> {
    const open = await this.dataSource.getRepository(SyncRun).find({
      where: { status: In(['QUEUED', 'RUNNING']) },
      select: ['id', 'tenantId', 'installationId', 'status', 'heartbeatAt', 'updatedAt'],
      order: { createdAt: 'ASC' },
      take: 500,
    });
    const abandoned = open.filter((run) =>
      run.status === 'RUNNING'
        ? this.ledger.isStale(run, now)
        : run.updatedAt.getTime() < now - RunLedger.staleAfterMs,
    );
    for (const run of abandoned) {
      this.logger.warn(
        `Resuming abandoned sync run ${run.id} (tenant ${run.tenantId}, installation ${run.installationId})`,
      );
      await this.dispatcher.dispatch(RunSyncJob, { runId: run.id }, runJobOptions(run.id));
    }
    return abandoned.map((run) => run.id);
  }
}
