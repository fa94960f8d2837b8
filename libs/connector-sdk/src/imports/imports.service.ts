import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  JobDispatcher,
  NotFoundError,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import { Actor, assertAdmin, Page, pageWindow } from '@crm/core';
import { InstallationAccess } from '../installations/installation-access';
import { ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { SyncSettingsService } from '../settings/sync-settings.service';
import { assertImportable, requireCapability } from './import-preconditions';
import { ImportKind, ImportRun, ImportTrigger } from './import-run.entity';
import { importJobOptions, RunImportJob } from './run-import.job';

export interface ImportRunView {
  id: string;
  installationId: string;
  kind: ImportKind;
  trigger: ImportTrigger;
  status: ImportRun['status'];
  result: Record<string, unknown> | null;
  error: string | null;
  attempts: number;
  requestedById: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A run still QUEUED or RUNNING after this long lost its worker (or its in-process job): it is failed. */
export const IMPORT_STALE_AFTER_MS = 60 * 60 * 1000;

const toView = (run: ImportRun): ImportRunView => ({
  id: run.id,
  installationId: run.installationId,
  kind: run.kind,
  trigger: run.trigger,
  status: run.status,
  result: run.result,
  error: run.error,
  attempts: run.attempts,
  requestedById: run.requestedById,
  createdAt: run.createdAt,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
});

/**
 * Campaign, cart and list imports as users and schedules ask for them: checked (admins, an ACTIVE
 * installation whose connector can do it), recorded as an ImportRun and handed to the queue. One
 * import of a kind per installation at a time: asking again while one waits or runs answers it.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);
  private readonly runs: TenantScopedRepository<ImportRun>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: InstallationAccess,
    private readonly registry: ConnectorRegistry,
    private readonly settings: SyncSettingsService,
    private readonly dispatcher: JobDispatcher,
  ) {
    this.runs = new TenantScopedRepository(dataSource.getRepository(ImportRun), 'Import run');
  }

  /** "Import now" (admins): 202 with the queued run, or with the one already waiting or running. */
  async requestImport(actor: Actor, installationId: string, kind: ImportKind): Promise<ImportRunView> {
    const installation = await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const { run } = await this.enqueue(actor.tenantId, installation, kind, 'MANUAL', actor.userId);
    return toView(run);
  }

  async listRuns(
    actor: Actor,
    installationId: string,
    query: { kind?: ImportKind; page?: number; pageSize?: number },
  ): Promise<Page<ImportRunView>> {
    await this.access.getVisible(actor, installationId);
    const { page, pageSize, skip } = pageWindow(query);
    const [items, total] = await this.dataSource.getRepository(ImportRun).findAndCount({
      where: { tenantId: actor.tenantId, installationId, ...(query.kind ? { kind: query.kind } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip,
      take: pageSize,
    });
    return { items: items.map(toView), total, page, pageSize };
  }

  async getRun(actor: Actor, installationId: string, runId: string): Promise<ImportRunView> {
    await this.access.getVisible(actor, installationId);
    const run = await this.runs.findOne(actor.tenantId, { id: runId, installationId });
    if (!run) throw new NotFoundError('Import run', runId);
    return toView(run);
  }

  /**
   * Records and queues an import unless one of the same kind is already waiting or running
   * (answered instead, `queued` false). Checks what the import itself will check, so a request
   * that cannot succeed fails now (4xx).
   */
  async enqueue(
    tenantId: TenantId,
    installation: ConnectorInstallation,
    kind: ImportKind,
    trigger: ImportTrigger,
    requestedById: string | null,
  ): Promise<{ run: ImportRun; queued: boolean }> {
    assertImportable(installation);
    await this.assertCanImport(tenantId, installation, kind);
    const pending = await this.pendingRun(tenantId, installation.id, kind);
    if (pending) {
      // Queued again in case its job was lost (an in-process queue does not survive a restart);
      // the job id dedupes it while the first is still waiting, and only one can claim the run.
      if (pending.status === 'QUEUED')
        await this.dispatcher.dispatch(
          RunImportJob,
          { importRunId: pending.id },
          importJobOptions(pending.id),
        );
      return { run: pending, queued: false };
    }
    const run = await this.runs.save(
      tenantId,
      this.runs.create(tenantId, {
        installationId: installation.id,
        kind,
        trigger,
        status: 'QUEUED',
        result: null,
        error: null,
        attempts: 0,
        requestedById,
        startedAt: null,
        finishedAt: null,
      }),
    );
    await this.dispatcher.dispatch(RunImportJob, { importRunId: run.id }, importJobOptions(run.id));
    this.logger.log(
      `${kind} import ${run.id} queued (${trigger}) for installation ${installation.id}, tenant ${tenantId}`,
    );
    return { run, queued: true };
  }

  private async assertCanImport(
    tenantId: TenantId,
    installation: ConnectorInstallation,
    kind: ImportKind,
  ): Promise<void> {
    const connector = this.registry.get(installation.connectorKey);
    if (kind === 'CAMPAIGNS' || kind === 'CAMPAIGN_ACTIVITY') {
      requireCapability(connector, 'campaigns', 'campaigns');
      return;
    }
    if (kind === 'LISTS') {
      requireCapability(connector, 'lists', 'lists');
      return;
    }
    requireCapability(connector, 'ecommerceCarts', 'e-commerce carts');
    const { carts } = await this.settings.current(tenantId, installation.id);
    if (!carts.enabled || carts.storeIds.length === 0)
      throw ValidationFailedError.field('carts.enabled', 'cart import is switched off in the sync settings');
  }

  /** The run of this kind still waiting or running; one that has been at it too long is failed. */
  private async pendingRun(
    tenantId: TenantId,
    installationId: string,
    kind: ImportKind,
  ): Promise<ImportRun | null> {
    const repository = this.dataSource.getRepository(ImportRun);
    const pending = await repository.find({
      where: { tenantId, installationId, kind, status: In(['QUEUED', 'RUNNING']) },
      order: { createdAt: 'DESC' },
    });
    const staleBefore = Date.now() - IMPORT_STALE_AFTER_MS;
    for (const run of pending) {
      if (run.updatedAt.getTime() >= staleBefore) return run;
      await repository.update(
        { id: run.id, status: run.status },
        {
          status: 'FAILED',
          error: 'The import stopped without finishing',
          finishedAt: new Date(),
          updatedAt: new Date(),
        },
      );
    }
    return null;
  }
}
