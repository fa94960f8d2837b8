import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, JobDispatcher, NotFoundError, TenantId } from '@crm/platform';
import type { VendorEvent } from '../contract/vendor-records';
import { ConnectorInstallation } from '../installations/installation.entities';
import type { SyncTriggers } from '../realtime/sync-triggers';
import { isConnectorError } from '../contract/connector-error';
import { EMPTY_COUNTS, RunStatus, RunTrigger, SyncRun } from './engine.entities';
import type { RunInput } from './run-execution';
import { ExecuteOutcome, RunExecutor } from './run-executor';
import { runJobOptions, RunSyncJob } from './run-sync.job';

/** Records a waiting real-time run takes in at most: beyond, changes start a run of their own. */
const MAX_JOINED_RECORDS = 5000;

export interface RunRequest {
  trigger: RunTrigger;
  kind: SyncRun['kind'];
  dryRun?: boolean;
  input?: RunInput;
}

const FINISHED: ReadonlySet<RunStatus> = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);
const WAIT_POLL_MS = 100;

/** Who asks for a run: a user (an Actor fits) or the system (no user id). */
export interface RunRequester {
  tenantId: TenantId;
  userId?: string;
}

/**
 * The entry point to syncing. A run is a row (QUEUED) and a job that carries only its id, so a
 * run survives the process that asked for it; `executeRun` is what the job calls. Realtime
 * changes, webhooks and schedules arrive here too (this class is the SYNC_TRIGGERS binding).
 */
@Injectable()
export class SyncEngine implements SyncTriggers {
  private readonly logger = new Logger(SyncEngine.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: RunExecutor,
    private readonly dispatcher: JobDispatcher,
  ) {}

  async requestRun(by: RunRequester, installationId: string, request: RunRequest): Promise<SyncRun> {
    const run = await this.createRun(by, installationId, request);
    await this.dispatcher.dispatch(RunSyncJob, { runId: run.id }, runJobOptions(run.id));
    return run;
  }

