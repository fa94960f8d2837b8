import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  FindOptionsWhere,
  In,
  IsNull,
  LessThan,
  MoreThan,
  Not,
  Or,
} from 'typeorm';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig, insertRows, timeOrderedId, type TenantId } from '@crm/platform';
import { ConnectorInstallation } from '../installations/installation.entities';
import type { NotificationInput } from '../notifications/notifications.service';
import type { SubscriberModule } from './crm-sync.port';
import {
  EMPTY_COUNTS,
  FailedRecord,
  RecordLink,
  RunCounts,
  RunStatus,
  SyncRun,
  SyncRunRecord,
} from './engine.entities';
import type { SubscribersCheckpoint } from './subscribers-phase';
import { VendorListRecord } from './vendor-list.entity';

/** Where a run continues after a crash; owned by the worker holding the run (`owner`). */
export interface RunCheckpoint {
  /** The lease token of the worker executing the run: a commit by anyone else is refused. */
  owner?: string;
  /** Tries that ended in a retryable vendor error. */
  attempts?: number;
  pull?: { listIndex: number; cursor?: string; startedAt: string; done?: boolean };
  push?: { afterEmailAddressId?: string; done?: boolean };
  /** Adding chosen records to a list: how many of the run's record ids are done. */
  records?: { index: number; done?: boolean };
  /** Sync tags: the last record link done. */
  tags?: { afterLinkId?: string; done?: boolean };
  /** Updating the subscribers of lists fed by saved views (see SubscribersPhase). */
  subscribers?: SubscribersCheckpoint;
  /** Lists whose pull this run completed, with when that pull started (the next one's "since"). */
  pulled?: Record<string, string>;
  /**
   * The notifications of the last committed batch, stored with it and sent right after it: a run
   * resumed after a crash sends them again (maybe twice, never lost, never for rolled-back work).
   */
  notices?: NotificationInput[];
}

export type AuditLine = Pick<
  SyncRunRecord,
  | 'listId'
  | 'crmModule'
  | 'crmId'
  | 'email'
  | 'action'
  | 'direction'
  | 'before'
  | 'after'
  | 'rule'
  | 'vendorResponse'
>;

export type FailureLine = Pick<
  FailedRecord,
  'listId' | 'crmModule' | 'crmId' | 'email' | 'reasonCode' | 'message'
>;

/** Everything one batch changed, committed in one transaction together with the checkpoint. */
export interface BatchCommit {
  links: RecordLink[];
  lines: AuditLine[];
  failures: FailureLine[];
  /** Records synced without error: their open failures are resolved. */
  succeeded: Array<{ listId: string; email: string }>;
  counts: Partial<RunCounts>;
  processed: number;
  checkpoint: Omit<RunCheckpoint, 'owner' | 'attempts'>;
  /** A list whose pull finished: shown on the list record as its last sync. */
  listPulled?: { listId: string; at: Date };
  /** Records the run expects to process, once known. */
  total?: number;
  /** What the batch changed that users want to hear of; the execution moves them into the checkpoint. */
  notices: NotificationInput[];
  /**
   * Values of the connector's record fields the vendor reported; the execution writes them to the
   * CRM just before the commit, so a crash in between only means writing them again.
   */
  recordValues: RecordFieldValues[];
  /** Lists whose members the run starts or stops pushing ("sync in progress" on the list record). */
  lists?: ListSyncState[];
}

export interface ListSyncState {
  listId: string;
  syncInProgress: boolean;
  /** When the run finished the list: shown as its last sync. */
  syncedAt?: Date;
}

/** One record's values of the connector's record fields (see ConnectorRecordField). */
export interface RecordFieldValues {
  module: SubscriberModule;
  recordId: string;
  values: Record<string, string>;
  /** From the record's primary address: it wins over another address' member. */
  primary: boolean;
}

export const emptyBatch = (checkpoint: BatchCommit['checkpoint']): BatchCommit => ({
  links: [],
  lines: [],
  failures: [],
  succeeded: [],
  counts: {},
  processed: 0,
  checkpoint,
  notices: [],
  recordValues: [],
});

