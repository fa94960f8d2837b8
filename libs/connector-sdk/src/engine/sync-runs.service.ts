import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { ConflictError, NotFoundError, TenantScopedRepository, ValidationFailedError } from '@crm/platform';
import { Actor, assertAdmin, assertModuleAccess, canSeeRecord, Page, pageWindow } from '@crm/core';
import { VendorCatalogService } from '../catalog/vendor-catalog.service';
import { hasCapability } from '../contract/connector';
import { savedViewsMembership } from '../contract/manifest';
import type { MemberStatus } from '../contract/vendor-records';
import { InstallationAccess } from '../installations/installation-access';
import type { ConnectorInstallation } from '../installations/installation.entities';
import { ListViewRule } from '../list-rules/list-view-rule.entity';
import { ConnectorRegistry } from '../registry/connector.registry';
import { CRM_SYNC_PORT, CrmSyncPort, SubscriberModule } from './crm-sync.port';
import { FailedRecord, RecordAction, RecordLink, RunCounts, SyncRun, SyncRunRecord } from './engine.entities';
import type { AuditLine } from './run-ledger';
import { dryRunNotes } from './dry-run-notes';
import { SyncEngine } from './sync-engine';
import { VendorListRecord } from './vendor-list.entity';

export interface RunView {
  id: string;
  installationId: string;
  trigger: SyncRun['trigger'];
  kind: SyncRun['kind'];
  dryRun: boolean;
  status: SyncRun['status'];
  counts: RunCounts;
  total: number | null;
  processed: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  requestedById: string | null;
  /** A finished dry run's word on what its counts cannot foresee (the vendor's answers); else empty. */
  notes: string[];
}

/** An audit line as the API shows it: what the engine wrote, plus where and when. */
export type RecordLineView = AuditLine & Pick<SyncRunRecord, 'id' | 'runId' | 'installationId' | 'createdAt'>;

export interface FailureGroup {
  reasonCode: string;
  count: number;
  samples: Array<
    Pick<
      FailedRecord,
      'id' | 'listId' | 'crmModule' | 'crmId' | 'email' | 'message' | 'attempts' | 'lastAttemptAt' | 'runId'
    >
  >;
}

