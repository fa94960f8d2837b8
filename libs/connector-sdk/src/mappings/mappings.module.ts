import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { InstallationsModule } from '../installations/installations.module';
import { SettingsModule } from '../settings/settings.module';
import { FieldMappingsService } from './field-mappings.service';

@Module({
  imports: [InstallationsModule, CatalogModule, SettingsModule],
  providers: [FieldMappingsService],
  exports: [FieldMappingsService],
})
export class MappingsModule {}
