import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ValidationFailedError } from '@crm/platform';
import { VendorCatalogService } from '../catalog/vendor-catalog.service';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import {
  ConnectionContext,
  Connector,
  hasCapability,
  ListsCapability,
  MembersCapability,
} from '../contract/connector';
import { savedViewsMembership, type SavedViewsMembership } from '../contract/manifest';
import type { VendorList } from '../contract/vendor-records';
import { ListViewRule } from '../list-rules/list-view-rule.entity';
import { FieldMappingsService, type MappingsLookup } from '../mappings/field-mappings.service';
import { flowsToCrm, flowsToVendor } from '../settings/sync-settings.rules';
import { SyncSettingsService } from '../settings/sync-settings.service';
import type { SyncSettingsData } from '../settings/sync-settings.types';
import { ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { CRM_SYNC_PORT, CrmSyncPort, SubscriberModule } from './crm-sync.port';
import { SyncRun } from './engine.entities';
import type { RunCheckpoint } from './run-ledger';
import { pushWindow, type PushWindow } from './push-window';
import { FieldMap } from './sync-plan';

/** A vendor list fed by saved views, with what its views select now. */
export interface ViewFedList {
  list: VendorList;
  /** The filters of the list's views, by CRM module, in the order of the manifest's modules. */
  views: Array<{ module: SubscriberModule; anyOf: unknown[] }>;
}

/** The lists of a connector whose lists are fed by saved views (see SavedViewsMembership). */
export interface ViewFedSetup {
  membership: SavedViewsMembership;
  /** The lists at the vendor now that have views, in vendor id order. */
  lists: ViewFedList[];
}

/** Everything a run needs to know before it reads a record, resolved once per execution. */
export interface RunSetup {
  installation: ConnectorInstallation;
  connector: Connector & MembersCapability;
  context: ConnectionContext;
  settings: SyncSettingsData;
  /** The vendor's lists now. */
  lists: VendorList[];
  /**
   * Where CRM records go (settings, or the first vendor list while none is chosen); none when the
   * connector's lists are fed by saved views.
   */
  targetList: VendorList | null;
  /** Lists fed by saved views; null for connectors whose lists take the marketing flag's records. */
  viewFed: ViewFedSetup | null;
  /**
   * Lists read back: into the CRM, all of them (BULK) or the chosen ones (SELECTIVE); for
   * `overwriteVendorEdits`, the target list.
   */
  pullLists: VendorList[];
  push: boolean;
  pull: boolean;
  /**
   * A one-way CRM → vendor sync of a connector whose manifest says so: full and incremental runs
   * read the target list first, and members edited at the vendor get the CRM's values again.
   * For lists fed by saved views, whenever the manifest says so: their update reads each list.
   */
  overwriteVendorEdits: boolean;
  /** The field map for records of a module in a list: the module's mappings, else the list's, else the defaults. */
  fieldMap: FieldMapLookup;
  /** Per list, when its last completed pull started: incremental pulls ask for changes since. */
  watermarks: Map<string, Date>;
  batchSize: number;
  /** Write batches going at once (the account's budget still caps concurrent calls). */
  window: PushWindow;
}

export type FieldMapLookup = (listId: string, module: SubscriberModule) => FieldMap;

/** One FieldMap per list and module, built the first time a run asks for it. */
export function fieldMapLookup(mappings: MappingsLookup): FieldMapLookup {
  const built = new Map<string, FieldMap>();
  return (listId, module) => {
    const key = `${listId}\n${module}`;
    let map = built.get(key);
    if (!map) built.set(key, (map = new FieldMap(mappings(listId, module))));
    return map;
  };
}

/** How long a records run may reuse the vendor's lists as last read. */
const RECENT_LISTS_MS = 60_000;
/**
 * Incremental pulls ask for changes since a little before the last pull started: the watermark is
 * our clock, the vendor filters by its own, often to the second (Mailchimp's `last_changed`).
 * Members read twice are unchanged by their hash and cost nothing.
 */
export const WATERMARK_OVERLAP_MS = 2 * 60_000;

@Injectable()
export class RunSetupLoader {
  /** Per installation, the vendor's lists as last read by a run in this process. */
  private readonly recentLists = new Map<string, { lists: VendorList[]; readAt: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionContextFactory,
    private readonly settingsService: SyncSettingsService,
    private readonly mappings: FieldMappingsService,
    private readonly registry: ConnectorRegistry,
    private readonly catalog: VendorCatalogService,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
  ) {}

  async load(run: SyncRun): Promise<RunSetup> {
    const { installation, connector, context } = await this.connections.forInstallation(
      run.tenantId,
      run.installationId,
    );
    if (!hasCapability(connector, 'members'))
      throw ValidationFailedError.field('installationId', `${connector.manifest.name} cannot sync members`);
    const settings = await this.settingsService.current(run.tenantId, run.installationId);
    const lists = hasCapability(connector, 'lists') ? await this.vendorLists(run, connector, context) : [];
    const membership = savedViewsMembership(connector.manifest);
    const targetId = membership ? null : (settings.targetListId ?? lists[0]?.id ?? null);
    const targetList = lists.find((list) => list.id === targetId) ?? null;
    const push = flowsToVendor(settings);
    const pull = flowsToCrm(settings);
    // Lists fed by saved views take only consent back from the vendor, whatever the direction.
    const overwriteVendorEdits =
      !!connector.manifest.overwriteVendorEdits && (membership !== null || (push && !pull));
    const pullLists = overwriteVendorEdits
      ? lists.filter((list) => list.id === targetList?.id)
      : settings.listSelection === 'BULK'
        ? lists
        : lists.filter((list) => settings.listIds.includes(list.id));
    const fieldMap = fieldMapLookup(await this.mappings.lookup(run.tenantId, installation));
    const { maxBatchSize, budget } = connector.manifest.limits;
    return {
      installation,
      connector,
      context,
      settings,
      lists,
      targetList,
      viewFed: membership && (await this.viewFedLists(run, membership, lists)),
      pullLists,
      push,
      pull,
      overwriteVendorEdits,
      fieldMap,
      watermarks: await this.watermarks(run),
      batchSize: maxBatchSize,
      window: pushWindow(budget),
    };
  }

  /**
   * The vendor's lists, read fresh by full and incremental runs. A records run (a real-time
   * change, a few selected records) reuses what a run of the installation read in the last
   * minute: one vendor call saved per change, a list setting (double opt-in) at most a minute old.
   */
  private async vendorLists(
    run: SyncRun,
    connector: Connector & ListsCapability,
    context: ConnectionContext,
  ): Promise<VendorList[]> {
    const known = this.recentLists.get(run.installationId);
    if (run.kind === 'RECORDS' && known && known.readAt > Date.now() - RECENT_LISTS_MS) return known.lists;
    const lists = await connector.listLists(context);
    this.recentLists.set(run.installationId, { lists, readAt: Date.now() });
    return lists;
  }

  /**
   * The lists with saved views, as the vendor has them now: the vendor's lists are recorded first,
   * so one deleted there turns DELETED (its members with it). A list whose views were all deleted
   * is left alone rather than emptied.
   */
  private async viewFedLists(
    run: SyncRun,
    membership: SavedViewsMembership,
    lists: VendorList[],
  ): Promise<ViewFedSetup> {
    if (run.kind !== 'RECORDS') await this.catalog.recordLists(run.tenantId, run.installationId, lists);
    const rules = await this.dataSource.getRepository(ListViewRule).find({
      where: { tenantId: run.tenantId, installationId: run.installationId },
      order: { listId: 'ASC', position: 'ASC' },
    });
    const views = new Map(
      (await this.crm.savedViews(run.tenantId, [...new Set(rules.map((rule) => rule.viewId))])).map(
        (view) => [view.id, view],
      ),
    );
    const fed: ViewFedList[] = [];
    for (const list of [...lists].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const listViews = rules
        .filter((rule) => rule.listId === list.id)
        .flatMap((rule) => views.get(rule.viewId) ?? []);
      const byModule = membership.modules
        .map((module) => ({
          module,
          anyOf: listViews.filter((view) => view.module === module).map((view) => view.filter),
        }))
        .filter((entry) => entry.anyOf.length > 0);
      if (byModule.length > 0) fed.push({ list, views: byModule });
    }
    return { membership, lists: fed };
  }

  /** The connector's display name, for messages about the run. */
  async connectorName(run: SyncRun): Promise<string> {
    const installation = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findOneBy({ tenantId: run.tenantId, id: run.installationId });
    const key = installation?.connectorKey ?? 'The vendor';
    return this.registry.has(key) ? this.registry.get(key).manifest.name : key;
  }

  /** From the most recent real full or incremental runs that completed a list's pull, less the overlap. */
  private async watermarks(run: SyncRun): Promise<Map<string, Date>> {
    const recent = await this.dataSource.getRepository(SyncRun).find({
      where: {
        tenantId: run.tenantId,
        installationId: run.installationId,
        dryRun: false,
        kind: In(['FULL', 'INCREMENTAL', 'SUBSCRIBERS']),
      },
      order: { createdAt: 'DESC' },
      take: 20,
      select: ['id', 'checkpoint', 'createdAt'],
    });
    const marks = new Map<string, Date>();
    for (const previous of recent) {
      if (previous.id === run.id) continue;
      const pulled = (previous.checkpoint as RunCheckpoint | null)?.pulled ?? {};
      for (const [listId, at] of Object.entries(pulled))
        if (!marks.has(listId)) marks.set(listId, new Date(new Date(at).getTime() - WATERMARK_OVERLAP_MS));
    }
    return marks;
  }
}