export interface MembershipView {
  installationId: string;
  connectorKey: string;
  listId: string;
  listName: string | null;
  email: string;
  status: MemberStatus | null;
  lastPushedAt: Date | null;
  lastPulledAt: Date | null;
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

const SAMPLES_PER_REASON = 5;

const toRunView = (run: SyncRun, notes: string[] = []): RunView => ({
  id: run.id,
  installationId: run.installationId,
  trigger: run.trigger,
  kind: run.kind,
  dryRun: run.dryRun,
  status: run.status,
  counts: run.counts,
  total: run.total,
  processed: run.processed,
  createdAt: run.createdAt,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
  durationMs: run.startedAt ? (run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime() : null,
  error: run.error,
  requestedById: run.requestedById,
  notes,
});

const toLineView = (line: SyncRunRecord): RecordLineView => ({
  id: line.id,
  runId: line.runId,
  installationId: line.installationId,
  listId: line.listId,
  crmModule: line.crmModule,
  crmId: line.crmId,
  email: line.email,
  action: line.action,
  direction: line.direction,
  before: line.before,
  after: line.after,
  rule: line.rule,
  vendorResponse: line.vendorResponse,
  createdAt: line.createdAt,
});

/**
 * What users see of the engine: runs, their audit lines, the failure queue and its replay, and a
 * record's sync history and list memberships. Every route resolves its installation through
 * InstallationAccess (another tenant's, or one outside the actor's scope, is "not found"); a
 * record's history also needs the record to be visible to the actor.
 */
@Injectable()
export class SyncRunsService {
  private readonly runs: TenantScopedRepository<SyncRun>;
  private readonly lines: TenantScopedRepository<SyncRunRecord>;
  private readonly failures: TenantScopedRepository<FailedRecord>;
  private readonly links: TenantScopedRepository<RecordLink>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: InstallationAccess,
    private readonly engine: SyncEngine,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
    private readonly registry: ConnectorRegistry,
    private readonly catalog: VendorCatalogService,
  ) {
    this.runs = new TenantScopedRepository(dataSource.getRepository(SyncRun), 'Sync run');
    this.lines = new TenantScopedRepository(dataSource.getRepository(SyncRunRecord), 'Sync record');
    this.failures = new TenantScopedRepository(dataSource.getRepository(FailedRecord), 'Failed record');
    this.links = new TenantScopedRepository(dataSource.getRepository(RecordLink), 'Record link');
  }

  /** "Sync now" (admins): a FULL run unless asked otherwise; a dry run plans without writing. */
  async requestSync(
    actor: Actor,
    installationId: string,
    request: { dryRun?: boolean; kind?: 'FULL' | 'INCREMENTAL' },
  ): Promise<RunView> {
    await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const run = await this.engine.requestRun(actor, installationId, {
      trigger: 'MANUAL',
      kind: request.kind ?? 'FULL',
      dryRun: request.dryRun ?? false,
    });
    return toRunView(run);
  }

  /**
   * "Sync tags" (admins): a TAGS run that applies the CRM's tags again to every member the
   * installation has linked; its progress shows like any run's.
   */
  async requestTagSync(actor: Actor, installationId: string): Promise<RunView> {
    const installation = await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const connector = this.registry.get(installation.connectorKey);
    if (!hasCapability(connector, 'tags'))
      throw new ConflictError(`${connector.manifest.name} has no tags to sync`, 'installationId');
    const run = await this.engine.requestRun(actor, installationId, { trigger: 'MANUAL', kind: 'TAGS' });
    return toRunView(run);
  }

  /**
   * "Update subscribers" now (admins), for one list fed by saved views or for every list that has
   * views: a SUBSCRIBERS run, 202 with it. The connector must take list members from saved views
   * (409), and the list must be one of the account's now, with views (400 naming `listId`).
   */
  async requestSubscribersSync(
    actor: Actor,
    installationId: string,
    request: { listId?: string; dryRun?: boolean },
  ): Promise<RunView> {
    const installation = await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const { manifest } = this.registry.get(installation.connectorKey);
    const noun = manifest.listNoun.toLowerCase();
    if (!savedViewsMembership(manifest))
      throw new ConflictError(
        `${manifest.name} ${noun}s do not take their members from saved views`,
        'installationId',
      );
    const withViews = new Set(
      (
        await this.dataSource
          .getRepository(ListViewRule)
          .find({ where: { tenantId: actor.tenantId, installationId }, select: ['listId'] })
      ).map((rule) => rule.listId),
    );
    const { listId } = request;
    if (listId !== undefined) {
      if (!(await this.catalog.activeListIds(actor.tenantId, installationId)).has(listId))
        throw ValidationFailedError.field('listId', `is not one of this installation's ${noun}s`);
      if (!withViews.has(listId))
        throw ValidationFailedError.field('listId', 'has no saved views to take its subscribers from');
    } else if (withViews.size === 0)
      throw new ConflictError(`No ${noun} takes its subscribers from saved views yet`, 'installationId');
    const run = await this.engine.requestRun(actor, installationId, {
      trigger: 'MANUAL',
      kind: 'SUBSCRIBERS',
      dryRun: request.dryRun ?? false,
      ...(listId !== undefined ? { input: { listIds: [listId] } } : {}),
    });
    return toRunView(run);
  }

  async listRuns(actor: Actor, installationId: string, query: PageQuery): Promise<Page<RunView>> {
    const installation = await this.access.getVisible(actor, installationId);
    const { page, pageSize, skip } = pageWindow(query);
    const [rows, total] = await Promise.all([
      this.runs.find(actor.tenantId, {
        where: { installationId },
        order: { createdAt: 'DESC', id: 'DESC' },
        skip,
        take: pageSize,
      }),
      this.runs.count(actor.tenantId, { installationId }),
    ]);
    return { items: await this.runViews(installation, rows), total, page, pageSize };
  }

  async getRun(actor: Actor, runId: string): Promise<RunView> {
    const { run, installation } = await this.visibleRun(actor, runId);
    return (await this.runViews(installation, [run]))[0];
  }

  /** Runs as the API shows them; finished dry runs with their notes (one query for all of them). */
  private async runViews(installation: ConnectorInstallation, runs: SyncRun[]): Promise<RunView[]> {
    const previews = runs.filter((run) => run.dryRun && run.finishedAt).map((run) => run.id);
    if (previews.length === 0) return runs.map((run) => toRunView(run));
    const rows = await this.dataSource
      .getRepository(SyncRunRecord)
      .createQueryBuilder('line')
      .select('line.runId', 'runId')
      .addSelect('line.action', 'action')
      .addSelect('COUNT(*)', 'count')
      .where('line.tenantId = :tenantId', { tenantId: installation.tenantId })
      .andWhere('line.runId IN (:...runIds)', { runIds: previews })
      .andWhere('line.direction = :direction', { direction: 'TO_VENDOR' })
      .groupBy('line.runId')
      .addGroupBy('line.action')
      .getRawMany<{ runId: string; action: RecordAction; count: string | number }>();
    const key = installation.connectorKey;
    const vendor = this.registry.has(key) ? this.registry.get(key).manifest.name : key;
    return runs.map((run) => {
      if (!previews.includes(run.id)) return toRunView(run);
      const toVendor = Object.fromEntries(
        rows.filter((row) => row.runId === run.id).map((row) => [row.action, Number(row.count)]),
      );
      return toRunView(run, dryRunNotes(vendor, toVendor));
    });
  }

  async runRecords(
    actor: Actor,
    runId: string,
    query: PageQuery & { action?: RecordAction },
  ): Promise<Page<RecordLineView>> {
    const { run } = await this.visibleRun(actor, runId);
    const where: FindOptionsWhere<SyncRunRecord> = {
      runId: run.id,
      ...(query.action ? { action: query.action } : {}),
    };
    return this.pageOfLines(actor, where, query, 'ASC');
  }

  /** A record's audit lines across the installations the actor can see, newest first. */
  async recordHistory(
    actor: Actor,
    query: PageQuery & { module: SubscriberModule; recordId: string },
  ): Promise<Page<RecordLineView>> {
    await this.assertRecordVisible(actor, query.module, query.recordId);
    const installationIds = (await this.access.listVisible(actor)).map((i) => i.id);
    const { page, pageSize } = pageWindow(query);
    if (installationIds.length === 0) return { items: [], total: 0, page, pageSize };
    return this.pageOfLines(
      actor,
      { crmModule: query.module, crmId: query.recordId, installationId: In(installationIds) },
      query,
      'DESC',
    );
  }

  /** A record's member status in each vendor list it is linked to (seed 001's Member Status). */
  async memberships(
    actor: Actor,
    query: { module: SubscriberModule; recordId: string },
  ): Promise<MembershipView[]> {
    await this.assertRecordVisible(actor, query.module, query.recordId);
    const installations = await this.access.listVisible(actor);
    if (installations.length === 0) return [];
    const links = await this.links.find(actor.tenantId, {
      where: {
        crmModule: query.module,
        crmId: query.recordId,
        installationId: In(installations.map((i) => i.id)),
      },
      order: { listId: 'ASC', email: 'ASC' },
    });
    const members = links.filter((link) => link.vendorId !== null);
    const lists = members.length
      ? await this.dataSource.getRepository(VendorListRecord).findBy({
          tenantId: actor.tenantId,
          installationId: In([...new Set(members.map((l) => l.installationId))]),
        })
      : [];
    return members.map((link) => ({
      installationId: link.installationId,
      connectorKey: installations.find((i) => i.id === link.installationId)!.connectorKey,
      listId: link.listId,
      listName:
        lists.find((l) => l.installationId === link.installationId && l.vendorListId === link.listId)?.name ??
        null,
      email: link.email,
      status: link.vendorStatus,
      lastPushedAt: link.lastPushedAt,
      lastPulledAt: link.lastPulledAt,
    }));
  }

  /** Open failures grouped by reason, most frequent first, with a few samples each. */
  async failureGroups(
    actor: Actor,
    installationId: string,
  ): Promise<{ total: number; groups: FailureGroup[] }> {
    await this.access.getVisible(actor, installationId);
    const counts = await this.dataSource
      .getRepository(FailedRecord)
      .createQueryBuilder('f')
      .select('f.reasonCode', 'reasonCode')
      .addSelect('COUNT(*)', 'count')
      .where('f.tenantId = :tenantId AND f.installationId = :installationId AND f.status = :status', {
        tenantId: actor.tenantId,
        installationId,
        status: 'OPEN',
      })
      .groupBy('f.reasonCode')
      .getRawMany<{ reasonCode: string; count: string | number }>();
    const groups: FailureGroup[] = [];
    for (const { reasonCode, count } of counts) {
      const samples = await this.failures.find(actor.tenantId, {
        where: { installationId, status: 'OPEN', reasonCode },
        order: { lastAttemptAt: 'DESC', id: 'ASC' },
        take: SAMPLES_PER_REASON,
      });
      groups.push({
        reasonCode,
        count: Number(count),
        samples: samples.map(
          ({ id, listId, crmModule, crmId, email, message, attempts, lastAttemptAt, runId }) => ({
            id,
            listId,
            crmModule,
            crmId,
            email,
            message,
            attempts,
            lastAttemptAt,
            runId,
          }),
        ),
      });
    }
    groups.sort((a, b) => b.count - a.count || a.reasonCode.localeCompare(b.reasonCode));
    return { total: groups.reduce((sum, g) => sum + g.count, 0), groups };
  }

  /**
   * Tries open failures again (admins) — chosen ones or a whole reason group — as one REPLAY run.
   * They are marked REPLAYED meanwhile; the run resolves those it gets through and reopens the rest.
   */
  async replay(
    actor: Actor,
    installationId: string,
    request: { ids?: string[]; reasonCode?: string },
  ): Promise<{ run: RunView; replayed: number }> {
    await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    if (!request.ids?.length && !request.reasonCode)
      throw ValidationFailedError.field('ids', 'give the failures to replay, or a reasonCode');
    const open = await this.failures.find(actor.tenantId, {
      where: {
        installationId,
        status: 'OPEN',
        ...(request.ids?.length ? { id: In(request.ids) } : {}),
        ...(request.reasonCode ? { reasonCode: request.reasonCode } : {}),
      },
    });
    if (open.length === 0)
      throw ValidationFailedError.field(
        request.ids?.length ? 'ids' : 'reasonCode',
        'matches no open failure',
      );
    const ids = open.map((f) => f.id);
    const failures = this.dataSource.getRepository(FailedRecord);
    await failures.update({ tenantId: actor.tenantId, id: In(ids) }, { status: 'REPLAYED' });
    try {
      const run = await this.engine.requestRun(actor, installationId, {
        trigger: 'REPLAY',
        kind: 'RECORDS',
        input: { failedRecordIds: ids },
      });
      return { run: toRunView(run), replayed: ids.length };
    } catch (error) {
      await failures.update(
        { tenantId: actor.tenantId, id: In(ids), status: 'REPLAYED' },
        { status: 'OPEN' },
      );
      throw error;
    }
  }

  private async visibleRun(
    actor: Actor,
    runId: string,
  ): Promise<{ run: SyncRun; installation: ConnectorInstallation }> {
    const run = await this.runs.findById(actor.tenantId, runId);
    if (!run) throw new NotFoundError('Sync run', runId);
    try {
      return { run, installation: await this.access.getVisible(actor, run.installationId) };
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('Sync run', runId);
      throw error;
    }
  }

  private async assertRecordVisible(actor: Actor, module: SubscriberModule, recordId: string): Promise<void> {
    assertModuleAccess(actor, module);
    const ownership = await this.crm.recordOwnership(actor.tenantId, module, recordId);
    if (!ownership || !canSeeRecord(actor, ownership)) throw new NotFoundError('Record', recordId);
  }

  private async pageOfLines(
    actor: Actor,
    where: FindOptionsWhere<SyncRunRecord>,
    query: PageQuery,
    order: 'ASC' | 'DESC',
  ): Promise<Page<RecordLineView>> {
    const { page, pageSize, skip } = pageWindow(query);
    const [rows, total] = await Promise.all([
      this.lines.find(actor.tenantId, {
        where,
        order: { createdAt: order, id: order },
        skip,
        take: pageSize,
      }),
      this.lines.count(actor.tenantId, where),
    ]);
    return { items: rows.map(toLineView), total, page, pageSize };
  }
}
