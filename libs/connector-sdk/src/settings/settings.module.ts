import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { InstallationsModule } from '../installations/installations.module';
import { SyncSettingsService } from './sync-settings.service';

@Module({
  imports: [InstallationsModule, CatalogModule],
  providers: [SyncSettingsService],
  exports: [SyncSettingsService],
})
export class SettingsModule {}
