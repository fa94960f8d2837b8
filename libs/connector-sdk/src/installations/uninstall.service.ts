import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, IsNull, Not, ObjectLiteral } from 'typeorm';
import { ForbiddenError, TenantId } from '@crm/platform';
import { CampaignRecordsService, type Actor } from '@crm/core';
import { CampaignSend } from '../campaign-sends/campaign-send.entity';
import { CartDealLink } from '../carts/cart-deal-link.entity';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import { ConnectorErrorCode, isConnectorError } from '../contract/connector-error';
import { hasCapability } from '../contract/connector';
import { CRM_SYNC_PORT, CrmSyncPort } from '../engine/crm-sync.port';
import { FailedRecord, RecordLink, SyncRun, SyncRunRecord } from '../engine/engine.entities';
import { VendorListRecord, VendorTagRecord } from '../engine/vendor-list.entity';
import { ImportRun } from '../imports/import-run.entity';
import { ListViewRule } from '../list-rules/list-view-rule.entity';
import { FieldMapping } from '../mappings/field-mapping.entity';
import { Notification } from '../notifications/notification.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { SyncSettings } from '../settings/sync-settings.entity';
import { InstallationAccess } from './installation-access';
import { ConnectorConnection, ConnectorInstallation, OAuthState } from './installation.entities';

export interface UninstallWarning {
  step: 'webhooks' | 'customFields';
  message: string;
  /** The vendor list concerned, for webhook problems. */
  listId?: string;
}

export interface UninstallResult {
  removed: {
    installation: number;
    connection: number;
    lists: number;
    tags: number;
    links: number;
    mappings: number;
    settings: number;
    runs: number;
    runRecords: number;
    failedRecords: number;
    oauthStates: number;
    notifications: number;
    customFields: number;
    webhooks: number;
    importRuns: number;
    cartLinks: number;
    campaignSends: number;
    listViews: number;
  };
  /** The tenant's records the installation brought in, which stay (campaigns lose their installation). */
  kept: { campaigns: number };
  /** What could not be cleaned up; none of it stops the uninstall. */
  warnings: UninstallWarning[];
}

/** Rows that belong to one installation, by the key the result reports them under. */
const INSTALLATION_ROWS: Array<[keyof UninstallResult['removed'], EntityTarget<ObjectLiteral>]> = [
  ['lists', VendorListRecord],
  ['tags', VendorTagRecord],
  ['links', RecordLink],
  ['mappings', FieldMapping],
  ['settings', SyncSettings],
  ['runRecords', SyncRunRecord],
  ['runs', SyncRun],
  ['failedRecords', FailedRecord],
  ['oauthStates', OAuthState],
  ['notifications', Notification],
  ['importRuns', ImportRun],
  ['cartLinks', CartDealLink],
  ['campaignSends', CampaignSend],
  ['listViews', ListViewRule],
  ['connection', ConnectorConnection],
];

const MESSAGE_MAX = 300;

/**
 * Removing a connector from a tenant: its webhooks at the vendor, the custom fields it added,
 * and every row it keeps for the installation. CRM records (contacts, leads, organizations,
 * deals, activities, campaigns and their activity) are the tenant's and stay: seed 001's
 * "contacts and campaigns stay".
 */
@Injectable()
export class UninstallService {
  private readonly logger = new Logger(UninstallService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: InstallationAccess,
    private readonly registry: ConnectorRegistry,
    private readonly connections: ConnectionContextFactory,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
    private readonly campaigns: CampaignRecordsService,
  ) {}

  async uninstall(actor: Actor, installationId: string): Promise<UninstallResult> {
    if (!actor.isAdmin) throw new ForbiddenError('Only administrators can uninstall connectors');
    const installation = await this.access.getVisible(actor, installationId);
    const tenantId = actor.tenantId;
    const warnings: UninstallWarning[] = [];
    // Vendor calls happen before the transaction: they need the credentials it deletes, and a
    // vendor that fails must not keep the tenant from uninstalling.
    const webhooks = await this.removeWebhooks(tenantId, installation, warnings);
    // The CRM removes its fields in its own transaction, before ours: if ours then fails, the
    // installation is still there and uninstalling again finishes the job.
    const customFields = await this.removeCustomFields(tenantId, installation, warnings);
    const { removed, kept } = await this.dataSource.transaction(async (manager) => {
      const counts = { customFields, webhooks } as UninstallResult['removed'];
      for (const [key, entity] of INSTALLATION_ROWS)
        counts[key] = await deleteRows(manager, entity, { tenantId, installationId });
      counts.installation = await deleteRows(manager, ConnectorInstallation, {
        tenantId,
        id: installationId,
      });
      const campaigns = await this.campaigns.detachInstallation(manager, tenantId, installationId);
      return { removed: counts, kept: { campaigns } };
    });
    this.logger.log(
      {
        tenantId,
        installationId,
        connectorKey: installation.connectorKey,
        removed,
        kept,
        warnings: warnings.length,
      },
      'connector uninstalled',
    );
    return { removed, kept, warnings };
  }

  private async removeWebhooks(
    tenantId: TenantId,
    installation: ConnectorInstallation,
    warnings: UninstallWarning[],
  ): Promise<number> {
    const lists = await this.dataSource.getRepository(VendorListRecord).find({
      where: { tenantId, installationId: installation.id, webhookId: Not(IsNull()) },
      order: { createdAt: 'ASC' },
    });
    if (lists.length === 0) return 0;
    const connector = this.registry.has(installation.connectorKey)
      ? this.registry.get(installation.connectorKey)
      : undefined;
    if (!connector || !hasCapability(connector, 'webhooks')) {
      warnings.push({
        step: 'webhooks',
        message: `The ${installation.connectorKey} connector cannot remove webhooks; remove them at the vendor`,
      });
      return 0;
    }
    let context;
    try {
      ({ context } = await this.connections.forInstallation(tenantId, installation.id));
    } catch (error) {
      warnings.push({ step: 'webhooks', message: `Cannot reach the vendor account: ${describe(error)}` });
      return 0;
    }
    let removed = 0;
    for (const list of lists) {
      try {
        await connector.removeWebhook(context, list.vendorListId, list.webhookId!);
        removed += 1;
      } catch (error) {
        // Already gone at the vendor: the goal is reached.
        if (isConnectorError(error) && error.code === ConnectorErrorCode.NOT_FOUND) continue;
        warnings.push({
          step: 'webhooks',
          listId: list.vendorListId,
          message: `The webhook of ${connector.manifest.listNoun.toLowerCase()} "${list.name}" could not be removed: ${describe(error)}`,
        });
      }
    }
    return removed;
  }

  /** Connector-added fields are shared by its installations: the last one to go removes them. */
  private async removeCustomFields(
    tenantId: TenantId,
    installation: ConnectorInstallation,
    warnings: UninstallWarning[],
  ): Promise<number> {
    const others = await this.dataSource.getRepository(ConnectorInstallation).countBy({
      tenantId,
      connectorKey: installation.connectorKey,
      id: Not(installation.id),
    });
    if (others > 0) {
      warnings.push({
        step: 'customFields',
        message: `Custom fields added by ${installation.connectorKey} are kept: ${others} other installation(s) use them`,
      });
      return 0;
    }
    return this.crm.removeConnectorFields(tenantId, installation.connectorKey);
  }
}

async function deleteRows(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  where: Record<string, string>,
): Promise<number> {
  const result = await manager.getRepository(entity).delete(where);
  return result.affected ?? 0;
}

/** A vendor's message is shown to the admin; keep it short and never include a payload. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, MESSAGE_MAX);
}
