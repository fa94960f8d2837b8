import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { asTenantId } from '@crm/platform';
import {
  InstallationHealthService,
  reauthorizationReason,
} from '../authorization/installation-health.service';
import { CampaignImportService } from '../campaigns/campaign-import.service';
import { CartImportService } from '../carts/cart-import.service';
import { VendorCatalogService, type VendorListView } from '../catalog/vendor-catalog.service';
import { ConnectorInstallation } from '../installations/installation.entities';
import { JobTries, judgeVendorJobFailure } from '../jobs/vendor-job-failure';
import { ConnectorRegistry } from '../registry/connector.registry';
import { ImportRun } from './import-run.entity';

const ERROR_MAX = 500;
const HEARTBEAT_MS = 60_000;

/**
 * Runs one import to its end and decides what an error means, as the sync engine does: revoked
 * access fails it and flags the installation for re-authorization; a vendor that is down or
 * throttling puts it back in the queue while its job has tries left; anything else fails it.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignImportService,
    private readonly carts: CartImportService,
    private readonly catalog: VendorCatalogService,
    private readonly health: InstallationHealthService,
    private readonly registry: ConnectorRegistry,
  ) {}

  /**
   * Claims a QUEUED run and executes it; returns the run as it ended, or null when it was not
   * there to claim (another worker has it, it already ended, or the installation was uninstalled).
   */
  async execute(
    importRunId: string,
    tries: JobTries = { attempt: 1, maxAttempts: 1 },
  ): Promise<ImportRun | null> {
    const repository = this.dataSource.getRepository(ImportRun);
    const claimed = await repository.update(
      { id: importRunId, status: 'QUEUED' },
      { status: 'RUNNING', startedAt: new Date(), error: null, updatedAt: new Date() },
    );
    if (claimed.affected !== 1) return null;
    const run = await repository.findOneByOrFail({ id: importRunId });
    run.attempts += 1;
    await repository.update({ id: run.id }, { attempts: run.attempts });
    // While it runs, the run shows it is alive (ImportsService fails runs that stopped doing so).
    const heartbeat = setInterval(
      () =>
        void repository
          .update({ id: run.id, status: 'RUNNING' }, { updatedAt: new Date() })
          .catch(() => undefined),
      HEARTBEAT_MS,
    );
    heartbeat.unref();
    try {
      const result = await this.importOf(run);
      return await this.finish(run, 'SUCCEEDED', { result: result as unknown as Record<string, unknown> });
    } catch (error) {
      return this.fail(run, error, tries);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** The import a run's kind stands for; its counts are the run's result. */
  private async importOf(run: ImportRun): Promise<object> {
    const tenantId = asTenantId(run.tenantId);
    switch (run.kind) {
      case 'CAMPAIGNS':
      case 'CAMPAIGN_ACTIVITY':
        return this.campaigns.importCampaigns(tenantId, run.installationId, {
          full: !(await this.hasSucceeded(run)),
          part: run.kind === 'CAMPAIGNS' ? 'campaigns' : 'activity',
        });
      case 'CARTS':
        return this.carts.importCarts(tenantId, run.installationId);
      case 'LISTS':
        return listCounts(await this.catalog.refreshLists(tenantId, run.installationId));
    }
  }

  private async fail(run: ImportRun, error: unknown, tries: JobTries): Promise<ImportRun> {
    const context = `${run.kind} import ${run.id} (tenant ${run.tenantId}, installation ${run.installationId})`;
    const failure = judgeVendorJobFailure(error, tries);
    if (failure.kind === 'reauthorize') {
      const name = await this.connectorName(run);
      await this.health.markNeedsReauthorization(
        asTenantId(run.tenantId),
        run.installationId,
        reauthorizationReason(name, failure.error),
      );
      return this.finish(run, 'FAILED', {
        error: `${name} no longer accepts the stored credentials; re-authorize the installation, then import again.`,
      });
    }
    if (failure.kind === 'retry') {
      this.logger.warn(`${context}: ${failure.error.code}, will retry`);
      await this.dataSource
        .getRepository(ImportRun)
        .update(
          { id: run.id },
          { status: 'QUEUED', error: failure.error.message.slice(0, ERROR_MAX), updatedAt: new Date() },
        );
      // The job's retry (with backoff) runs it again.
      throw error;
    }
    if (failure.unexpected)
      this.logger.error(`${context} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return this.finish(run, 'FAILED', { error: failure.message });
  }

  private async finish(
    run: ImportRun,
    status: 'SUCCEEDED' | 'FAILED',
    outcome: { result?: Record<string, unknown>; error?: string },
  ): Promise<ImportRun> {
    const changes = {
      status,
      result: outcome.result ?? null,
      error: outcome.error?.slice(0, ERROR_MAX) ?? null,
      finishedAt: new Date(),
      updatedAt: new Date(),
    };
    // An update, not a save: a run deleted meanwhile (uninstall) must not come back.
    await this.dataSource
      .getRepository(ImportRun)
      .update({ id: run.id }, changes as QueryDeepPartialEntity<ImportRun>);
    return Object.assign(run, changes);
  }

  /** The first campaign import of an installation reads every campaign; later ones the recent. */
  private async hasSucceeded(run: ImportRun): Promise<boolean> {
    return this.dataSource.getRepository(ImportRun).existsBy({
      tenantId: run.tenantId,
      installationId: run.installationId,
      kind: run.kind,
      status: 'SUCCEEDED',
    });
  }

  private async connectorName(run: ImportRun): Promise<string> {
    const installation = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findOneBy({ tenantId: run.tenantId, id: run.installationId });
    const key = installation?.connectorKey ?? 'The connector';
    return this.registry.has(key) ? this.registry.get(key).manifest.name : key;
  }
}

/** A lists import's result: how many lists the account has, and how many the CRM keeps as deleted. */
function listCounts(lists: VendorListView[]): { lists: number; deleted: number } {
  const deleted = lists.filter((list) => list.status === 'DELETED').length;
  return { lists: lists.length - deleted, deleted };
}