  /**
   * For actions whose caller waits for the answer: the run executes here and now when the
   * installation is idle; otherwise it waits its turn in the queue, and this waits for it (a
   * run in flight is usually a real-time one of a second or so) up to `waitMs`. Answers the run as
   * it stands then: finished, or still queued or running (its records follow in its audit).
   */
  async runAndWait(
    by: RunRequester,
    installationId: string,
    request: RunRequest,
    waitMs: number,
  ): Promise<SyncRun> {
    const run = await this.createRun(by, installationId, request);
    let outcome: ExecuteOutcome = 'busy';
    try {
      outcome = await this.executor.execute(run.id);
    } catch (error) {
      // A vendor that is down or throttling: the executor gave the run back to the queue.
      if (!isConnectorError(error) || !error.retryable) throw error;
    }
    if (outcome !== 'done')
      await this.dispatcher.dispatch(RunSyncJob, { runId: run.id }, runJobOptions(run.id));
    const runs = this.dataSource.getRepository(SyncRun);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const current = await runs.findOneByOrFail({ tenantId: by.tenantId, id: run.id });
      if (FINISHED.has(current.status) || Date.now() >= deadline) return current;
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  /** Runs a queued run here and now (what RunSyncJob does); see RunExecutor for the outcomes. */
  executeRun(runId: string) {
    return this.executor.execute(runId);
  }

  /**
   * Applies vendor events (webhooks) to the CRM through the pull's rules, as a WEBHOOK run with
   * its own audit lines. Runs inline when the installation is idle; otherwise it waits its turn
   * in the queue behind the running sync.
   */
  async applyVendorEvents(
    tenantId: TenantId,
    installationId: string,
    events: VendorEvent[],
  ): Promise<SyncRun> {
    const run = await this.createRun({ tenantId }, installationId, {
      trigger: 'WEBHOOK',
      kind: 'RECORDS',
      input: { events: events.map((event) => ({ ...event, firedAt: event.firedAt.toISOString() })) },
    });
    if ((await this.executor.execute(run.id)) === 'busy')
      await this.dispatcher.dispatch(RunSyncJob, { runId: run.id }, runJobOptions(run.id));
    return this.dataSource.getRepository(SyncRun).findOneByOrFail({ tenantId, id: run.id });
  }

  // SyncTriggers: what starts runs besides a user's "Sync now".

  async crmRecordsChanged(tenantId: TenantId, installationId: string, recordIds: string[]): Promise<void> {
    if (await this.joinWaitingRun(tenantId, installationId, recordIds)) return;
    await this.requestRun({ tenantId }, installationId, {
      trigger: 'REALTIME',
      kind: 'RECORDS',
      input: { recordIds },
    });
  }

  /**
   * Adds changed records to the installation's real-time run that has not started yet, if there
   * is one (it waits behind a running run): changes made meanwhile go out together in that run,
   * not in a queue of runs each waiting its turn. The row lock keeps a worker from starting the
   * run halfway through; a run that started is left alone and a new one is asked for.
   */
  private async joinWaitingRun(
    tenantId: TenantId,
    installationId: string,
    recordIds: string[],
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const query = manager
        .getRepository(SyncRun)
        .createQueryBuilder('run')
        .where('run.tenantId = :tenantId AND run.installationId = :installationId', {
          tenantId,
          installationId,
        })
        .andWhere('run.trigger = :trigger AND run.kind = :kind AND run.status = :status', {
          trigger: 'REALTIME',
          kind: 'RECORDS',
          status: 'QUEUED',
        })
        .andWhere('run.startedAt IS NULL AND run.dryRun = :dryRun', { dryRun: false })
        .orderBy('run.createdAt', 'DESC');
      if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
      const waiting = await query.getOne();
      const input = (waiting?.input ?? {}) as RunInput;
      const joined = [...new Set([...(input.recordIds ?? []), ...recordIds])];
      if (!waiting || joined.length > MAX_JOINED_RECORDS) return false;
      await manager
        .getRepository(SyncRun)
        .update({ tenantId, id: waiting.id }, { input: { ...input, recordIds: joined } });
      return true;
    });
  }

  async vendorEventsReceived(
    tenantId: TenantId,
    installationId: string,
    events: VendorEvent[],
  ): Promise<void> {
    await this.applyVendorEvents(tenantId, installationId, events);
  }

  async scheduledSyncDue(
    tenantId: TenantId,
    installationId: string,
    kind: SyncRun['kind'] = 'INCREMENTAL',
  ): Promise<void> {
    await this.requestRun({ tenantId }, installationId, { trigger: 'SCHEDULE', kind });
  }

  private async createRun(by: RunRequester, installationId: string, request: RunRequest): Promise<SyncRun> {
    const installation = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findOneBy({ tenantId: by.tenantId, id: installationId });
    if (!installation) throw new NotFoundError('Installation', installationId);
    if (installation.status !== 'ACTIVE')
      throw new ConflictError(
        installation.status === 'NEEDS_REAUTHORIZATION'
          ? 'The installation needs re-authorization before it can sync'
          : 'The installation is not authorized yet',
        'installationId',
      );
    const repository = this.dataSource.getRepository(SyncRun);
    const run = await repository.save(
      repository.create({
        tenantId: by.tenantId,
        installationId,
        trigger: request.trigger,
        kind: request.kind,
        dryRun: request.dryRun ?? false,
        status: 'QUEUED',
        counts: { ...EMPTY_COUNTS },
        total: null,
        processed: 0,
        checkpoint: null,
        input: (request.input as Record<string, unknown> | undefined) ?? null,
        requestedById: by.userId ?? null,
        startedAt: null,
        finishedAt: null,
        heartbeatAt: null,
        error: null,
      }),
    );
    this.logger.log(
      `Sync run ${run.id} queued (${run.trigger} ${run.kind}${run.dryRun ? ', dry run' : ''}) for installation ${installationId}, tenant ${by.tenantId}`,
    );
    return run;
  }
}
