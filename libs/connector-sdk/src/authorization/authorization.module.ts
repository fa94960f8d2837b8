import { DynamicModule, Module } from '@nestjs/common';
import { AuthorizationHealthScheduler } from './authorization-health.scheduler';
import { CheckInstallationHealthJob } from './check-installation-health.job';
import { CredentialsAuthorizationService } from './credentials-authorization.service';
import { InstallationAuthorizer } from './installation-authorizer';
import { InstallationHealthService } from './installation-health.service';
import { OAuthAuthorizationService } from './oauth-authorization.service';
import { OAuthStrategies } from './oauth-strategies';

const services = [
  InstallationAuthorizer,
  OAuthStrategies,
  OAuthAuthorizationService,
  CredentialsAuthorizationService,
  InstallationHealthService,
];

/** OAuth and credential authorization, and the credential health check. */
@Module({})
export class AuthorizationModule {
  /** `worker`: also run the hourly health schedule (worker processes, or the embedded API). */
  static forRoot(options: { worker: boolean } = { worker: false }): DynamicModule {
    return {
      module: AuthorizationModule,
      providers: [
        ...services,
        CheckInstallationHealthJob,
        ...(options.worker ? [AuthorizationHealthScheduler] : []),
      ],
      exports: services,
    };
  }
}
