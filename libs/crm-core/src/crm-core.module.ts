import { DynamicModule, Module } from '@nestjs/common';
import {
  AppConfig,
  AppConfigModule,
  CryptoModule,
  DatabaseModule,
  EntityList,
  LoggingModule,
  OutboxModule,
  platformEntities,
  QueueModule,
} from '@crm/platform';
import { ActivitiesModule } from './activities/activities.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { crmCoreEntities } from './crm-core.entities';
import { CustomFieldsModule } from './custom-fields/custom-fields.module';
import { DealsModule } from './deals/deals.module';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { IdentityModule } from './identity/identity.module';
import { PicklistsModule } from './picklists/picklists.module';
import { RecordsModule } from './records/records.module';
import { SyncModule } from './sync/sync.module';
import { ViewsModule } from './views/views.module';

const featureModules = [
  IdentityModule,
  PicklistsModule,
  CustomFieldsModule,
  RecordsModule,
  ViewsModule,
  DealsModule,
  ActivitiesModule,
  CampaignsModule,
  SyncModule,
];

export interface CrmRuntimeOptions {
  /** Consume queues and run schedules in this process (worker, or the embedded API). */
  worker: boolean;
  /**
   * The database entities when more libraries than the core add tables (the apps pass the
   * connector framework's full list); defaults to the platform's and the core's.
   */
  entities?: EntityList;
}

/**
 * The CRM core with the platform underneath it: config, logs, database (migrated at start),
 * outbox, crypto and queue. Both apps compose this; only the API adds HTTP.
 */
@Module({})
export class CrmCoreModule {
  static forRoot(config: AppConfig, options: CrmRuntimeOptions): DynamicModule {
    return {
      module: CrmCoreModule,
      global: true,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot(options.entities ?? [...platformEntities, ...crmCoreEntities]),
        OutboxModule,
        CryptoModule,
        QueueModule.forRoot({ consume: options.worker }),
        ...featureModules,
        ...(options.worker ? [HousekeepingModule] : []),
      ],
      exports: featureModules,
    };
  }
}
