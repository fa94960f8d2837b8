import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation, TenantId, TenantScopedRepository, ValidationFailedError } from '@crm/platform';
import { assertAdmin, type Actor } from '@crm/core';
import { VendorCatalogService } from '../catalog/vendor-catalog.service';
import { WebhookRegistrar } from '../catalog/webhook-registrar';
import { InstallationAccess } from '../installations/installation-access';
import { ConnectorRegistry } from '../registry/connector.registry';
import { JobSchedule, jobSchedules } from '../scheduling/job-schedules';
import { SyncSettings } from './sync-settings.entity';
import {
  checkSyncSettings,
  defaultSyncSettings,
  settingsNeedVendorLists,
  settingsNeedVendorStores,
  withMembershipDefaults,
} from './sync-settings.rules';
import type { SyncSettingsData } from './sync-settings.types';

/** The sync wizard's answers per installation: read by everyone in scope, saved by admins. */
@Injectable()
export class SyncSettingsService {
  private readonly settings: TenantScopedRepository<SyncSettings>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly access: InstallationAccess,
    private readonly registry: ConnectorRegistry,
    private readonly catalog: VendorCatalogService,
    private readonly webhooks: WebhookRegistrar,
  ) {
    this.settings = new TenantScopedRepository(dataSource.getRepository(SyncSettings), 'Sync settings');
  }

  async get(actor: Actor, installationId: string): Promise<SyncSettingsData> {
    const installation = await this.access.getVisible(actor, installationId);
    const settings = await this.current(actor.tenantId, installationId);
    const { connectorKey } = installation;
    return this.registry.has(connectorKey)
      ? withMembershipDefaults(settings, this.registry.get(connectorKey).manifest)
      : settings;
  }

  /** The installation's scheduled jobs and how often each runs (the defaults, or as the settings say). */
  async schedules(actor: Actor, installationId: string): Promise<JobSchedule[]> {
    const installation = await this.access.getVisible(actor, installationId);
    const { manifest } = this.registry.get(installation.connectorKey);
    return jobSchedules(manifest, await this.current(actor.tenantId, installationId));
  }

  /** The saved settings, or the defaults while none are saved (for the engine and mappings). */
  async current(tenantId: TenantId, installationId: string): Promise<SyncSettingsData> {
    const row = await this.settings.findOne(tenantId, { installationId });
    return row ? row.data : defaultSyncSettings();
  }

  /**
   * Replaces the settings after checking them as a whole; nothing is saved when any check fails.
   * The installation's webhooks then follow the lists the settings sync.
   */
  async replace(actor: Actor, installationId: string, input: SyncSettingsData): Promise<SyncSettingsData> {
    const installation = await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const manifest = this.registry.get(installation.connectorKey).manifest;
    const vendorListIds = settingsNeedVendorLists(input)
      ? await this.catalog.activeListIds(actor.tenantId, installationId)
      : new Set<string>();
    const vendorStoreIds = settingsNeedVendorStores(input, manifest)
      ? new Set((await this.catalog.stores(actor.tenantId, installationId)).map((store) => store.id))
      : new Set<string>();
    const { settings, problems } = checkSyncSettings(input, { manifest, vendorListIds, vendorStoreIds });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    try {
      await this.upsert(actor.tenantId, installationId, settings);
    } catch (error) {
      // A concurrent first save inserted the row: ours replaces it.
      if (!isUniqueViolation(error)) throw error;
      await this.upsert(actor.tenantId, installationId, settings);
    }
    await this.webhooks.sync(actor.tenantId, installationId);
    return settings;
  }

  private async upsert(tenantId: TenantId, installationId: string, data: SyncSettingsData): Promise<void> {
    const row =
      (await this.settings.findOne(tenantId, { installationId })) ??
      this.settings.create(tenantId, { installationId });
    row.data = data;
    await this.settings.save(tenantId, row);
  }
}