/** Two consecutive batches as one: the later checkpoint wins (it is further along). */
export function mergeBatches(first: BatchCommit, second: BatchCommit): BatchCommit {
  const counts = { ...first.counts };
  for (const [key, value] of Object.entries(second.counts))
    counts[key as keyof RunCounts] = (counts[key as keyof RunCounts] ?? 0) + (value ?? 0);
  const lists = [...(first.lists ?? []), ...(second.lists ?? [])];
  return {
    links: [...first.links, ...second.links],
    lines: [...first.lines, ...second.lines],
    failures: [...first.failures, ...second.failures],
    succeeded: [...first.succeeded, ...second.succeeded],
    counts,
    processed: first.processed + second.processed,
    checkpoint: { ...first.checkpoint, ...second.checkpoint },
    listPulled: second.listPulled ?? first.listPulled,
    total: second.total ?? first.total,
    notices: [...first.notices, ...second.notices],
    recordValues: [...first.recordValues, ...second.recordValues],
    ...(lists.length ? { lists } : {}),
  };
}

/**
 * Values per IN list of a lookup by a non-unique index that runs once per page. MariaDB estimates
 * longer lists from index statistics (eq_range_index_dive_limit, 200), and on a table that grew
 * fast those can be so stale it scans the whole table instead: a full sync would then slow down
 * page after page.
 */
const SHORT_IN_LIST = 150;

