import { DynamicModule, Module } from '@nestjs/common';
import { FakeConnector } from './fake.connector';
import { FakeVendor } from './fake-vendor';

/** Registers a FakeConnector over the given vendor, so a test can act as the outside world. */
@Module({})
export class FakeConnectorModule {
  static register(vendor: FakeVendor = new FakeVendor()): DynamicModule {
    return {
      module: FakeConnectorModule,
      providers: [
        { provide: FakeConnector, useValue: new FakeConnector(vendor) },
        { provide: FakeVendor, useValue: vendor },
      ],
      exports: [FakeConnector, FakeVendor],
    };
  }
}
