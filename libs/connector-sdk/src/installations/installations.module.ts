import { Module } from '@nestjs/common';
import { InstallationAccess } from './installation-access';
import { InstallationsService } from './installations.service';
import { MarketplaceService } from './marketplace.service';
import { UninstallService } from './uninstall.service';

@Module({
  providers: [InstallationAccess, InstallationsService, MarketplaceService, UninstallService],
  exports: [InstallationAccess, InstallationsService, MarketplaceService, UninstallService],
})
export class InstallationsModule {}
