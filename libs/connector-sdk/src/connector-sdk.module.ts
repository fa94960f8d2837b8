import { DynamicModule, Module, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConnectionContextFactory, requestBudgetsProvider } from './connections/connection-context.factory';
import { CRM_SYNC_PORT } from './engine/crm-sync.port';
import { InstallationsModule } from './installations/installations.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ConnectorRegistry } from './registry/connector.registry';
import { ScheduledJobRegistry } from './scheduling/scheduled-job.registry';
import { CatalogModule } from './catalog/catalog.module';
import { SettingsModule } from './settings/settings.module';
import { MappingsModule } from './mappings/mappings.module';
import { AuthorizationModule } from './authorization/authorization.module';
import { EngineModule } from './engine/engine.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ImportsModule } from './imports/imports.module';
import { CampaignSendsModule } from './campaign-sends/campaign-sends.module';
import { ListRulesModule } from './list-rules/list-rules.module';

export interface ConnectorSdkOptions {
  /** The CRM's implementation of CrmSyncPort (bound by the app, so the SDK never names it). */
  crmSyncPort: Type<unknown>;
  /** Modules that provide @ConnectorPlugin connectors (Mailchimp, MailUp; a fake one in tests). */
  connectors: Array<Type<unknown> | DynamicModule>;
  /** This process runs the worker's schedules and consumers (worker processes, the embedded API). */
  worker?: boolean;
}

/** The connector framework: registry, marketplace, authorization, settings, mappings, engine. */
@Module({})
export class ConnectorSdkModule {
  static forRoot(options: ConnectorSdkOptions): DynamicModule {
    const featureModules: Array<Type<unknown> | DynamicModule> = [
      NotificationsModule,
      InstallationsModule,
      CatalogModule,
      SettingsModule,
      MappingsModule,
      AuthorizationModule.forRoot({ worker: options.worker ?? false }),
      EngineModule,
      RealtimeModule.forRoot({ worker: options.worker ?? false }),
      ImportsModule.forRoot({ worker: options.worker ?? false }),
      CampaignSendsModule,
      ListRulesModule,
    ];
    return {
      module: ConnectorSdkModule,
      global: true,
      imports: [DiscoveryModule, ...options.connectors, ...featureModules],
      providers: [
        ConnectorRegistry,
        ScheduledJobRegistry,
        ConnectionContextFactory,
        requestBudgetsProvider,
        { provide: CRM_SYNC_PORT, useExisting: options.crmSyncPort },
      ],
      exports: [
        ConnectorRegistry,
        ScheduledJobRegistry,
        ConnectionContextFactory,
        CRM_SYNC_PORT,
        ...featureModules,
      ],
    };
  }
}
