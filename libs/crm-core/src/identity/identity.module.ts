import { Module } from '@nestjs/common';
import { TenantsService } from '../tenants/tenants.service';
import { AuthService } from './auth.service';
import { PurgeExpiredSessionsJob } from './purge-expired-sessions.job';

@Module({
  providers: [TenantsService, AuthService, PurgeExpiredSessionsJob],
  exports: [TenantsService, AuthService],
})
export class IdentityModule {}
