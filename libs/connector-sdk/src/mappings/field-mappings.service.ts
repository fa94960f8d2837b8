import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FieldProblem, TenantId, TenantScopedRepository, ValidationFailedError } from '@crm/platform';
import { assertAdmin, type Actor } from '@crm/core';
import { VendorCatalogService } from '../catalog/vendor-catalog.service';
import type { MappingDirection } from '../contract/manifest';
import type { VendorField } from '../contract/vendor-records';
import { CRM_SYNC_PORT, CrmFieldDescriptor, CrmSyncPort } from '../engine/crm-sync.port';
import { InstallationAccess } from '../installations/installation-access';
import type { ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { SyncSettingsService } from '../settings/sync-settings.service';
import type { SyncSettingsData } from '../settings/sync-settings.types';
import { FieldMapping } from './field-mapping.entity';
import { checkMappings, MappingInput } from './mapping-rules';

export interface MappingView {
  vendorField: string;
  crmField: string;
  direction: MappingDirection;
  locked: boolean;
}

/** A list's mappings with what the mapping screen offers on each side. */
export interface ListMappingsView {
  listId: string;
  subscriberModule: SyncSettingsData['subscriberModule'];
  /** False while the connector's default mappings are in force. */
  saved: boolean;
  mappings: MappingView[];
  vendorFields: VendorField[];
  crmFields: CrmFieldDescriptor[];
}

export interface ReplaceMappingsInput {
  listId: string;
  mappings: MappingInput[];
}

const toView = (row: MappingView): MappingView => ({
  vendorField: row.vendorField,
  crmField: row.crmField,
  direction: row.direction,
  locked: row.locked,
});

/** Vendor field ↔ CRM field pairs per list: read by everyone in scope, replaced by admins. */
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

  async get(actor: Actor, installationId: string, listId: string): Promise<ListMappingsView> {
    const installation = await this.access.getVisible(actor, installationId);
    const { subscriberModule } = await this.settings.current(actor.tenantId, installationId);
    const [current, vendorFields, crmFields] = await Promise.all([
      this.forList(actor.tenantId, installation, listId),
      this.catalog.fields(actor.tenantId, installationId, listId),
      this.crm.fieldCatalog(actor.tenantId, subscriberModule),
    ]);
    return { listId, subscriberModule, ...current, vendorFields, crmFields };
  }

  /** The list's saved mappings, or the connector's defaults while none are saved. */
  async forList(
    tenantId: TenantId,
    installation: Pick<ConnectorInstallation, 'id' | 'connectorKey'>,
    listId: string,
  ): Promise<{ saved: boolean; mappings: MappingView[] }> {
    const rows = await this.mappings.find(tenantId, {
      where: { installationId: installation.id, listId },
      order: { createdAt: 'ASC', vendorField: 'ASC' },
    });
    if (rows.length > 0) return { saved: true, mappings: rows.map(toView) };
    const { defaultMappings } = this.registry.get(installation.connectorKey).manifest;
    return { saved: false, mappings: defaultMappings.map(toView) };
  }

  /**
   * Replaces a list's mappings after checking them against the vendor's fields, the CRM's fields
   * and the sync settings; nothing is written unless every check passes. Warnings are saved along.
   */
  async replace(
    actor: Actor,
    installationId: string,
    input: ReplaceMappingsInput,
  ): Promise<{ listId: string; mappings: MappingView[]; warnings: FieldProblem[] }> {
    const installation = await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const { defaultMappings } = this.registry.get(installation.connectorKey).manifest;
    const settings = await this.settings.current(actor.tenantId, installationId);
    const [vendorFields, crmFields] = await Promise.all([
      this.catalog.fields(actor.tenantId, installationId, input.listId),
      this.crm.fieldCatalog(actor.tenantId, settings.subscriberModule),
    ]);
    const { problems, warnings } = checkMappings(input.mappings, {
      defaults: defaultMappings,
      vendorFields,
      crmFields,
      settings,
    });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    const lockedFields = new Set(defaultMappings.filter((m) => m.locked).map((m) => m.vendorField));
    const saved = await this.dataSource.transaction(async (manager) => {
      const mappings = this.mappings.withManager(manager);
      await mappings.delete(actor.tenantId, { installationId, listId: input.listId });
      return mappings.save(
        actor.tenantId,
        input.mappings.map((mapping) =>
          mappings.create(actor.tenantId, {
            installationId,
            listId: input.listId,
            vendorField: mapping.vendorField,
            crmField: mapping.crmField,
            direction: mapping.direction,
            locked: lockedFields.has(mapping.vendorField),
          }),
        ),
      );
    });
    return { listId: input.listId, mappings: saved.map(toView), warnings };
  }
}
