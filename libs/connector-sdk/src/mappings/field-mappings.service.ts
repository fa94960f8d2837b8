import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FieldProblem, TenantId, TenantScopedRepository, ValidationFailedError } from '@crm/platform';
import { assertAdmin, type Actor } from '@crm/core';
import { VendorCatalogService } from '../catalog/vendor-catalog.service';
import type { ConnectorManifest, MappingDirection } from '../contract/manifest';
import type { VendorField } from '../contract/vendor-records';
import { CRM_SYNC_PORT, CrmFieldDescriptor, CrmSyncPort, SubscriberModule } from '../engine/crm-sync.port';
import { InstallationAccess } from '../installations/installation-access';
import type { ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { SyncSettingsService } from '../settings/sync-settings.service';
import type { SyncSettingsData } from '../settings/sync-settings.types';
import { FieldMapping } from './field-mapping.entity';
import { checkMappings, MappingInput } from './mapping-rules';
import { ANY, defaultsForModule, mappingListKey, MappingSource, selectMappings } from './mapping-selection';

export interface MappingView {
  vendorField: string;
  crmField: string;
  direction: MappingDirection;
  locked: boolean;
}

/** Whose mappings: a list's (or the account's, for account-wide fields), for one CRM module or all. */
export interface MappingTarget {
  /** Required where fields belong to each list; for account-wide fields, a list to read them from. */
  listId?: string;
  /** Absent: the mappings for every module without its own, checked against the subscriber module. */
  module?: SubscriberModule;
}

/** A list's mappings with what the mapping screen offers on each side. */
export interface ListMappingsView {
  /** Null for account-wide fields asked without a list. */
  listId: string | null;
  /** `account`: one mapping serves every list (see ConnectorManifest.fieldsScope). */
  scope: 'list' | 'account';
  /** The module asked for; null for the mappings every module without its own uses. */
  module: SubscriberModule | null;
  subscriberModule: SyncSettingsData['subscriberModule'];
  /** True when mappings are saved for exactly what was asked (the module, or the list as a whole). */
  saved: boolean;
  /** Where the mappings in force come from. */
  source: MappingSource;
  mappings: MappingView[];
  vendorFields: VendorField[];
  /** The fields of the module asked for (or of the subscriber module). */
  crmFields: CrmFieldDescriptor[];
}

export interface ReplaceMappingsInput extends MappingTarget {
  mappings: MappingInput[];
}

/** The mappings records of a module get in a list, by list id and module; built once per sync run. */
export type MappingsLookup = (listId: string, module: SubscriberModule) => MappingView[];

const toView = (row: MappingView): MappingView => ({
  vendorField: row.vendorField,
  crmField: row.crmField,
  direction: row.direction,
  locked: row.locked,
});

/** A target resolved against the installation: where its rows live and which fields it maps. */
interface ResolvedTarget {
  manifest: ConnectorManifest;
  settings: SyncSettingsData;
  /** The list id rows are stored under (`*` for account-wide fields). */
  listKey: string;
  /** The list the vendor's fields are read from; null when the account has no list to ask. */
  fieldsListId: string | null;
  /** The module stored on rows: the one asked for, or `*`. */
  crmModule: string;
  /** The module whose CRM fields are offered and checked. */
  catalogModule: SubscriberModule;
}

/**
 * Vendor field ↔ CRM field pairs per list and CRM module (seed 004: a mapping per entity type):
 * read by everyone in scope, replaced by admins. Records of a module use the module's own
 * mappings, else the list's mappings for every module, else the connector's defaults.
 */
@Injectable()
export class FieldMappingsService {
  private readonly mappings: TenantScopedRepository<FieldMapping>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: InstallationAccess,
    private readonly registry: ConnectorRegistry,
    private readonly settings: SyncSettingsService,
    private readonly catalog: VendorCatalogService,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
  ) {
    this.mappings = new TenantScopedRepository(dataSource.getRepository(FieldMapping), 'Field mapping');
  }

  async get(actor: Actor, installationId: string, target: MappingTarget): Promise<ListMappingsView> {
    const installation = await this.access.getVisible(actor, installationId);
    const resolved = await this.resolve(actor.tenantId, installation, target);
    const [rows, vendorFields, crmFields] = await Promise.all([
      this.rows(actor.tenantId, installationId),
      this.vendorFields(actor.tenantId, installationId, resolved),
      this.crm.fieldCatalog(actor.tenantId, resolved.catalogModule),
    ]);
    const selected = selectMappings(rows, resolved.listKey, target.module ?? null);
    const mappings =
      selected.source === 'defaults'
        ? defaultsForModule(resolved.manifest.defaultMappings, new Set(crmFields.map((f) => f.key)))
        : selected.rows;
    return {
      listId: target.listId ?? null,
      scope: resolved.manifest.fieldsScope ?? 'list',
      module: target.module ?? null,
      subscriberModule: resolved.settings.subscriberModule,
      saved: selected.source === (target.module ? 'module' : 'list'),
      source: selected.source,
      mappings: mappings.map(toView),
      vendorFields,
      crmFields,
    };
  }

  /** Every saved mapping of the installation at once, picked per list and module (the engine's view). */
  async lookup(
    tenantId: TenantId,
    installation: Pick<ConnectorInstallation, 'id' | 'connectorKey'>,
  ): Promise<MappingsLookup> {
    const rows = await this.rows(tenantId, installation.id);
    const { manifest } = this.registry.get(installation.connectorKey);
    return (listId, module) => {
      const { source, rows: selected } = selectMappings(rows, mappingListKey(manifest, listId), module);
      return (source === 'defaults' ? manifest.defaultMappings : selected).map(toView);
    };
  }

  /**
   * Replaces the mappings of a list (or the account) for a module, or for every module, after
   * checking them against the vendor's fields, the module's CRM fields and the sync settings;
   * nothing is written unless every check passes. Warnings are saved along.
   */
  async replace(
    actor: Actor,
    installationId: string,
    input: ReplaceMappingsInput,
  ): Promise<{
    listId: string | null;
    module: SubscriberModule | null;
    mappings: MappingView[];
    warnings: FieldProblem[];
  }> {
    const installation = await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const resolved = await this.resolve(actor.tenantId, installation, input);
    const { manifest, settings, listKey, crmModule } = resolved;
    const [vendorFields, crmFields] = await Promise.all([
      this.vendorFields(actor.tenantId, installationId, resolved),
      this.crm.fieldCatalog(actor.tenantId, resolved.catalogModule),
    ]);
    const { problems, warnings } = checkMappings(input.mappings, {
      defaults: manifest.defaultMappings,
      vendorFields,
      crmFields,
      module: resolved.catalogModule,
      settings,
    });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    const lockedFields = new Set(manifest.defaultMappings.filter((m) => m.locked).map((m) => m.vendorField));
    const saved = await this.dataSource.transaction(async (manager) => {
      const mappings = this.mappings.withManager(manager);
      await mappings.delete(actor.tenantId, { installationId, listId: listKey, crmModule });
      return mappings.save(
        actor.tenantId,
        input.mappings.map((mapping) =>
          mappings.create(actor.tenantId, {
            installationId,
            listId: listKey,
            crmModule,
            vendorField: mapping.vendorField,
            crmField: mapping.crmField,
            direction: mapping.direction,
            locked: lockedFields.has(mapping.vendorField),
          }),
        ),
      );
    });
    return {
      listId: input.listId ?? null,
      module: input.module ?? null,
      mappings: saved.map(toView),
      warnings,
    };
  }

  /**
   * Forgets the mappings saved for a module (its records go back to the list's mappings) or for
   * the list as a whole (back to the defaults); answers what is in force then.
   */
  async reset(actor: Actor, installationId: string, target: MappingTarget): Promise<ListMappingsView> {
    const installation = await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const { listKey, crmModule } = await this.resolve(actor.tenantId, installation, target);
    await this.mappings.delete(actor.tenantId, { installationId, listId: listKey, crmModule });
    return this.get(actor, installationId, target);
  }

  private async resolve(
    tenantId: TenantId,
    installation: ConnectorInstallation,
    target: MappingTarget,
  ): Promise<ResolvedTarget> {
    const { manifest } = this.registry.get(installation.connectorKey);
    const settings = await this.settings.current(tenantId, installation.id);
    const base = {
      manifest,
      settings,
      crmModule: target.module ?? ANY,
      catalogModule: target.module ?? settings.subscriberModule,
    };
    if (manifest.fieldsScope === 'account') {
      // The fields are the same in every list: any list of the account answers for them.
      const fieldsListId =
        target.listId ??
        (await this.catalog.lists(tenantId, installation.id)).find((list) => list.status === 'ACTIVE')
          ?.listId ??
        null;
      return { ...base, listKey: ANY, fieldsListId };
    }
    if (!target.listId)
      throw ValidationFailedError.field(
        'listId',
        `is required: ${manifest.name}'s fields belong to each ${manifest.listNoun.toLowerCase()}`,
      );
    return { ...base, listKey: target.listId, fieldsListId: target.listId };
  }

  private vendorFields(
    tenantId: TenantId,
    installationId: string,
    target: ResolvedTarget,
  ): Promise<VendorField[]> {
    return target.fieldsListId
      ? this.catalog.fields(tenantId, installationId, target.fieldsListId)
      : Promise.resolve([]);
  }

  private rows(tenantId: TenantId, installationId: string): Promise<FieldMapping[]> {
    return this.mappings.find(tenantId, {
      where: { installationId },
      order: { createdAt: 'ASC', vendorField: 'ASC' },
    });
  }
}
