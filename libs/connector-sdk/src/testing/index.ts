// Test support for connector authors and the SDK's own tests; not part of the production build.
export * from './fake-vendor';
export * from './fake.connector';
export * from './fake-connector.module';
export * from './fake-marketing.connector';
export * from './fake-oauth-provider';
export * from './fake-oauth.connector';
export * from './fake-oauth-connector.module';
export * from './connector-contract';
export * from './crm-subscriber';
