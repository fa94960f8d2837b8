import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { ScheduledJobKind } from '../contract/manifest';
import { ConnectorRegistry } from '../registry/connector.registry';
import { connectorJobs } from './job-schedules';
import { SCHEDULED_JOB_STARTER_METADATA, ScheduledJobStarter } from './scheduled-job';

/**
 * The starter of each scheduled job kind in this process, found at boot: the scheduler hands a
 * claimed slot to it. A kind nobody starts (a run kind not wired yet) is not scheduled.
 */
@Injectable()
export class ScheduledJobRegistry implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(ScheduledJobRegistry.name);
  private readonly starters = new Map<ScheduledJobKind, ScheduledJobStarter>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly connectors: ConnectorRegistry,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance) continue;
      const kinds = Reflect.getMetadata(SCHEDULED_JOB_STARTER_METADATA, metatype) as
        ScheduledJobKind[] | undefined;
      for (const kind of kinds ?? []) this.register(kind, instance as ScheduledJobStarter);
    }
  }

  /** Says at boot which jobs the connectors declare that nothing in this process starts. */
  onApplicationBootstrap(): void {
    for (const connector of this.connectors.list())
      for (const job of connectorJobs(connector.manifest))
        if (!this.starters.has(job.kind))
          this.logger.warn(`${connector.manifest.key} schedules ${job.kind}, which nothing here starts`);
  }

  register(kind: ScheduledJobKind, starter: ScheduledJobStarter): void {
    const known = this.starters.get(kind);
    if (known && known !== starter) throw new Error(`Two starters of the scheduled job ${kind}`);
    this.starters.set(kind, starter);
  }

  starterOf(kind: ScheduledJobKind): ScheduledJobStarter | undefined {
    return this.starters.get(kind);
  }
}
