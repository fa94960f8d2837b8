import { DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { EngineModule } from '../engine/engine.module';
import { InstallationsModule } from '../installations/installations.module';
import { ListViewRulesService } from './list-view-rules.service';
import { SubscribersScheduler } from './subscribers-scheduler';

/**
 * Lists fed by saved views: which views feed which list (admins), and the scheduled "update
 * subscribers" runs, only where the worker runs. The registry, CRM port, saved views and schedule
 * leases come from the SDK's and the CRM core's global modules.
 */
@Module({})
export class ListRulesModule {
  static forRoot(options: { worker: boolean }): DynamicModule {
    return {
      module: ListRulesModule,
      imports: [InstallationsModule, CatalogModule, EngineModule],
      providers: [ListViewRulesService, ...(options.worker ? [SubscribersScheduler] : [])],
      exports: [ListViewRulesService, ...(options.worker ? [SubscribersScheduler] : [])],
    };
  }
}
