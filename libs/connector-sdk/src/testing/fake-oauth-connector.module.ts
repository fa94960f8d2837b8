import { DynamicModule, Module } from '@nestjs/common';
import { FakeOAuthConnector } from './fake-oauth.connector';
import { FakeOAuthProvider } from './fake-oauth-provider';
import { FakeVendor } from './fake-vendor';

/** Registers a FakeOAuthConnector authorizing against the given (started) provider. */
@Module({})
export class FakeOAuthConnectorModule {
  static register(provider: FakeOAuthProvider, vendor: FakeVendor = new FakeVendor()): DynamicModule {
    return {
      module: FakeOAuthConnectorModule,
      providers: [
        { provide: FakeOAuthConnector, useValue: new FakeOAuthConnector(provider, vendor) },
        { provide: FakeOAuthProvider, useValue: provider },
      ],
      exports: [FakeOAuthConnector, FakeOAuthProvider],
    };
  }
}
