import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ValidationFailedError } from '@crm/platform';
import { Actor, assertModuleAccess, canSeeRecord } from '@crm/core';
import { VendorCatalogService } from '../catalog/vendor-catalog.service';
import { hasCapability } from '../contract/connector';
import { InstallationAccess } from '../installations/installation-access';
import { ConnectorRegistry } from '../registry/connector.registry';
import { CRM_SYNC_PORT, CrmSyncPort } from './crm-sync.port';
import { RecordAction, RunStatus, SyncRun, SyncRunRecord } from './engine.entities';
import { ListAdditionModule } from './list-addition';
import { SyncEngine } from './sync-engine';

export interface ListAdditionRequest {
  module: ListAdditionModule;
  recordIds: string[];
  listId: string;
  tag?: string;
}

/** One address (or record, when it has none or was not found) and what became of it. */
export interface ListAdditionEntry {
  recordId: string;
  email: string | null;
  reason: string | null;
}

export interface ListAdditionView {
  /** The RECORDS run that did the work (its audit lines hold the same entries); null when nothing was found. */
  runId: string | null;
  /** The run's status: SUCCEEDED, PARTIAL (some failed), or QUEUED/RUNNING when it is still under way. */
  status: RunStatus | null;
  listId: string;
  tag: string | null;
  added: ListAdditionEntry[];
  /** Members already on the list: fields brought in step, tag applied. */
  updated: ListAdditionEntry[];
  /** Members already on the list with nothing to change. */
  unchanged: ListAdditionEntry[];
  skipped: ListAdditionEntry[];
  failed: ListAdditionEntry[];
}

/** How long the request waits for the run (a real-time run of the installation may be in flight). */
const WAIT_MS = 20_000;

const GROUP_OF: Partial<Record<RecordAction, 'added' | 'updated' | 'unchanged' | 'skipped' | 'failed'>> = {
  ADD: 'added',
  UPDATE: 'updated',
  TAGS: 'updated',
  UNCHANGED: 'unchanged',
  SKIP: 'skipped',
  FAIL: 'failed',
};

/** The vendor's words for a refusal, else the rule the engine applied. */
function reasonOf(line: SyncRunRecord): string | null {
  const error = line.vendorResponse?.error;
  if (line.action === 'FAIL' && typeof error === 'string') return error;
  if (line.action === 'FAIL' && error && typeof error === 'object' && 'message' in error)
    return String((error as { message: unknown }).message);
  return line.rule;
}

/**
 * "Add selected records to an audience" (seed 001): a user who may see the installation picks
 * contacts or leads, a list and a tag. Input is checked before anything happens (the list must
 * be one of the installation's at the vendor, the tag within the vendor's limit); records the
 * user cannot see — another tenant's, another owner's, deleted — are NOT_FOUND alike. The rest
 * go through the engine as a RECORDS run (see RunExecution.addToList), and the answer lists
 * that run's audit lines by outcome.
 *
 * The addresses written become record links of that list, as any push's do: the member status
 * shows on the record, webhooks and pulls of the list find the record by its link, and when the
 * list is the installation's target list (and the module its subscriber module) every later edit
 * of the record is pushed there like any other. Other lists keep what the action wrote; adding
 * the records again brings them up to date (an unchanged record costs no write).
 */
@Injectable()
export class ListAdditionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: InstallationAccess,
    private readonly registry: ConnectorRegistry,
    private readonly catalog: VendorCatalogService,
    private readonly engine: SyncEngine,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
  ) {}

  async add(actor: Actor, installationId: string, request: ListAdditionRequest): Promise<ListAdditionView> {
    const installation = await this.access.getVisible(actor, installationId);
    assertModuleAccess(actor, request.module);
    const connector = this.registry.get(installation.connectorKey);
    const tag = request.tag?.trim() || undefined;
    const { tagMaxLength } = connector.manifest.limits;
    if (!hasCapability(connector, 'members'))
      throw ValidationFailedError.field('installationId', `${connector.manifest.name} cannot add members`);
    if (tag && !hasCapability(connector, 'tags'))
      throw ValidationFailedError.field('tag', `${connector.manifest.name} cannot tag members`);
    if (tag && tagMaxLength !== undefined && tag.length > tagMaxLength)
      throw ValidationFailedError.field(
        'tag',
        `is ${tag.length} characters long; ${connector.manifest.name} allows at most ${tagMaxLength}`,
      );
    const lists = await this.catalog.activeListIds(actor.tenantId, installationId);
    if (!lists.has(request.listId))
      throw ValidationFailedError.field(
        'listId',
        `is not one of this installation's ${connector.manifest.listNoun.toLowerCase()}s`,
      );

    const wanted = [...new Set(request.recordIds)];
    const visible = new Set(
      (await this.crm.recordOwnerships(actor.tenantId, request.module, wanted))
        .filter((ownership) => canSeeRecord(actor, ownership))
        .map((ownership) => ownership.id),
    );
    const view: ListAdditionView = {
      runId: null,
      status: null,
      listId: request.listId,
      tag: tag ?? null,
      added: [],
      updated: [],
      unchanged: [],
      skipped: wanted
        .filter((id) => !visible.has(id))
        .map((recordId) => ({ recordId, email: null, reason: 'NOT_FOUND' })),
      failed: [],
    };
    if (visible.size === 0) return view;

    const run = await this.engine.runAndWait(
      actor,
      installationId,
      {
        trigger: 'MANUAL',
        kind: 'RECORDS',
        input: {
          recordIds: wanted.filter((id) => visible.has(id)),
          addition: { module: request.module, listId: request.listId, ...(tag ? { tag } : {}) },
        },
      },
      WAIT_MS,
    );
    Object.assign(view, { runId: run.id, status: run.status });
    for (const line of await this.lines(run)) {
      const group = GROUP_OF[line.action];
      if (group)
        view[group].push({ recordId: line.crmId!, email: line.email || null, reason: reasonOf(line) });
    }
    return view;
  }

  private lines(run: SyncRun): Promise<SyncRunRecord[]> {
    return this.dataSource.getRepository(SyncRunRecord).find({
      where: { tenantId: run.tenantId, runId: run.id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