async function inShortLists<T>(values: string[], find: (some: string[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let start = 0; start < values.length; start += SHORT_IN_LIST)
    found.push(...(await find(values.slice(start, start + SHORT_IN_LIST))));
  return found;
}

/** Another worker took the run over (ours was presumed dead): stop without writing anything. */
export class LostRunLeaseError extends Error {
  constructor(runId: string) {
    super(`Run ${runId} is now held by another worker`);
  }
}

const memberLinkWhere = (tenantId: TenantId, installationId: string): FindOptionsWhere<RecordLink> => ({
  tenantId,
  installationId,
  vendorId: Not(IsNull()),
  crmId: Not(IsNull()),
  emailAddressId: Not(IsNull()),
  // Off the list, or of a list deleted at the vendor: nothing there to tag.
  vendorStatus: Not(In(['archived', 'deleted'])),
});

export type ClaimResult = { run: SyncRun; token: string } | 'busy' | 'not-claimable';

/**
 * The one owner of a run's state transitions. A worker claims a run (QUEUED, or RUNNING with a
 * stale heartbeat — its worker died), renews the heartbeat while it works, and commits each batch
 * (links, audit lines, failures, counts, checkpoint) in one transaction that first checks it
 * still holds the run. So a killed worker's run resumes after its last committed batch, and a
 * worker presumed dead that wakes up cannot commit over the one that took over.
 */
@Injectable()
export class RunLedger {
  /** A run whose heartbeat is older than this is presumed abandoned by a dead worker. */
  static staleAfterMs = 60_000;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    // One setting per process (SYNC_RUN_STALE_SECONDS): the executor and the watchdog read it too.
    if (config?.syncRunStaleAfterMs) RunLedger.staleAfterMs = config.syncRunStaleAfterMs;
  }

  async claim(runId: string): Promise<ClaimResult> {
    return this.dataSource.transaction(async (manager) => {
      const run = await this.lock(manager, runId);
      if (!run || !this.claimable(run)) return 'not-claimable';
      // One run per installation at a time: runs share record links and the vendor's list.
      await this.lockInstallation(manager, run.tenantId, run.installationId);
      const others = await manager.getRepository(SyncRun).findBy({
        tenantId: run.tenantId,
        installationId: run.installationId,
        status: 'RUNNING',
        id: Not(run.id),
      });
      if (others.some((other) => !this.isStale(other))) return 'busy';
      const token = randomUUID();
      const now = new Date();
      run.status = 'RUNNING';
      run.startedAt = run.startedAt ?? now;
      run.heartbeatAt = now;
      run.checkpoint = { ...(run.checkpoint ?? {}), owner: token };
      await manager.getRepository(SyncRun).save(run);
      return { run, token };
    });
  }

  async heartbeat(run: SyncRun, token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.held(manager, run, token);
      current.heartbeatAt = new Date();
      await manager.getRepository(SyncRun).save(current);
    });
  }

  /** Commits one batch; returns the run as stored (counts and checkpoint updated). */
  async commit(run: SyncRun, token: string, batch: BatchCommit): Promise<SyncRun> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.held(manager, run, token);
      await this.saveLinks(manager, batch.links);
      await this.insertLines(manager, current, batch.lines);
      await this.recordFailures(manager, current, batch.failures);
      await this.resolveFailures(manager, current, batch.succeeded);
      if (batch.listPulled)
        await manager.getRepository(VendorListRecord).update(
          {
            tenantId: current.tenantId,
            installationId: current.installationId,
            vendorListId: batch.listPulled.listId,
          },
          { lastSyncedAt: batch.listPulled.at },
        );
      for (const state of batch.lists ?? [])
        await manager.getRepository(VendorListRecord).update(
          { tenantId: current.tenantId, installationId: current.installationId, vendorListId: state.listId },
          {
            syncInProgress: state.syncInProgress,
            ...(state.syncedAt ? { lastSyncedAt: state.syncedAt } : {}),
          },
        );
      const counts = { ...EMPTY_COUNTS, ...current.counts };
      for (const [key, value] of Object.entries(batch.counts)) counts[key as keyof RunCounts] += value ?? 0;
      current.counts = counts;
      current.processed += batch.processed;
      if (batch.total !== undefined) current.total = batch.total;
      // The total is an estimate (vendor member counts, removals found on the way): never under what was done.
      if (current.total !== null && current.processed > current.total) current.total = current.processed;
      current.checkpoint = { ...(current.checkpoint as RunCheckpoint), ...batch.checkpoint };
      current.heartbeatAt = new Date();
      return manager.getRepository(SyncRun).save(current);
    });
  }

  async finish(
    run: SyncRun,
    token: string,
    status: RunStatus,
    error: string | null = null,
  ): Promise<SyncRun> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.held(manager, run, token);
      Object.assign(current, {
        status,
        error: error?.slice(0, 1000) ?? null,
        finishedAt: new Date(),
        heartbeatAt: null,
      });
      // A successful run did everything there was: its progress ends at exactly 100%.
      if (status === 'SUCCEEDED' || status === 'PARTIAL') current.total = current.processed;
      const checkpoint = current.checkpoint as RunCheckpoint;
      current.checkpoint = { ...checkpoint, owner: undefined };
      // However it ended, no list is being pushed to any more (one run per installation at a time).
      if (checkpoint.subscribers)
        await manager
          .getRepository(VendorListRecord)
          .update(
            { tenantId: current.tenantId, installationId: current.installationId, syncInProgress: true },
            { syncInProgress: false },
          );
      const replayed = (current.input?.failedRecordIds as string[] | undefined) ?? [];
      // Replayed records that this run did not get through wait for the next replay.
      if (replayed.length)
        await manager
          .getRepository(FailedRecord)
          .update({ tenantId: current.tenantId, id: In(replayed), status: 'REPLAYED' }, { status: 'OPEN' });
      return manager.getRepository(SyncRun).save(current);
    });
  }

  /**
   * Gives the run back to the queue after a retryable error, its checkpoint kept; after
   * `maxTries` such errors it fails instead. True when it will be retried.
   */
  async release(run: SyncRun, token: string, error: string, maxTries: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.held(manager, run, token);
      const checkpoint = current.checkpoint as RunCheckpoint;
      const attempts = (checkpoint.attempts ?? 0) + 1;
      const retry = attempts < maxTries;
      Object.assign(current, {
        status: retry ? 'QUEUED' : 'FAILED',
        heartbeatAt: null,
        finishedAt: retry ? null : new Date(),
        error: (retry ? `Retrying after: ${error}` : `Gave up after ${attempts} tries: ${error}`).slice(
          0,
          1000,
        ),
      });
      // The last batch's notices were sent before this error surfaced: a retry must not repeat them.
      current.checkpoint = { ...checkpoint, owner: undefined, attempts, notices: undefined };
      await manager.getRepository(SyncRun).save(current);
      return retry;
    });
  }

  /** A list's links for these (normalized) addresses (a unique index: any list length plans well). */
  links(tenantId: TenantId, installationId: string, listId: string, emails: string[]): Promise<RecordLink[]> {
    return this.dataSource
      .getRepository(RecordLink)
      .findBy({ tenantId, installationId, listId, email: In(emails) });
  }

  /** A list's links to the addresses of these CRM records (whatever email they carry now). */
  linksOfRecords(
    tenantId: TenantId,
    installationId: string,
    listId: string,
    module: NonNullable<RecordLink['crmModule']>,
    recordIds: string[],
  ): Promise<RecordLink[]> {
    return inShortLists(recordIds, (some) =>
      this.dataSource
        .getRepository(RecordLink)
        .findBy({ tenantId, crmModule: module, crmId: In(some), installationId, listId }),
    );
  }

  /**
   * Whether the list has links (to addresses of `module`, of these records if given) that were not
   * pushed since a moment: what a run finds at its start from earlier runs.
   */
  async hasLinks(
    tenantId: TenantId,
    installationId: string,
    listId: string,
    module: NonNullable<RecordLink['crmModule']>,
    filter: { recordIds?: string[]; notPushedSince?: Date },
  ): Promise<boolean> {
    const chunks = filter.recordIds
      ? Array.from({ length: Math.ceil(filter.recordIds.length / SHORT_IN_LIST) }, (_, i) =>
          filter.recordIds!.slice(i * SHORT_IN_LIST, (i + 1) * SHORT_IN_LIST),
        )
      : [undefined];
    for (const recordIds of chunks) {
      const found = await this.dataSource.getRepository(RecordLink).findOne({
        where: {
          tenantId,
          installationId,
          listId,
          crmModule: module,
          ...(recordIds ? { crmId: In(recordIds) } : {}),
          ...(filter.notPushedSince ? { lastPushedAt: Or(IsNull(), LessThan(filter.notPushedSince)) } : {}),
        },
        select: ['id'],
      });
      if (found) return true;
    }
    return false;
  }

  /**
   * What a list lost at the vendor (see `repairList`), on its links: the CRM hash of the members
   * of `rewrite` modules is forgotten, so the update writes them again; with `reexclude` the
   * members taken off the list are on it again, as the vendor now has them, so the update takes
   * off again those no view selects.
   */
  async forgetVendorPlaces(
    tenantId: TenantId,
    installationId: string,
    listId: string,
    lost: { rewrite: SubscriberModule[]; reexclude: boolean },
  ): Promise<void> {
    const links = this.dataSource.getRepository(RecordLink);
    const ofList = { tenantId, installationId, listId };
    if (lost.rewrite.length > 0)
      await links.update(
        { ...ofList, crmModule: In(lost.rewrite), vendorStatus: In(['subscribed', 'pending']) },
        { crmHash: null },
      );
    if (lost.reexclude)
      await links.update(
        { ...ofList, vendorStatus: 'archived' },
        { vendorStatus: 'subscribed', crmHash: null },
      );
  }

  /**
   * A page of a list's links (by id) to members still on the list (subscribed or pending) whose
   * address belongs to `module`, optionally of these CRM records only, optionally only those not
   * pushed since a moment (a run's start: what it pushed it found in the CRM): the candidates
   * for removal.
   */
  linksOnList(
    tenantId: TenantId,
    installationId: string,
    listId: string,
    module: NonNullable<RecordLink['crmModule']>,
    page: { recordIds?: string[]; afterId?: string; notPushedSince?: Date; limit: number },
  ): Promise<RecordLink[]> {
    return this.dataSource.getRepository(RecordLink).find({
      where: {
        tenantId,
        installationId,
        listId,
        crmModule: module,
        vendorStatus: In(['subscribed', 'pending']),
        ...(page.recordIds ? { crmId: In(page.recordIds) } : {}),
        ...(page.afterId ? { id: MoreThan(page.afterId) } : {}),
        ...(page.notPushedSince ? { lastPushedAt: Or(IsNull(), LessThan(page.notPushedSince)) } : {}),
      },
      order: { id: 'ASC' },
      take: page.limit,
    });
  }

  /**
   * A page of the installation's links (by id) to members it has at the vendor — every list,
   * archived members left out — with the CRM address they belong to: what "Sync tags" retags.
   */
  memberLinks(
    tenantId: TenantId,
    installationId: string,
    page: { afterId?: string; limit: number },
  ): Promise<RecordLink[]> {
    return this.dataSource.getRepository(RecordLink).find({
      where: {
        ...memberLinkWhere(tenantId, installationId),
        ...(page.afterId ? { id: MoreThan(page.afterId) } : {}),
      },
      order: { id: 'ASC' },
      take: page.limit,
    });
  }

  countMemberLinks(tenantId: TenantId, installationId: string): Promise<number> {
    return this.dataSource.getRepository(RecordLink).countBy(memberLinkWhere(tenantId, installationId));
  }

  isStale(run: SyncRun, now = Date.now()): boolean {
    return !run.heartbeatAt || run.heartbeatAt.getTime() < now - RunLedger.staleAfterMs;
  }

  private claimable(run: SyncRun): boolean {
    return run.status === 'QUEUED' || (run.status === 'RUNNING' && this.isStale(run));
  }

  private async held(manager: EntityManager, run: SyncRun, token: string): Promise<SyncRun> {
    const current = await this.lock(manager, run.id, run.tenantId);
    if (
      !current ||
      current.status !== 'RUNNING' ||
      (current.checkpoint as RunCheckpoint | null)?.owner !== token
    )
      throw new LostRunLeaseError(run.id);
    return current;
  }

  private lock(manager: EntityManager, runId: string, tenantId?: TenantId): Promise<SyncRun | null> {
    const query = manager
      .getRepository(SyncRun)
      .createQueryBuilder('run')
      .where('run.id = :runId', { runId });
    if (tenantId) query.andWhere('run.tenantId = :tenantId', { tenantId });
    // SQLite runs transactions one at a time already (and has no row locks).
    if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
    return query.getOne();
  }

  private async lockInstallation(
    manager: EntityManager,
    tenantId: TenantId,
    installationId: string,
  ): Promise<void> {
    if (manager.connection.options.type === 'better-sqlite3') return;
    await manager
      .getRepository(ConnectorInstallation)
      .createQueryBuilder('i')
      .where('i.tenantId = :tenantId AND i.id = :installationId', { tenantId, installationId })
      .setLock('pessimistic_write')
      .getOne();
  }

  private async saveLinks(manager: EntityManager, links: RecordLink[]): Promise<void> {
    const repository = manager.getRepository(RecordLink);
    const now = new Date();
    const fresh = links.filter((link) => !link.id);
    for (const link of links.filter((l) => l.id)) {
      const { id, tenantId, createdAt: _created, ...changes } = link;
      await repository.update({ id, tenantId }, { ...changes, updatedAt: now });
    }
    await insertRows(
      manager,
      RecordLink,
      fresh.map((link) => ({ ...link, id: timeOrderedId(), createdAt: now, updatedAt: now })),
    );
  }

  private async insertLines(manager: EntityManager, run: SyncRun, lines: AuditLine[]): Promise<void> {
    const now = new Date();
    const rows = lines.map((line, index) => ({
      ...line,
      id: timeOrderedId(),
      tenantId: run.tenantId,
      runId: run.id,
      installationId: run.installationId,
      // Distinct, ordered timestamps keep the audit in processing order.
      createdAt: new Date(now.getTime() + index),
      updatedAt: now,
    }));
    await insertRows(manager, SyncRunRecord, rows);
  }

  /** One open failure per record and list: a repeat failure counts an attempt instead of a new row. */
  private async recordFailures(manager: EntityManager, run: SyncRun, failures: FailureLine[]): Promise<void> {
    if (failures.length === 0) return;
    const repository = manager.getRepository(FailedRecord);
    const now = new Date();
    const existing = await repository.findBy({
      tenantId: run.tenantId,
      installationId: run.installationId,
      email: In(failures.map((f) => f.email)),
      status: In(['OPEN', 'REPLAYED']),
    });
    for (const failure of failures) {
      const open = existing.find((f) => f.listId === failure.listId && f.email === failure.email);
      if (open) {
        Object.assign(open, failure, {
          runId: run.id,
          attempts: open.attempts + 1,
          status: 'OPEN',
          lastAttemptAt: now,
        });
        await repository.save(open);
      } else
        await repository.save(
          repository.create({
            ...failure,
            message: failure.message.slice(0, 1000),
            tenantId: run.tenantId,
            installationId: run.installationId,
            runId: run.id,
            attempts: 1,
            status: 'OPEN',
            lastAttemptAt: now,
          }),
        );
    }
  }

  private async resolveFailures(
    manager: EntityManager,
    run: SyncRun,
    succeeded: BatchCommit['succeeded'],
  ): Promise<void> {
    if (succeeded.length === 0) return;
    const repository = manager.getRepository(FailedRecord);
    const open = {
      tenantId: run.tenantId,
      installationId: run.installationId,
      status: In(['OPEN', 'REPLAYED']),
    };
    // Most batches have nothing to resolve: one indexed look spares an update naming every address.
    if (!(await repository.existsBy(open))) return;
    const byList = new Map<string, string[]>();
    for (const { listId, email } of succeeded) {
      const emails = byList.get(listId) ?? [];
      if (emails.length === 0) byList.set(listId, emails);
      emails.push(email);
    }
    for (const [listId, emails] of byList)
      await repository.update(
        { ...open, listId, email: In(emails) },
        { status: 'RESOLVED', lastAttemptAt: new Date() },
      );
  }
}
