import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { InstallationsModule } from '../installations/installations.module';
import { MappingsModule } from '../mappings/mappings.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SYNC_TRIGGERS } from '../realtime/sync-triggers';
import { SettingsModule } from '../settings/settings.module';
import { RunExecutor } from './run-executor';
import { RunLedger } from './run-ledger';
import { RunSetupLoader } from './run-setup';
import { RunSyncJob } from './run-sync.job';
import { RunWatchdog } from './run-watchdog';
import { SyncEngine } from './sync-engine';
import { ListAdditionsService } from './list-additions.service';
import { SyncRunsService } from './sync-runs.service';

/**
 * The sync engine: runs, record links, audit, failures and replay. The watchdog's schedule
 * only fires where ScheduleModule runs (worker processes, the embedded API).
 */
@Module({
  // InstallationHealthService comes from the SDK's global AuthorizationModule (one instance per app).
  imports: [InstallationsModule, CatalogModule, SettingsModule, MappingsModule, NotificationsModule],
  providers: [
    RunLedger,
    RunSetupLoader,
    RunExecutor,
    RunSyncJob,
    RunWatchdog,
    SyncEngine,
    SyncRunsService,
    ListAdditionsService,
    { provide: SYNC_TRIGGERS, useExisting: SyncEngine },
  ],
  exports: [SyncEngine, SyncRunsService, ListAdditionsService, RunLedger, RunWatchdog, SYNC_TRIGGERS],
})
export class EngineModule {}
