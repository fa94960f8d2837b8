import { DynamicModule, Module } from '@nestjs/common';
import { CampaignImportService } from '../campaigns/campaign-import.service';
import { CartImportService } from '../carts/cart-import.service';
import { CatalogModule } from '../catalog/catalog.module';
import { InstallationsModule } from '../installations/installations.module';
import { SettingsModule } from '../settings/settings.module';
import { ImportRunner } from './import-runner';
import { ImportScheduler } from './import-scheduler';
import { ImportsService } from './imports.service';
import { RunImportJob } from './run-import.job';
import { ScheduledImports } from './scheduled-imports';

const services = [ImportsService, ImportRunner, CampaignImportService, CartImportService];

/**
 * Campaign, cart and list imports: requested by admins or their schedules, run as jobs. The
 * schedule runs only where the worker runs (worker processes, or the embedded API); the
 * connection factory, registry, CRM port, health service and job scheduler come from the SDK's
 * global module.
 */
@Module({})
export class ImportsModule {
  static forRoot(options: { worker: boolean }): DynamicModule {
    return {
      module: ImportsModule,
      imports: [InstallationsModule, CatalogModule, SettingsModule],
      providers: [...services, RunImportJob, ScheduledImports, ...(options.worker ? [ImportScheduler] : [])],
      exports: [...services, ...(options.worker ? [ImportScheduler] : [])],
    };
  }
}
