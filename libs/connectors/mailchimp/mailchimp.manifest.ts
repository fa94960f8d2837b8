import type { ConnectorManifest } from '@crm/connector-sdk';

export const MAILCHIMP_CONNECTOR_KEY = 'mailchimp';

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="Mailchimp"><rect width="64" height="64" rx="14" fill="#FFE01B"/><path d="M20 44V22l12 13 12-13v22" fill="none" stroke="#241C15" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/**
 * Mailchimp as the marketplace shows it. Limits are Mailchimp's: 10 simultaneous connections per
 * account, 500 members per batch subscribe, merge tags of 10 characters (A–Z, 0–9, _), 30 merge
 * fields per audience on most plans (the defaults FNAME, LNAME, ADDRESS, PHONE included; the
 * address itself is not a merge field), 255-byte text values, tag names of 100 characters.
 * Mailchimp documents no length for a merge field's name: it is held to 50 here, so an overlong
 * name is refused clearly before any call rather than by Mailchimp.
 * It has no yes/no or email merge field type, so those are not created (a text field holds them).
 * Campaigns are scheduled on the quarter hour.
 */
export const mailchimpManifest: ConnectorManifest = {
  key: MAILCHIMP_CONNECTOR_KEY,
  name: 'Mailchimp',
  description:
    'Keep contacts and leads in step with Mailchimp audiences: marketing consent both ways, merge fields, ' +
    'classification tags in real time, campaigns with their reports and each contact’s activity, ' +
    'saved campaigns sent to the people of a saved view, ' +
    'and abandoned carts as deals.',
  logoSvg: LOGO,
  vendorUrl: 'https://mailchimp.com',
  capabilities: [
    'lists',
    'members',
    'fields',
    'tags',
    'segments',
    'campaigns',
    'campaignSending',
    'linkClicks',
    'ecommerceCarts',
    'webhooks',
  ],
  auth: {
    kind: 'oauth2',
    authorizationUrl: 'https://login.mailchimp.com/oauth2/authorize',
    tokenUrl: 'https://login.mailchimp.com/oauth2/token',
  },
  alternativeAuth: {
    kind: 'credentials',
    fields: [{ key: 'apiKey', label: 'API key', secret: true, required: true }],
  },
  listNoun: 'Audience',
  defaultMappings: [
    { vendorField: 'EMAIL', crmField: 'email', direction: 'BOTH', locked: true },
    { vendorField: 'FNAME', crmField: 'firstName', direction: 'BOTH', locked: true },
    { vendorField: 'LNAME', crmField: 'lastName', direction: 'BOTH', locked: true },
  ],
  // Seed 001: the extension adds the member's Mailchimp id and a link to it to contacts and leads.
  recordFields: [
    { key: 'mailchimp_id', label: 'Mailchimp ID', type: 'text', modules: ['contacts', 'leads'] },
    { key: 'mailchimp_url', label: 'Mailchimp profile', type: 'url', modules: ['contacts', 'leads'] },
  ],
  schedules: ['hourly', 'daily', 'weekly'],
  // Campaigns with their activity and links, and abandoned carts (when enabled), every hour.
  jobs: [
    { kind: 'CAMPAIGNS', every: 'hourly' },
    { kind: 'CARTS', every: 'hourly' },
  ],
  limits: {
    tagMaxLength: 100,
    maxFields: 30,
    fieldKeyMaxLength: 10,
    fieldLabelMaxLength: 50,
    creatableFieldTypes: ['text', 'number', 'date', 'dropdown', 'phone', 'url', 'address'],
    fieldValueMaxLength: 255,
    maxBatchSize: 500,
    scheduleStepMinutes: 15,
    budget: { maxConcurrent: 10 },
  },
  terms:
    'CRM Connect reads and writes your Mailchimp audiences, members, tags, merge fields, campaigns, reports ' +
    'and e-commerce carts on your behalf, and sends the saved campaigns an administrator chooses to the ' +
    'people of a saved view (as a copy of the campaign, addressed to a segment it creates). ' +
    'It never re-subscribes a member who unsubscribed or was cleaned. ' +
    'Uninstalling removes the Mailchimp records it keeps in the CRM (audiences, segments and tags, member ' +
    'statuses, the Mailchimp ID and profile fields on contacts and leads) and its webhooks; contacts and campaigns stay.',
};
