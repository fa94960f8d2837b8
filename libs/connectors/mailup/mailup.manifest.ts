import type { ConnectorManifest } from '@crm/connector-sdk';
import { MAILUP_HOST, mailupUrls } from './mailup-endpoints';

export const MAILUP_CONNECTOR_KEY = 'mailup';

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="MailUp"><rect width="64" height="64" rx="14" fill="#1A73B8"/><path d="M14 22h36v22H14z" fill="none" stroke="#fff" stroke-width="4" stroke-linejoin="round"/><path d="M14 22l18 13 18-13" fill="none" stroke="#fff" stroke-width="4" stroke-linejoin="round"/></svg>`;

const { logOnUrl, tokenUrl } = mailupUrls(MAILUP_HOST);

/**
 * MailUp as the marketplace shows it. Limits are MailUp's: about 5 API calls per second per
 * account (more are refused with 429), group names of 50 characters, at most 39 dynamic fields
 * per account with values of 200 characters. Fields are account-wide and keyed by their id;
 * MailUp creates them only in its console, so none are created from the CRM. Lists too are
 * created only in MailUp. The API user must be an administrator of the account.
 */
export const mailupManifest: ConnectorManifest = {
  key: MAILUP_CONNECTOR_KEY,
  name: 'MailUp',
  description:
    'Keep leads, contacts and organizations in MailUp lists: each CRM module in its own group of every list, ' +
    'people who leave a list rule moved to the “esclusi” group and back, dynamic fields, unsubscribes brought ' +
    'back to the CRM, and the messages of every list with their sends, opens, clicks, links and clickers.',
  logoSvg: LOGO,
  vendorUrl: 'https://www.mailup.com',
  capabilities: ['lists', 'members', 'fields', 'tags', 'campaigns', 'linkClicks'],
  auth: { kind: 'oauth2', authorizationUrl: logOnUrl, tokenUrl },
  alternativeAuth: {
    kind: 'credentials',
    fields: [
      {
        key: 'username',
        label: 'MailUp username (an administrator, e.g. m12345)',
        secret: false,
        required: true,
      },
      { key: 'password', label: 'Password', secret: true, required: true },
    ],
  },
  listNoun: 'List',
  // Dynamic fields go by id: 1 and 2 are first and last name in every MailUp account, whatever their label.
  defaultMappings: [
    { vendorField: 'Email', crmField: 'email', direction: 'BOTH', locked: true },
    { vendorField: '1', crmField: 'firstName', direction: 'BOTH', locked: true },
    { vendorField: '2', crmField: 'lastName', direction: 'BOTH', locked: true },
  ],
  // Dynamic fields are the account's: one mapping per CRM module serves every list.
  fieldsScope: 'account',
  // Seed 004: the CRM's data has priority; a value edited in MailUp is written back by the next update.
  overwriteVendorEdits: true,
  schedules: ['hourly', 'daily', 'weekly'],
  // Seed 004: lists and messages hourly; recipients, sends and statistics daily.
  jobs: [
    { kind: 'LISTS', every: 'hourly' },
    { kind: 'CAMPAIGNS', every: 'hourly' },
    { kind: 'SUBSCRIBERS', every: 'daily' },
    { kind: 'CAMPAIGN_ACTIVITY', every: 'daily' },
  ],
  // Each list takes the leads, organizations and contacts its saved views select.
  membership: { source: 'savedViews', modules: ['leads', 'organizations', 'contacts'] },
  limits: {
    tagMaxLength: 50,
    maxFields: 39,
    fieldValueMaxLength: 200,
    creatableFieldTypes: [],
    maxBatchSize: 500,
    budget: { requestsPerSecond: 5 },
  },
  terms:
    'CRM Connect reads and writes your MailUp lists, groups, recipients and dynamic fields, and reads your ' +
    'messages and their statistics, on your behalf, as the administrator user you connect. It never ' +
    're-subscribes a recipient who unsubscribed, and never deletes or unsubscribes recipients: people who no ' +
    'longer match a list are moved to the list’s “esclusi” group. It adds one group per CRM module to each ' +
    'list (and creates them again if they are deleted). Uninstalling removes the MailUp records it keeps in the ' +
    'CRM (lists, groups, member statuses); contacts, leads, organizations and campaigns stay, and nothing is ' +
    'removed in MailUp.',
};
