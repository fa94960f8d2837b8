import { DynamicModule, Module, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConnectionContextFactory } from './connections/connection-context.factory';
import { CRM_SYNC_PORT } from './engine/crm-sync.port';
import { ConnectorRegistry } from './registry/connector.registry';

export interface ConnectorSdkOptions {
  /** The CRM's implementation of CrmSyncPort (bound by the app, so the SDK never names it). */
  crmSyncPort: Type<unknown>;
  /** Modules that provide @ConnectorPlugin connectors (Mailchimp, MailUp; a fake one in tests). */
  connectors: Array<Type<unknown> | DynamicModule>;
}

/** The connector framework: registry, marketplace, authorization, settings, mappings, engine. */
@Module({})
export class ConnectorSdkModule {
  static forRoot(options: ConnectorSdkOptions): DynamicModule {
    const featureModules: Array<Type<unknown>> = [];
    return {
      module: ConnectorSdkModule,
      global: true,
      imports: [DiscoveryModule, ...options.connectors, ...featureModules],
      providers: [
        ConnectorRegistry,
        ConnectionContextFactory,
        { provide: CRM_SYNC_PORT, useExisting: options.crmSyncPort },
      ],
      exports: [ConnectorRegistry, ConnectionContextFactory, CRM_SYNC_PORT, ...featureModules],
    };
  }
}
