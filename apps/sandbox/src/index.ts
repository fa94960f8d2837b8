export { createMailchimpSandbox } from './mailchimp/mailchimp-sandbox';
export type { MailchimpSandbox, MailchimpSandboxOptions } from './mailchimp/mailchimp-sandbox';
export { DEMO_ACCOUNT } from './mailchimp/demo/demo-account';
