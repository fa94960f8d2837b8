import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { InstallationsModule } from '../installations/installations.module';
import { ListViewRulesService } from './list-view-rules.service';

/**
 * Lists fed by saved views: which views feed which list (admins). The "update subscribers" runs
 * are the engine's, scheduled as the SUBSCRIBERS job (see scheduled-sync-runs.ts). The registry,
 * CRM port and saved views come from the SDK's and the CRM core's global modules.
 */
@Module({
  imports: [InstallationsModule, CatalogModule],
  providers: [ListViewRulesService],
  exports: [ListViewRulesService],
})
export class ListRulesModule {}
