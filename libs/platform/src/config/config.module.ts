import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_CONFIG, AppConfig } from './app-config';
import { validateEnvironment } from './environment';
import { LocalOrigin } from '../http/local-origin';

/**
 * Makes the validated AppConfig injectable everywhere (`@Inject(APP_CONFIG)`), and the raw
 * validated environment through @nestjs/config's ConfigService for libraries that expect it.
 * The config itself is loaded before Nest boots (see loadAppConfig) so a bad value stops the
 * process with one clear message before anything else starts.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: validateEnvironment, cache: true })],
      providers: [{ provide: APP_CONFIG, useValue: config }, LocalOrigin],
      exports: [APP_CONFIG, ConfigModule, LocalOrigin],
    };
  }
}
