import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import {
  ConflictError,
  isUniqueViolation,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import { assertAdmin, type Actor } from '@crm/core';
import { ConnectionContextFactory, ResolvedConnection } from '../connections/connection-context.factory';
import { hasCapability } from '../contract/connector';
import type { VendorField, VendorList, VendorStore, VendorTag } from '../contract/vendor-records';
import { RecordLink } from '../engine/engine.entities';
import { VendorListRecord, VendorTagRecord } from '../engine/vendor-list.entity';
import { InstallationAccess } from '../installations/installation-access';
import { vendorErrorToHttp } from './vendor-errors';
import { existingFieldProblems, newFieldProblems, NewVendorField } from './vendor-field-limits';

/** A vendor list as the API shows it; `listId` is the vendor's own id. */
export interface VendorListView {
  listId: string;
  name: string;
  status: VendorListRecord['status'];
  memberCount: number | null;
  details: Record<string, unknown> | null;
  syncInProgress: boolean;
  lastSyncedAt: Date | null;
}

/** A tag or segment of a vendor list as the API shows it (the Segments/Tags records). */
export interface VendorTagView {
  listId: string;
  /** The vendor's id for it, when the vendor has one. */
  tagId: string | null;
  name: string;
  kind: VendorTagRecord['kind'];
  memberCount: number | null;
}

type ListedTag = VendorTag & { listId: string };

const toTagView = (row: VendorTagRecord): VendorTagView => ({
  listId: row.vendorListId,
  tagId: row.vendorTagId,
  name: row.name,
  kind: row.kind,
  memberCount: row.memberCount,
});

/**
 * One entry per tag or segment of a list: a vendor may list the same one twice (Mailchimp's
 * tags are also its static segments, which carry the member count), so entries of the same kind
 * and id are merged, the later filling in what the earlier lacks.
 */
export function mergeListedTags(...sources: VendorTag[][]): VendorTag[] {
  const merged = new Map<string, VendorTag>();
  for (const tag of sources.flat()) {
    const key = `${tag.kind}\n${tag.id}`;
    const known = merged.get(key);
    merged.set(key, known ? { ...known, memberCount: tag.memberCount ?? known.memberCount } : tag);
  }
  return [...merged.values()];
}

const toView = (row: VendorListRecord): VendorListView => ({
  listId: row.vendorListId,
  name: row.name,
  status: row.status,
  memberCount: row.memberCount,
  details: row.details,
  syncInProgress: row.syncInProgress,
  lastSyncedAt: row.lastSyncedAt,
});

/**
 * What the vendor account holds — its lists and their fields — read fresh through the
 * connector (within the account's request budget) and, for lists, kept as records. Settings and
 * mappings validate against it; vendor failures come out as HTTP answers that say what to do.
 */
@Injectable()
export class VendorCatalogService {
  private readonly records: TenantScopedRepository<VendorListRecord>;
  private readonly tagRecords: TenantScopedRepository<VendorTagRecord>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contexts: ConnectionContextFactory,
    private readonly access: InstallationAccess,
  ) {
    this.records = new TenantScopedRepository(dataSource.getRepository(VendorListRecord), 'List');
    this.tagRecords = new TenantScopedRepository(dataSource.getRepository(VendorTagRecord), 'Tag');
  }

  async visibleLists(actor: Actor, installationId: string): Promise<VendorListView[]> {
    await this.access.getVisible(actor, installationId);
    return this.lists(actor.tenantId, installationId);
  }

  async visibleFields(actor: Actor, installationId: string, listId: string): Promise<VendorField[]> {
    await this.access.getVisible(actor, installationId);
    return this.fields(actor.tenantId, installationId, listId);
  }

  /**
   * The vendor's lists, fresh, stored as records: new ones added, known ones updated, and ones
   * gone at the vendor kept with status DELETED as history (seed 004). Active lists first.
   */
  async lists(tenantId: TenantId, installationId: string): Promise<VendorListView[]> {
    const resolved = await this.connect(tenantId, installationId);
    const { connector, context } = resolved;
    const fresh = hasCapability(connector, 'lists')
      ? await this.call(resolved, undefined, () => connector.listLists(context))
      : [];
    return this.storeLists(tenantId, installationId, fresh);
  }

  /**
   * The same for a job (the scheduled LISTS import): vendor failures stay the connector's coded
   * errors, which the job judges (retry, re-authorize), instead of HTTP answers.
   */
  async refreshLists(tenantId: TenantId, installationId: string): Promise<VendorListView[]> {
    const { connector, context } = await this.contexts.forInstallation(tenantId, installationId);
    const fresh = hasCapability(connector, 'lists') ? await connector.listLists(context) : [];
    return this.storeLists(tenantId, installationId, fresh);
  }

  private async storeLists(
    tenantId: TenantId,
    installationId: string,
    fresh: VendorList[],
  ): Promise<VendorListView[]> {
    const rows = await this.recordLists(tenantId, installationId, fresh);
    return rows.sort((a, b) => a.status.localeCompare(b.status) || a.name.localeCompare(b.name)).map(toView);
  }

  /**
   * Keeps the list records in step with the vendor's lists as just read (by a run, `lists` or the LISTS job):
   * new ones added, known ones updated, and ones gone at the vendor turned DELETED, their members'
   * links with them (status `deleted`, kept as history, never pushed again).
   */
  async recordLists(
    tenantId: TenantId,
    installationId: string,
    fresh: VendorList[],
  ): Promise<VendorListRecord[]> {
    try {
      return await this.store(tenantId, installationId, fresh);
    } catch (error) {
      // Two first reads raced to insert the same list: the other one stored it, store again.
      if (!isUniqueViolation(error)) throw error;
      return this.store(tenantId, installationId, fresh);
    }
  }

  async visibleTags(actor: Actor, installationId: string, listId?: string): Promise<VendorTagView[]> {
    await this.access.getVisible(actor, installationId);
    const tags = await this.tags(actor.tenantId, installationId);
    return listId === undefined ? tags : tags.filter((tag) => tag.listId === listId);
  }

  /**
   * The tags and segments of the installation's active lists, fresh from the vendor, kept as the
   * Segments/Tags records: new ones added, known ones (by vendor id, else by name) updated, and
   * ones gone at the vendor, or whose list is gone there, removed. By list, kind and name.
   */
  async tags(tenantId: TenantId, installationId: string): Promise<VendorTagView[]> {
    const lists = (await this.lists(tenantId, installationId)).filter((list) => list.status === 'ACTIVE');
    const resolved = await this.connect(tenantId, installationId);
    const { connector, context } = resolved;
    const fresh: ListedTag[] = [];
    for (const { listId } of lists) {
      const [tags, segments] = await Promise.all([
        hasCapability(connector, 'tags')
          ? this.call(resolved, listId, () => connector.listTags(context, listId))
          : [],
        hasCapability(connector, 'segments')
          ? this.call(resolved, listId, () => connector.listSegments(context, listId))
          : [],
      ]);
      fresh.push(...mergeListedTags(tags, segments).map((tag) => ({ ...tag, listId })));
    }
    let rows: VendorTagRecord[];
    try {
      rows = await this.storeTags(tenantId, installationId, fresh);
    } catch (error) {
      // Two pulls raced to insert the same tag: the other one stored it, store again.
      if (!isUniqueViolation(error)) throw error;
      rows = await this.storeTags(tenantId, installationId, fresh);
    }
    return rows
      .sort(
        (a, b) =>
          a.vendorListId.localeCompare(b.vendorListId) ||
          a.kind.localeCompare(b.kind) ||
          a.name.localeCompare(b.name),
      )
      .map(toTagView);
  }

  /** Ids of the lists that exist at the vendor now (what settings may refer to). */
  async activeListIds(tenantId: TenantId, installationId: string): Promise<Set<string>> {
    const lists = await this.lists(tenantId, installationId);
    return new Set(lists.filter((list) => list.status === 'ACTIVE').map((list) => list.listId));
  }

  async visibleStores(actor: Actor, installationId: string): Promise<VendorStore[]> {
    await this.access.getVisible(actor, installationId);
    return this.stores(actor.tenantId, installationId);
  }

  /**
   * The account's e-commerce stores, fresh (the settings offer them for abandoned carts); none
   * when the connector has no carts.
   */
  async stores(tenantId: TenantId, installationId: string): Promise<VendorStore[]> {
    const resolved = await this.connect(tenantId, installationId);
    const { connector, context } = resolved;
    if (!hasCapability(connector, 'ecommerceCarts')) return [];
    return this.call(resolved, undefined, () => connector.listStores(context));
  }

  /** A list's fields at the vendor; none when the connector has no field capability. */
  async fields(tenantId: TenantId, installationId: string, listId: string): Promise<VendorField[]> {
    const resolved = await this.connect(tenantId, installationId);
    const { connector, context } = resolved;
    if (!hasCapability(connector, 'fields')) return [];
    return this.call(resolved, listId, () => connector.listFields(context, listId));
  }

  /**
   * Creates a field at the vendor (admins only). Limits the manifest states are checked before
   * any vendor call; the count limit and key clashes need the list's fields, so they are checked
   * after reading them and before the write.
   */
  async createField(
    actor: Actor,
    installationId: string,
    listId: string,
    input: NewVendorField,
  ): Promise<VendorField> {
    await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const resolved = await this.connect(actor.tenantId, installationId);
    const { connector, context } = resolved;
    if (!hasCapability(connector, 'fields') || typeof connector.createField !== 'function')
      throw new ConflictError(`${connector.manifest.name} cannot create fields from the CRM`, 'listId');
    const { limits } = connector.manifest;
    const own = newFieldProblems(input, limits);
    if (own.length > 0) throw new ValidationFailedError(own);
    const existing = await this.call(resolved, listId, () => connector.listFields(context, listId));
    const clashes = existingFieldProblems(input, existing, limits);
    if (clashes.length > 0) throw new ValidationFailedError(clashes);
    return this.call(resolved, listId, () =>
      connector.createField!(context, listId, {
        label: input.label,
        type: input.type,
        required: input.required ?? false,
        ...(input.key !== undefined ? { key: input.key } : {}),
        ...(input.type === 'dropdown' ? { choices: input.choices ?? [] } : {}),
      }),
    );
  }

  /** The installation's connection, refused while it cannot reach the vendor. */
  private async connect(tenantId: TenantId, installationId: string): Promise<ResolvedConnection> {
    const resolved = await this.contexts.forInstallation(tenantId, installationId);
    const { status } = resolved.installation;
    const name = resolved.connector.manifest.name;
    if (status === 'NEEDS_REAUTHORIZATION')
      throw new ConflictError(`${name} needs re-authorization before it can be used`, 'installationId');
    if (status !== 'ACTIVE') throw new ConflictError(`${name} is not authorized yet`, 'installationId');
    return resolved;
  }

  private async call<T>(
    resolved: ResolvedConnection,
    listId: string | undefined,
    vendorCall: () => Promise<T>,
  ): Promise<T> {
    try {
      return await vendorCall();
    } catch (error) {
      throw vendorErrorToHttp(error, { connectorName: resolved.connector.manifest.name, listId });
    }
  }

  private storeTags(
    tenantId: TenantId,
    installationId: string,
    fresh: ListedTag[],
  ): Promise<VendorTagRecord[]> {
    return this.dataSource.transaction(async (manager) => {
      const records = this.tagRecords.withManager(manager);
      const known = await records.find(tenantId, { where: { installationId } });
      const matched = new Set<VendorTagRecord>();
      const sameTag = (tag: ListedTag) => (row: VendorTagRecord) =>
        !matched.has(row) && row.vendorListId === tag.listId && row.kind === tag.kind;
      const current = fresh.map((tag) => {
        const name = tag.name.slice(0, 200);
        const row =
          known.find((r) => sameTag(tag)(r) && r.vendorTagId === tag.id) ??
          known.find((r) => sameTag(tag)(r) && r.name === name) ??
          records.create(tenantId, { installationId, vendorListId: tag.listId, kind: tag.kind });
        matched.add(row);
        return Object.assign(row, {
          vendorTagId: tag.id || null,
          name,
          memberCount: tag.memberCount ?? null,
        });
      });
      const gone = known.filter((row) => !matched.has(row)).map((row) => row.id);
      // Gone first: a tag renamed to the name of one deleted at the vendor must not meet its old row.
      if (gone.length) await records.delete(tenantId, { installationId, id: In(gone) });
      return current.length ? records.save(tenantId, current) : [];
    });
  }

  private store(
    tenantId: TenantId,
    installationId: string,
    fresh: VendorList[],
  ): Promise<VendorListRecord[]> {
    return this.dataSource.transaction(async (manager) => {
      const records = this.records.withManager(manager);
      const known = await records.find(tenantId, { where: { installationId } });
      const byVendorId = new Map(known.map((row) => [row.vendorListId, row]));
      const current = fresh.map((list) => {
        const row =
          byVendorId.get(list.id) ??
          records.create(tenantId, {
            installationId,
            vendorListId: list.id,
            syncInProgress: false,
            lastSyncedAt: null,
          });
        const details =
          list.doubleOptIn === undefined ? list.details : { ...list.details, doubleOptIn: list.doubleOptIn };
        return Object.assign(row, {
          name: list.name.slice(0, 200),
          memberCount: list.memberCount ?? null,
          details: details ?? null,
          status: 'ACTIVE' as const,
        });
      });
      const freshIds = new Set(fresh.map((list) => list.id));
      const gone = known.filter((row) => !freshIds.has(row.vendorListId));
      const newlyGone = gone.filter((row) => row.status !== 'DELETED').map((row) => row.vendorListId);
      if (newlyGone.length > 0)
        await manager
          .getRepository(RecordLink)
          .update(
            { tenantId, installationId, listId: In(newlyGone), vendorId: Not(IsNull()) },
            { vendorStatus: 'deleted', updatedAt: new Date() },
          );
      gone.forEach((row) => Object.assign(row, { status: 'DELETED' as const }));
      return records.save(tenantId, [...current, ...gone]);
    });
  }
}
