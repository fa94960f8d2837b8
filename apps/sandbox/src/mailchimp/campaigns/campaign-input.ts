import { typeName } from '../api/lists.routes';
import { MailchimpProblem } from '../http/problem';
import { normalizeOptions, optionsErrors } from '../segments/segment-conditions';
import { findSegment } from '../segments/segment.model';
import type { SandboxAccount } from '../state';
import {
  CAMPAIGN_TYPES,
  CampaignRecipients,
  CampaignSettings,
  CampaignTracking,
  CampaignType,
} from './campaign.model';

/**
 * Validation of campaign bodies (`POST /campaigns`, `PATCH /campaigns/{id}`): Mailchimp's
 * "Invalid Resource" with one `errors[]` entry per bad field.
 */

type FieldError = { field: string; message: string };

const SIMULATED_TYPES: CampaignType[] = ['regular', 'plaintext'];
const TEXT_SETTINGS = [
  'subject_line',
  'preview_text',
  'title',
  'from_name',
  'reply_to',
  'to_name',
  'folder_id',
];
const FLAG_SETTINGS = [
  'use_conversation',
  'authenticate',
  'auto_footer',
  'inline_css',
  'auto_tweet',
  'fb_comments',
];
const FLAG_TRACKING = ['opens', 'html_clicks', 'text_clicks', 'goal_tracking', 'ecomm360'];
const TEXT_TRACKING = ['google_analytics', 'clicktale'];

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const wrongType = (field: string, expected: string, value: unknown): FieldError => ({
  field,
  message: `Schema describes ${expected}, ${typeName(value)} found instead`,
});

function picked(
  source: Record<string, unknown>,
  prefix: string,
  keys: string[],
  expected: 'string' | 'boolean',
  errors: FieldError[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = source[key];
    if (value === undefined) continue;
    if (typeof value === expected) out[key] = value;
    else errors.push(wrongType(`${prefix}.${key}`, expected, value));
  }
  return out;
}

function objectField(body: Record<string, unknown>, key: string, errors: FieldError[]) {
  if (body[key] === undefined) return undefined;
  const record = asRecord(body[key]);
  if (!record) errors.push(wrongType(key, 'object', body[key]));
  return record;
}

function recipientsInput(
  account: SandboxAccount,
  body: Record<string, unknown>,
  errors: FieldError[],
): CampaignRecipients | undefined {
  const recipients = objectField(body, 'recipients', errors);
  if (!recipients) return undefined;
  const listId = recipients.list_id;
  if (typeof listId !== 'string' || listId === '') {
    errors.push(wrongType('recipients.list_id', 'string', listId));
    return undefined;
  }
  const list = account.lists[listId];
  if (!list) {
    errors.push({ field: 'recipients.list_id', message: `The list "${listId}" does not exist.` });
    return undefined;
  }
  if (recipients.segment_opts === undefined) return { list_id: listId };
  const segmentOpts = asRecord(recipients.segment_opts);
  if (!segmentOpts) {
    errors.push(wrongType('recipients.segment_opts', 'object', recipients.segment_opts));
    return undefined;
  }
  const opts: NonNullable<CampaignRecipients['segment_opts']> = {};
  const segmentId = segmentOpts.saved_segment_id;
  if (segmentId !== undefined) {
    if (!Number.isInteger(segmentId))
      errors.push(wrongType('recipients.segment_opts.saved_segment_id', 'integer', segmentId));
    else if (!findSegment(list, String(segmentId)))
      errors.push({
        field: 'recipients.segment_opts.saved_segment_id',
        message: `The segment ${String(segmentId)} does not exist in list "${listId}".`,
      });
    else opts.saved_segment_id = segmentId as number;
  }
  if (segmentOpts.conditions !== undefined) {
    const conditionErrors = optionsErrors(
      { match: segmentOpts.match, conditions: segmentOpts.conditions },
      list,
    );
    errors.push(
      ...conditionErrors.map((e) => ({
        ...e,
        field: e.field.replace(/^options/, 'recipients.segment_opts'),
      })),
    );
    if (!conditionErrors.length) Object.assign(opts, normalizeOptions(segmentOpts));
  }
  return { list_id: listId, segment_opts: opts };
}

export interface CampaignInput {
  type?: CampaignType;
  recipients?: CampaignRecipients;
  settings: CampaignSettings;
  tracking: Partial<CampaignTracking>;
}

/** A create (`partial` false: `type` required) or update body, validated. */
export function campaignInput(account: SandboxAccount, raw: unknown, partial: boolean): CampaignInput {
  const body = asRecord(raw) ?? {};
  const errors: FieldError[] = [];
  let type: CampaignType | undefined;
  if (!partial) {
    if (typeof body.type !== 'string' || !(CAMPAIGN_TYPES as readonly string[]).includes(body.type))
      errors.push({
        field: 'type',
        message:
          body.type === undefined
            ? 'This value should not be blank.'
            : `Data did not match any of the schemas described in anyOf: ${CAMPAIGN_TYPES.join(', ')}.`,
      });
    else if (!SIMULATED_TYPES.includes(body.type as CampaignType))
      throw new MailchimpProblem(
        400,
        'Bad Request',
        `The sandbox simulates regular and plaintext campaigns only, not ${body.type}.`,
      );
    else type = body.type as CampaignType;
  }
  const recipients = recipientsInput(account, body, errors);
  const settings = objectField(body, 'settings', errors) ?? {};
  const tracking = objectField(body, 'tracking', errors) ?? {};
  const input: CampaignInput = {
    type,
    recipients,
    settings: {
      ...picked(settings, 'settings', TEXT_SETTINGS, 'string', errors),
      ...picked(settings, 'settings', FLAG_SETTINGS, 'boolean', errors),
    },
    tracking: {
      ...picked(tracking, 'tracking', FLAG_TRACKING, 'boolean', errors),
      ...picked(tracking, 'tracking', TEXT_TRACKING, 'string', errors),
    },
  };
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  return input;
}

/** Mailchimp's tracking defaults: opens and HTML clicks on; text clicks for plain-text campaigns. */
export const defaultTracking = (type: CampaignType): CampaignTracking => ({
  opens: true,
  html_clicks: true,
  text_clicks: type === 'plaintext',
  goal_tracking: false,
  ecomm360: false,
  google_analytics: '',
  clicktale: '',
});
