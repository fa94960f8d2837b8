export { createMailchimpSandbox } from './mailchimp/mailchimp-sandbox';
export type { MailchimpSandbox, MailchimpSandboxOptions } from './mailchimp/mailchimp-sandbox';
export { DEMO_ACCOUNT } from './mailchimp/demo/demo-account';
export { createMailupSandbox } from './mailup/mailup-sandbox';
export type { MailupSandbox, MailupSandboxOptions } from './mailup/mailup-sandbox';
export { MAILUP_DEMO_ACCOUNT } from './mailup/demo/demo-account';
