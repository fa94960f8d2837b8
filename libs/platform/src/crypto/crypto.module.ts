import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { loadOrCreateKeyFile, parseKeyRing } from './key-ring';
import { SecretBox } from './secret-box';

@Global()
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new SecretBox(
          config.crypto.keys ? parseKeyRing(config.crypto.keys) : loadOrCreateKeyFile(config.crypto.keyFile),
        ),
    },
  ],
  exports: [SecretBox],
})
export class CryptoModule {}
