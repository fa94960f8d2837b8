import { DynamicModule, Module } from '@nestjs/common';
import type { ConnectorManifest } from '../contract/manifest';
import { FakeConnector } from './fake.connector';
import { FakeVendor } from './fake-vendor';

/** Registers a FakeConnector over the given vendor, so a test can act as the outside world. */
@Module({})
export class FakeConnectorModule {
  /** `manifest`: what this test's connector declares differently (fields scope, jobs…). */
  static register(
    vendor: FakeVendor = new FakeVendor(),
    manifest: Partial<ConnectorManifest> = {},
  ): DynamicModule {
    return {
      module: FakeConnectorModule,
      providers: [
        { provide: FakeConnector, useValue: new FakeConnector(vendor, manifest) },
        { provide: FakeVendor, useValue: vendor },
      ],
      exports: [FakeConnector, FakeVendor],
    };
  }
}
