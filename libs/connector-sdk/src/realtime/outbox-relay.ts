import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { asTenantId, OutboxEvent, OutboxService, TenantId } from '@crm/platform';
import { savedViewsMembership } from '../contract/manifest';
import { ChangedRecord, CRM_SYNC_PORT, CrmSyncPort, SubscriberModule } from '../engine/crm-sync.port';
import { ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { ScheduleLeaseService } from '../scheduling/schedule-lease.service';
import { SyncSettings } from '../settings/sync-settings.entity';
import { SYNC_TRIGGERS, SyncTriggers } from './sync-triggers';

const MODULE_OF: Record<string, SubscriberModule> = {
  contact: 'contacts',
  lead: 'leads',
  organization: 'organizations',
};

export const RELAY_LEASE = 'outbox-relay';
const LEASE_MS = 10_000;
const BATCH = 500;

/**
 * Reads CRM changes from the transactional outbox and hands them to every installation they
 * concern, within about a second. One worker process holds the relay at a time (a database
 * lease); events of one tick are coalesced per record. Changes written by an installation's own
 * sync carry its id as origin and are not sent back to it (no echo).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly leases: ScheduleLeaseService,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
    @Inject(SYNC_TRIGGERS) private readonly triggers: SyncTriggers,
    private readonly registry: ConnectorRegistry,
  ) {}

  /** How often the relay looks for new events. */
  static pollMs = 200;

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => this.logger.error(`Outbox relay failed: ${String(error)}`))
        .then((drained) => this.schedule(drained === false ? 0 : OutboxRelay.pollMs));
    }, delay);
  }

  /** One pass; resolves false when a full batch was read and more may be waiting. */
  async tick(): Promise<boolean> {
    if (!(await this.leases.hold(RELAY_LEASE, LEASE_MS))) return true;
    const events = await this.outbox.fetchPending(BATCH);
    if (events.length === 0) return true;
    const byTenant = new Map<string, OutboxEvent[]>();
    for (const event of events)
      byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event]);
    for (const [tenantId, tenantEvents] of byTenant)
      await this.relayTenant(asTenantId(tenantId), tenantEvents);
    await this.outbox.markProcessed(events.map((event) => event.id));
    return events.length < BATCH;
  }

  private async relayTenant(tenantId: TenantId, events: OutboxEvent[]): Promise<void> {
    const installations = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findBy({ tenantId, status: 'ACTIVE' });
    if (installations.length === 0) return;
    const settings = await this.dataSource
      .getRepository(SyncSettings)
      .findBy({ tenantId, installationId: In(installations.map((i) => i.id)) });
    for (const installation of installations) {
      // Lists fed by saved views take CRM changes at their next "update subscribers" run.
      const { connectorKey } = installation;
      if (this.registry.has(connectorKey) && savedViewsMembership(this.registry.get(connectorKey).manifest))
        continue;
      const data = settings.find((s) => s.installationId === installation.id)?.data;
      if (data && data.syncType === 'ONE_WAY' && data.direction === 'VENDOR_TO_CRM') continue;
      const changes = this.changesFor(installation.id, events);
      if (changes.length === 0) continue;
      const module = data?.subscriberModule ?? 'contacts';
      const recordIds = await this.crm.affectedRecordIds(tenantId, module, changes);
      if (recordIds.length > 0) await this.triggers.crmRecordsChanged(tenantId, installation.id, recordIds);
    }
  }

  /** The records these events changed, once each, leaving out this installation's own writes. */
  private changesFor(installationId: string, events: OutboxEvent[]): ChangedRecord[] {
    const seen = new Map<string, ChangedRecord>();
    for (const event of events) {
      const payload = event.payload as {
        origin?: { installationId?: string };
        ownerType?: string;
        ownerId?: string;
      };
      if (payload.origin?.installationId === installationId) continue;
      if (event.type.endsWith('.deleted') && event.aggregateType !== 'email_address') continue;
      const change =
        event.aggregateType === 'email_address'
          ? MODULE_OF[payload.ownerType ?? ''] && {
              module: MODULE_OF[payload.ownerType!],
              id: payload.ownerId!,
            }
          : MODULE_OF[event.aggregateType] && {
              module: MODULE_OF[event.aggregateType],
              id: event.aggregateId,
            };
      if (change) seen.set(`${change.module}:${change.id}`, change);
    }
    return [...seen.values()];
  }
}
