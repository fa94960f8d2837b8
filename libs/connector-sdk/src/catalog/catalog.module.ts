import { Module } from '@nestjs/common';
import { InstallationsModule } from '../installations/installations.module';
import { VendorCatalogService } from './vendor-catalog.service';
import { WebhookRegistrar } from './webhook-registrar';

@Module({
  imports: [InstallationsModule],
  providers: [VendorCatalogService, WebhookRegistrar],
  exports: [VendorCatalogService, WebhookRegistrar],
})
export class CatalogModule {}
