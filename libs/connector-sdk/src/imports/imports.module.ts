import { DynamicModule, Module } from '@nestjs/common';
import { CampaignImportService } from '../campaigns/campaign-import.service';
import { CartImportService } from '../carts/cart-import.service';
import { InstallationsModule } from '../installations/installations.module';
import { SettingsModule } from '../settings/settings.module';
import { ImportRunner } from './import-runner';
import { ImportScheduler } from './import-scheduler';
import { ImportsService } from './imports.service';
import { RunImportJob } from './run-import.job';

const services = [ImportsService, ImportRunner, CampaignImportService, CartImportService];

/**
 * Campaign and cart imports: requested by admins or the hourly schedule, run as jobs. The
 * schedule runs only where the worker runs (worker processes, or the embedded API); the
 * connection factory, registry, CRM port, health service and schedule leases come from the SDK's
 * global module.
 */
@Module({})
export class ImportsModule {
  static forRoot(options: { worker: boolean }): DynamicModule {
    return {
      module: ImportsModule,
      imports: [InstallationsModule, SettingsModule],
      providers: [...services, RunImportJob, ...(options.worker ? [ImportScheduler] : [])],
      exports: [...services, ...(options.worker ? [ImportScheduler] : [])],
    };
  }
}
