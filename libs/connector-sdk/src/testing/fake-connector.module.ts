import { DynamicModule, Module } from '@nestjs/common';
import type { ConnectorManifest } from '../contract/manifest';
import { FakeConnector } from './fake.connector';
import { FakeVendor } from './fake-vendor';

/**
 * Registers a FakeConnector over the given vendor, so a test can act as the outside world; the
 * manifest can be changed (fields scope, jobs; `FAKE_SAVED_VIEWS_MANIFEST` for lists fed by
 * saved views).
 */
@Module({})
export class FakeConnectorModule {
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
