import type { TenantId } from '@crm/platform';
import { hasCapability, type Connector } from '../contract/connector';
import type { ScheduledJobKind } from '../contract/manifest';
import type { ConnectorInstallation } from '../installations/installation.entities';
import { StartsScheduledJobs, type ScheduledJobStarter } from '../scheduling/scheduled-job';
import type { SyncSettingsData } from '../settings/sync-settings.types';
import { isImportKind } from './import-run.entity';
import { ImportsService } from './imports.service';

/** Queues scheduled imports as ImportRuns: never one while an import of the same kind waits or runs. */
@StartsScheduledJobs('CAMPAIGNS', 'CAMPAIGN_ACTIVITY', 'CARTS', 'LISTS')
export class ScheduledImports implements ScheduledJobStarter {
  constructor(private readonly imports: ImportsService) {}

  appliesTo(kind: ScheduledJobKind, connector: Connector, settings: SyncSettingsData): boolean {
    if (kind === 'CARTS')
      return (
        hasCapability(connector, 'ecommerceCarts') &&
        settings.carts.enabled &&
        settings.carts.storeIds.length > 0
      );
    if (kind === 'LISTS') return hasCapability(connector, 'lists');
    return hasCapability(connector, 'campaigns');
  }

  async start(
    kind: ScheduledJobKind,
    tenantId: TenantId,
    installation: ConnectorInstallation,
  ): Promise<boolean> {
    if (!isImportKind(kind)) throw new Error(`${kind} is not an import`);
    return (await this.imports.enqueue(tenantId, installation, kind, 'SCHEDULE', null)).queued;
  }
}
