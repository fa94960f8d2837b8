import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LocalOrigin, TenantId } from '@crm/platform';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import { hasCapability } from '../contract/connector';
import { VendorListRecord } from '../engine/vendor-list.entity';
import { InstallationsService } from '../installations/installations.service';
import { SyncSettings } from '../settings/sync-settings.entity';
import { defaultSyncSettings } from '../settings/sync-settings.rules';
import type { SyncSettingsData } from '../settings/sync-settings.types';
import { VendorCatalogService } from './vendor-catalog.service';

export interface WebhookChanges {
  registered: string[];
  removed: string[];
  failed: Array<{ listId: string; message: string }>;
}

/** The lists whose changes the CRM wants pushed to it: those it reads, and the one it writes to (consent flows back). */
function watchedLists(settings: SyncSettingsData, activeIds: string[]): Set<string> {
  const read = settings.listSelection === 'BULK' ? activeIds : settings.listIds;
  return new Set([...read, ...(settings.targetListId ? [settings.targetListId] : [])]);
}

/**
 * Keeps an installation's vendor webhooks in line with its settings: one webhook (our URL with
 * its secret token) on every list it syncs, none on the others. Runs when the installation is
 * authorized and whenever its settings are saved. A vendor failure is logged and leaves that list
 * to the scheduled sweep — it never undoes the authorization or the save that asked for it.
 */
@Injectable()
export class WebhookRegistrar {
  private readonly logger = new Logger(WebhookRegistrar.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contexts: ConnectionContextFactory,
    private readonly catalog: VendorCatalogService,
    private readonly installations: InstallationsService,
    private readonly origin: LocalOrigin,
  ) {}

  async sync(tenantId: TenantId, installationId: string): Promise<WebhookChanges> {
    const changes: WebhookChanges = { registered: [], removed: [], failed: [] };
    try {
      const { installation, connector, context } = await this.contexts.forInstallation(
        tenantId,
        installationId,
      );
      if (installation.status !== 'ACTIVE' || !hasCapability(connector, 'webhooks')) return changes;
      const lists = await this.catalog.lists(tenantId, installationId);
      const row = await this.dataSource.getRepository(SyncSettings).findOneBy({ tenantId, installationId });
      const active = lists.filter((list) => list.status === 'ACTIVE').map((list) => list.listId);
      const watched = watchedLists(row?.data ?? defaultSyncSettings(), active);
      const records = this.dataSource.getRepository(VendorListRecord);
      const url = await this.installations.webhookUrl(tenantId, installationId, this.origin.get());
      for (const record of await records.findBy({ tenantId, installationId })) {
        const wanted = watched.has(record.vendorListId) && record.status === 'ACTIVE';
        if (wanted === !!record.webhookId) continue;
        try {
          if (wanted) {
            const { webhookId } = await connector.registerWebhook(context, record.vendorListId, url);
            await records.update({ tenantId, id: record.id }, { webhookId });
            changes.registered.push(record.vendorListId);
          } else {
            if (record.status === 'ACTIVE')
              await connector.removeWebhook(context, record.vendorListId, record.webhookId!);
            await records.update({ tenantId, id: record.id }, { webhookId: null });
            changes.removed.push(record.vendorListId);
          }
        } catch (error) {
          changes.failed.push({ listId: record.vendorListId, message: (error as Error).message });
        }
      }
    } catch (error) {
      changes.failed.push({ listId: '*', message: (error as Error).message });
    }
    if (changes.failed.length)
      this.logger.warn(
        `Webhooks of installation ${installationId} (tenant ${tenantId}) not all in place: ${changes.failed
          .map((failure) => `${failure.listId}: ${failure.message}`)
          .join('; ')}`,
      );
    return changes;
  }
}
