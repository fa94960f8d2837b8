export * from './contract/connector-error';
export * from './contract/manifest';
export * from './contract/vendor-records';
export * from './contract/connector';
