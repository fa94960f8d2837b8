import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from '@crm/platform';
import { CrmCoreModule, CrmSyncService } from '@crm/core';
import { ConnectorSdkModule, databaseEntities } from '@crm/connector-sdk';
import { connectorModules } from '@crm/connectors';

/**
 * Worker composition root: the CRM core without HTTP, consuming every queue and running the
 * schedules. Run as many as the load needs; they share work through the BullMQ queues.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, connectors = connectorModules): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CrmCoreModule.forRoot(config, { worker: true, entities: databaseEntities }),
        ConnectorSdkModule.forRoot({ crmSyncPort: CrmSyncService, connectors, worker: true }),
        ScheduleModule.forRoot(),
      ],
    };
  }
}
