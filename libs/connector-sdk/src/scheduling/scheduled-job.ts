import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { TenantId } from '@crm/platform';
import type { Connector } from '../contract/connector';
import type { ScheduledJobKind } from '../contract/manifest';
import type { ConnectorInstallation } from '../installations/installation.entities';
import type { SyncSettingsData } from '../settings/sync-settings.types';

export const SCHEDULED_JOB_STARTER_METADATA = 'crm:scheduled-job-starter';

/**
 * What starts the scheduled jobs of some kinds (a sync run kind, an import kind) once the
 * scheduler has claimed their slot. A provider marked with @StartsScheduledJobs is found at boot.
 */
export interface ScheduledJobStarter {
  /**
   * Whether the installation has anything for the job to do (a capability, a setting switched
   * on, rows the job works on); asked before the slot is claimed, so work that appears later in
   * the slot is still started in it.
   */
  appliesTo(
    kind: ScheduledJobKind,
    connector: Connector,
    settings: SyncSettingsData,
    installation: ConnectorInstallation,
  ): boolean | Promise<boolean>;
  /**
   * Queues the job, unless one of its kind already waits or runs for the installation (then
   * nothing is queued twice); true when it queued one. Throws when the job cannot run.
   */
  start(kind: ScheduledJobKind, tenantId: TenantId, installation: ConnectorInstallation): Promise<boolean>;
}

/** Marks a provider as the starter of these job kinds; ScheduledJobRegistry finds it through discovery. */
export function StartsScheduledJobs(...kinds: ScheduledJobKind[]): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(SCHEDULED_JOB_STARTER_METADATA, kinds));
}
