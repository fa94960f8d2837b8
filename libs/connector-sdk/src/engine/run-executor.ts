import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { DomainError } from '@crm/platform';
import {
  InstallationHealthService,
  reauthorizationReason,
} from '../authorization/installation-health.service';
import { ConnectorErrorCode, isConnectorError } from '../contract/connector-error';
import { NotificationsService } from '../notifications/notifications.service';
import { CRM_SYNC_PORT, CrmSyncPort } from './crm-sync.port';
import { FailedRecord, SyncRun } from './engine.entities';
import { ReplayTargets, RunExecution, RunInput } from './run-execution';
import { LostRunLeaseError, RunLedger } from './run-ledger';
import { RunSetupLoader } from './run-setup';

/** done: the run ended (or failed for good); busy: another run of the installation is running; skipped: not ours to run. */
export type ExecuteOutcome = 'done' | 'busy' | 'skipped';

/** Tries of a run that keeps meeting retryable vendor errors before it is given up as FAILED. */
export const MAX_RUN_TRIES = 5;

/**
 * Runs one sync run to its end: claims it, keeps its heartbeat, executes its phases, and decides
 * what an error means — revoked access fails the run and flags the installation for
 * re-authorization; a vendor that is down or throttling gives the run back to the queue (its job
 * retries with backoff, the checkpoint keeps the progress); anything else fails the run.
 */
@Injectable()
export class RunExecutor {
  private readonly logger = new Logger(RunExecutor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: RunLedger,
    private readonly setups: RunSetupLoader,
    private readonly health: InstallationHealthService,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
    private readonly notifications: NotificationsService,
  ) {}

  async execute(runId: string): Promise<ExecuteOutcome> {
    const claim = await this.ledger.claim(runId);
    if (claim === 'busy') return 'busy';
    if (claim === 'not-claimable') return 'skipped';
    const { run, token } = claim;
    const heartbeat = setInterval(
      () => void this.ledger.heartbeat(run, token).catch(() => undefined),
      Math.max(250, RunLedger.staleAfterMs / 4),
    );
    heartbeat.unref();
    try {
      const setup = await this.setups.load(run);
      const execution = new RunExecution(this.ledger, this.crm, run, token, setup, this.notifications);
      await execution.execute(await this.replayTargets(run));
      const { counts } = execution.run;
      await this.ledger.finish(execution.run, token, counts.failed > 0 ? 'PARTIAL' : 'SUCCEEDED');
      return 'done';
    } catch (error) {
      return this.fail(run, token, error);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * The oldest run of the same installation still waiting for its first start (queued behind
   * `runId`), or null. Runs given back after a vendor error are left to their retry's backoff.
   */
  async nextWaiting(runId: string): Promise<string | null> {
    const runs = this.dataSource.getRepository(SyncRun);
    const ended = await runs.findOne({ where: { id: runId }, select: ['id', 'tenantId', 'installationId'] });
    if (!ended) return null;
    const next = await runs.findOne({
      where: {
        tenantId: ended.tenantId,
        installationId: ended.installationId,
        status: 'QUEUED',
        startedAt: IsNull(),
      },
      order: { createdAt: 'ASC' },
      select: ['id'],
    });
    return next?.id ?? null;
  }

  private async fail(run: SyncRun, token: string, error: unknown): Promise<ExecuteOutcome> {
    const context = `run ${run.id} (tenant ${run.tenantId}, installation ${run.installationId})`;
    if (error instanceof LostRunLeaseError) {
      this.logger.warn(`Sync ${context} was taken over by another worker`);
      return 'skipped';
    }
    try {
      if (isConnectorError(error) && error.code === ConnectorErrorCode.AUTH_REVOKED) {
        const installation = await this.setups.connectorName(run);
        await this.health.markNeedsReauthorization(
          run.tenantId,
          run.installationId,
          reauthorizationReason(installation, error),
        );
        await this.ledger.finish(
          run,
          token,
          'FAILED',
          `${installation} no longer accepts the stored credentials; re-authorize the installation, then sync again.`,
        );
        return 'done';
      }
      if (isConnectorError(error) && error.retryable) {
        const retry = await this.ledger.release(run, token, error.message, MAX_RUN_TRIES);
        this.logger.warn(`Sync ${context}: ${error.code}, ${retry ? 'will retry' : 'gave up'}`);
        if (retry) throw error;
        return 'done';
      }
      const message =
        error instanceof DomainError || isConnectorError(error)
          ? error.message
          : `Internal error: ${error instanceof Error ? error.message : String(error)}`;
      if (!(error instanceof DomainError) && !isConnectorError(error))
        this.logger.error(`Sync ${context} failed: ${error instanceof Error ? error.stack : String(error)}`);
      await this.ledger.finish(run, token, 'FAILED', message);
      return 'done';
    } catch (failure) {
      if (failure instanceof LostRunLeaseError) return 'skipped';
      throw failure;
    }
  }

  /** A replay's failed records, split into CRM records to push and addresses to pull. */
  private async replayTargets(run: SyncRun): Promise<ReplayTargets | null> {
    const ids = (run.input as RunInput | null)?.failedRecordIds;
    if (!ids?.length) return null;
    const failures = await this.dataSource
      .getRepository(FailedRecord)
      .findBy({ tenantId: run.tenantId, installationId: run.installationId, id: In(ids) });
    const pull = failures.filter((f) => f.reasonCode.startsWith('CRM_') || !f.crmId);
    const push = failures.filter((f) => !pull.includes(f));
    return {
      recordIds: [...new Set(push.map((f) => f.crmId!))],
      emails: [...new Set(pull.map((f) => f.email))],
      listIds: [...new Set(failures.map((f) => f.listId))],
    };
  }
}
