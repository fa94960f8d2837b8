import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig, ApiExceptionFilter } from '@crm/platform';
import { CrmCoreModule, CrmSyncService, DemoModule } from '@crm/core';
import { ConnectorSdkModule, databaseEntities } from '@crm/connector-sdk';
import { connectorModules } from '@crm/connectors';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import { HealthController } from './health/health.controller';
import { SandboxesModule } from './sandboxes/sandboxes.module';
import { apiControllers } from './api.controllers';

/** HTTP composition root. In embedded mode it also runs the worker's schedules and consumers. */
@Module({})
export class ApiModule {
  /** `connectors` replaces the shipped connector plugins (tests register a fake one). */
  static forRoot(config: AppConfig, connectors = connectorModules): DynamicModule {
    const runWorker = config.runWorkerInApi;
    return {
      module: ApiModule,
      imports: [
        CrmCoreModule.forRoot(config, { worker: runWorker, entities: databaseEntities }),
        ConnectorSdkModule.forRoot({ crmSyncPort: CrmSyncService, connectors, worker: runWorker }),
        ...(runWorker ? [ScheduleModule.forRoot()] : []),
        ...(config.demo.seed ? [DemoModule] : []),
        ...(config.sandboxes ? [SandboxesModule] : []),
      ],
      controllers: [HealthController, ...apiControllers],
      providers: [
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
