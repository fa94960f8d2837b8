export * from './mailup.module';
export * from './mailup.connector';
export * from './mailup.manifest';
export * from './mailup-endpoints';
export { addressLookupCalls } from './recipients/recipient-lookup';
