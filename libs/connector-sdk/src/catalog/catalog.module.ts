import { Module } from '@nestjs/common';
import { InstallationsModule } from '../installations/installations.module';
import { VendorCatalogService } from './vendor-catalog.service';

@Module({
  imports: [InstallationsModule],
  providers: [VendorCatalogService],
  exports: [VendorCatalogService],
})
export class CatalogModule {}
