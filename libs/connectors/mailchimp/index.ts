export * from './mailchimp.module';
export * from './mailchimp.connector';
export * from './mailchimp.manifest';
export * from './mailchimp-endpoints';
export { subscriberHash } from './mailchimp-client';
