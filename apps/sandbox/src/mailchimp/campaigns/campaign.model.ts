import { MailchimpProblem } from '../http/problem';
import type { SegmentCondition } from '../segments/segment-conditions';
import type { Audience, SandboxAccount } from '../state';

/**
 * Campaigns as the sandbox keeps them in `account.campaigns`: what the API set (settings,
 * recipients, tracking, content) plus, once sent, the report data every report endpoint is
 * computed from (one record per recipient, with what that recipient did).
 */

/** Every campaign type of Mailchimp's API; the sandbox simulates the first two. */
export const CAMPAIGN_TYPES = ['regular', 'plaintext', 'absplit', 'rss', 'variate'] as const;
export type CampaignType = 'regular' | 'plaintext';
export type CampaignStatus = 'save' | 'paused' | 'schedule' | 'sending' | 'sent' | 'canceled';

export interface CampaignSettings {
  subject_line?: string;
  preview_text?: string;
  title?: string;
  from_name?: string;
  reply_to?: string;
  to_name?: string;
  folder_id?: string;
  use_conversation?: boolean;
  authenticate?: boolean;
  auto_footer?: boolean;
  inline_css?: boolean;
  auto_tweet?: boolean;
  fb_comments?: boolean;
}

export interface CampaignTracking {
  opens: boolean;
  html_clicks: boolean;
  text_clicks: boolean;
  goal_tracking: boolean;
  ecomm360: boolean;
  google_analytics: string;
  clicktale: string;
}

export interface CampaignRecipients {
  list_id: string;
  /** A saved segment or tag, inline conditions, or both (a recipient must meet both). */
  segment_opts?: { saved_segment_id?: number; match?: 'any' | 'all'; conditions?: SegmentCondition[] };
}

/** A tracked link of the campaign's content; its id is what click-details are keyed by. */
export interface CampaignLink {
  id: string;
  url: string;
}

/** One thing a recipient did with the campaign, as email-activity shows it. */
export interface RecipientAction {
  action: 'open' | 'click' | 'bounce';
  timestamp: string;
  ip: string;
  type?: 'hard' | 'soft';
  url?: string;
  link_id?: string;
}

/** One address the campaign was sent to, and what came of it. */
export interface CampaignRecipient {
  /** The subscriber hash. */
  email_id: string;
  email_address: string;
  status: 'sent' | 'hard' | 'soft';
  activity: RecipientAction[];
  unsubscribe?: { timestamp: string; reason: string };
}

export interface CampaignReportData {
  /** Links frozen at send time (content can no longer change). */
  links: CampaignLink[];
  recipients: CampaignRecipient[];
  /** Each simulated wave of recipients' activity (control API `deliver`). */
  waves: Array<{ seed: number | string; at: string }>;
}

export interface Campaign {
  id: string;
  web_id: number;
  type: CampaignType;
  status: CampaignStatus;
  create_time: string;
  /** When it was sent, or when it is scheduled to be. */
  send_time?: string;
  recipients?: CampaignRecipients;
  settings: CampaignSettings;
  tracking: CampaignTracking;
  content_type: 'template' | 'html';
  content: { html: string; plain_text: string };
  report?: CampaignReportData;
}

/** The account's campaigns, typed (the state keeps them as untyped records). */
export const campaignsOf = (account: SandboxAccount): Record<string, Campaign> =>
  account.campaigns as unknown as Record<string, Campaign>;

export function requireCampaign(account: SandboxAccount, campaignId: string): Campaign {
  const campaign = campaignsOf(account)[campaignId];
  if (!campaign) throw MailchimpProblem.notFound();
  return campaign;
}

/** A sent campaign and its report data; an unsent one has no report (404, as in Mailchimp). */
export function requireReport(
  account: SandboxAccount,
  campaignId: string,
): { campaign: Campaign; report: CampaignReportData } {
  const campaign = campaignsOf(account)[campaignId];
  if (!campaign?.report) throw MailchimpProblem.notFound();
  return { campaign, report: campaign.report };
}

/** The campaign's audience, while it still exists. */
export const campaignList = (account: SandboxAccount, campaign: Campaign): Audience | undefined =>
  campaign.recipients ? account.lists[campaign.recipients.list_id] : undefined;

/** The name Mailchimp shows for a campaign: its title, else its subject line. */
export const campaignTitle = (campaign: Campaign) =>
  campaign.settings.title || campaign.settings.subject_line || 'Untitled';

/** A time in Mailchimp's format (`2024-01-01T00:00:00+00:00`). */
export const isoTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
