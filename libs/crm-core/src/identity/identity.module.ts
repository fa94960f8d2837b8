import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { TenantsService } from '../tenants/tenants.service';
import { ApiKeysService } from './api-keys.service';
import { AuthService } from './auth.service';
import { ProfilesService } from './profiles.service';
import { PurgeExpiredSessionsJob } from './purge-expired-sessions.job';
import { SmtpAccountService } from './smtp-account.service';
import { TeamsService } from './teams.service';
import { UsersService } from './users.service';

const services = [
  TenantsService,
  AuthService,
  UsersService,
  ProfilesService,
  TeamsService,
  ApiKeysService,
  SmtpAccountService,
];

@Module({
  imports: [DealsModule],
  providers: [...services, PurgeExpiredSessionsJob],
  exports: services,
})
export class IdentityModule {}
