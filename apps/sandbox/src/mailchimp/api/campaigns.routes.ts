import type { Request } from 'express';
import type { RouteModule } from '../context';
import { campaignInput, defaultTracking } from '../campaigns/campaign-input';
import { plainTextOf } from '../campaigns/campaign-content';
import { queryChoice, queryTime, sortedBy } from '../campaigns/campaign-query';
import { isReady, sendChecklist } from '../campaigns/campaign-readiness';
import { sendCampaign, sendDueCampaigns } from '../campaigns/campaign-sending';
import {
  Campaign,
  CAMPAIGN_TYPES,
  campaignsOf,
  CampaignStatus,
  campaignTitle,
  isoTime,
  requireCampaign,
} from '../campaigns/campaign.model';
import { campaignView } from '../campaigns/campaign.view';
import { collection, page, project, queryText } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import { hexId, nextNumber, now } from '../state';

const STATUSES = ['save', 'paused', 'schedule', 'sending', 'sent'] as const;
/** Only drafts (and paused campaigns) can be edited, sent or scheduled. */
const EDITABLE: CampaignStatus[] = ['save', 'paused'];
const QUARTER_HOUR = 15 * 60_000;

const badRequest = (detail: string) => new MailchimpProblem(400, 'Bad Request', detail);
const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

/** Why a campaign is no longer a draft, or undefined while it is one. */
function notDraft(campaign: Campaign): string | undefined {
  if (EDITABLE.includes(campaign.status)) return undefined;
  return campaign.status === 'schedule'
    ? 'it is scheduled; unschedule it first'
    : `its status is ${campaign.status}`;
}

/** Editing is refused for the campaign's state: 405, Mailchimp's answer when the state forbids a method. */
function requireEditable(campaign: Campaign): void {
  const why = notDraft(campaign);
  if (why) throw MailchimpProblem.methodNotAllowed(`This campaign cannot be edited: ${why}.`, 'GET, DELETE');
}

/** Sending and scheduling start from a draft too; the action is refused with 400 Bad Request. */
function requireDraft(campaign: Campaign, action: 'sent' | 'scheduled'): void {
  const why = notDraft(campaign);
  if (why) throw badRequest(`This campaign cannot be ${action}: ${why}.`);
}

/** Campaigns, filtered as `GET /campaigns` allows. */
function filteredCampaigns(req: Request, campaigns: Campaign[]): Campaign[] {
  const type = queryChoice(req, 'type', CAMPAIGN_TYPES);
  const status = queryChoice(req, 'status', STATUSES);
  const listId = queryText(req, 'list_id');
  const folderId = queryText(req, 'folder_id');
  const memberId = queryText(req, 'member_id');
  const sinceSend = queryTime(req, 'since_send_time');
  const beforeSend = queryTime(req, 'before_send_time');
  const sinceCreate = queryTime(req, 'since_create_time');
  const beforeCreate = queryTime(req, 'before_create_time');
  const sent = (c: Campaign) => (c.report && c.send_time ? Date.parse(c.send_time) : undefined);
  const created = (c: Campaign) => Date.parse(c.create_time);
  return campaigns.filter(
    (c) =>
      (!type || c.type === type) &&
      (!status || c.status === status) &&
      (!listId || c.recipients?.list_id === listId) &&
      (!folderId || c.settings.folder_id === folderId) &&
      (!memberId || !!c.report?.recipients.some((r) => r.email_id === memberId.toLowerCase())) &&
      (sinceSend === undefined || (sent(c) ?? -Infinity) >= sinceSend) &&
      (beforeSend === undefined || (sent(c) ?? Infinity) < beforeSend) &&
      (sinceCreate === undefined || created(c) >= sinceCreate) &&
      (beforeCreate === undefined || created(c) < beforeCreate),
  );
}

function contentView(campaign: Campaign) {
  return {
    plain_text: campaign.content.plain_text,
    html: campaign.content.html,
    archive_html: campaign.content.html,
    _links: [],
  };
}

/** `PUT /campaigns/{id}/content`: HTML (its plain-text version generated unless given) or plain text. */
function setContent(campaign: Campaign, input: Record<string, unknown>): void {
  for (const key of ['template', 'url', 'archive', 'variate_contents'])
    if (input[key] !== undefined)
      throw badRequest(`The sandbox takes content as html or plain_text; ${key} is not simulated.`);
  const errors: Array<{ field: string; message: string }> = [];
  for (const key of ['html', 'plain_text'])
    if (input[key] !== undefined && typeof input[key] !== 'string')
      errors.push({ field: key, message: `Schema describes string, ${typeof input[key]} found instead` });
  if (input.html === undefined && input.plain_text === undefined)
    errors.push({ field: 'html', message: 'Provide html or plain_text.' });
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  const html = input.html as string | undefined;
  const plainText = input.plain_text as string | undefined;
  if (html !== undefined) {
    campaign.content = { html, plain_text: plainText ?? plainTextOf(html) };
    campaign.content_type = 'html';
  } else campaign.content = { ...campaign.content, plain_text: plainText ?? '' };
}

function validateTestEmail(input: Record<string, unknown>): void {
  const errors: Array<{ field: string; message: string }> = [];
  const emails = input.test_emails;
  if (!Array.isArray(emails) || emails.length === 0)
    errors.push({ field: 'test_emails', message: 'This value should not be blank.' });
  else if (emails.some((e) => typeof e !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)))
    errors.push({ field: 'test_emails', message: 'Please provide valid email addresses.' });
  if (input.send_type !== 'html' && input.send_type !== 'plaintext')
    errors.push({ field: 'send_type', message: 'Value must be one of: html, plaintext.' });
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
}

/** The schedule time: a valid date-time on the quarter hour, in the future. */
function scheduleTime(input: Record<string, unknown>): number {
  const text = input.schedule_time;
  const ms = typeof text === 'string' ? Date.parse(text) : NaN;
  if (Number.isNaN(ms))
    throw MailchimpProblem.field('schedule_time', 'Please provide a valid ISO 8601 date-time.');
  if (ms % QUARTER_HOUR !== 0)
    throw badRequest(
      'This campaign cannot be scheduled: campaigns may only be scheduled on the quarter hour (:00, :15, :30, :45).',
    );
  if (ms <= Date.now())
    throw badRequest('This campaign cannot be scheduled: the schedule time must be in the future.');
  return ms;
}

export const campaignRoutes: RouteModule = (router, context) => {
  router.use('/campaigns', (_req, res, next) => {
    sendDueCampaigns(context, accountOf(res));
    next();
  });

  router.get('/campaigns', (req, res) => {
    const account = accountOf(res);
    const all = sortedBy(
      req,
      filteredCampaigns(req, Object.values(campaignsOf(account))).sort((a, b) =>
        a.create_time.localeCompare(b.create_time),
      ),
      { create_time: (c) => c.create_time, send_time: (c) => c.send_time ?? '' },
    );
    const campaigns = page(req, all).map((campaign) => campaignView(account, campaign));
    res.json(project(req, collection('campaigns', all, campaigns)));
  });

  router.post('/campaigns', (req, res) => {
    const account = accountOf(res);
    const input = campaignInput(account, req.body, false);
    const type = input.type!;
    const campaign: Campaign = {
      id: hexId(5),
      web_id: nextNumber(account),
      type,
      status: 'save',
      create_time: now(),
      ...(input.recipients ? { recipients: input.recipients } : {}),
      settings: input.settings,
      tracking: { ...defaultTracking(type), ...input.tracking },
      content_type: 'template',
      content: { html: '', plain_text: '' },
    };
    campaignsOf(account)[campaign.id] = campaign;
    context.changed();
    res.json(campaignView(account, campaign));
  });

  router.get('/campaigns/:campaign_id', (req, res) => {
    const account = accountOf(res);
    res.json(project(req, campaignView(account, requireCampaign(account, req.params.campaign_id))));
  });

  router.patch('/campaigns/:campaign_id', (req, res) => {
    const account = accountOf(res);
    const campaign = requireCampaign(account, req.params.campaign_id);
    requireEditable(campaign);
    const input = campaignInput(account, req.body, true);
    if (input.recipients) campaign.recipients = input.recipients;
    campaign.settings = { ...campaign.settings, ...input.settings };
    campaign.tracking = { ...campaign.tracking, ...input.tracking };
    context.changed();
    res.json(campaignView(account, campaign));
  });

  router.delete('/campaigns/:campaign_id', (req, res) => {
    const account = accountOf(res);
    const campaign = requireCampaign(account, req.params.campaign_id);
    // Mailchimp refuses to delete a campaign while it is sending; a sent one goes with its report.
    if (campaign.status === 'sending')
      throw MailchimpProblem.methodNotAllowed('This campaign cannot be deleted while it is sending.', 'GET');
    delete campaignsOf(account)[campaign.id];
    context.changed();
    res.status(204).end();
  });

  router.get('/campaigns/:campaign_id/content', (req, res) => {
    const campaign = requireCampaign(accountOf(res), req.params.campaign_id);
    res.json(project(req, contentView(campaign)));
  });

  router.put('/campaigns/:campaign_id/content', (req, res) => {
    const campaign = requireCampaign(accountOf(res), req.params.campaign_id);
    requireEditable(campaign);
    setContent(campaign, body(req));
    context.changed();
    res.json(contentView(campaign));
  });

  router.get('/campaigns/:campaign_id/send-checklist', (req, res) => {
    const account = accountOf(res);
    const items = sendChecklist(account, requireCampaign(account, req.params.campaign_id));
    res.json(project(req, { is_ready: items.every((i) => i.type !== 'error'), items, _links: [] }));
  });

  router.post('/campaigns/:campaign_id/actions/test', (req, res) => {
    const account = accountOf(res);
    const campaign = requireCampaign(account, req.params.campaign_id);
    validateTestEmail(body(req));
    if (!isReady(account, campaign, true)) throw badRequest('Your Campaign is not ready to send.');
    res.status(204).end();
  });

  router.post('/campaigns/:campaign_id/actions/send', (req, res) => {
    const account = accountOf(res);
    const campaign = requireCampaign(account, req.params.campaign_id);
    requireDraft(campaign, 'sent');
    if (!isReady(account, campaign)) throw badRequest('Your Campaign is not ready to send.');
    sendCampaign(context, account, campaign);
    context.changed();
    res.status(204).end();
  });

  router.post('/campaigns/:campaign_id/actions/schedule', (req, res) => {
    const account = accountOf(res);
    const campaign = requireCampaign(account, req.params.campaign_id);
    const at = scheduleTime(body(req));
    requireDraft(campaign, 'scheduled');
    if (!isReady(account, campaign))
      throw badRequest('This campaign cannot be scheduled: it is not ready to send.');
    campaign.status = 'schedule';
    campaign.send_time = isoTime(at);
    context.changed();
    res.status(204).end();
  });

  router.post('/campaigns/:campaign_id/actions/unschedule', (req, res) => {
    const campaign = requireCampaign(accountOf(res), req.params.campaign_id);
    if (campaign.status !== 'schedule')
      throw badRequest('This campaign cannot be unscheduled: it is not scheduled.');
    campaign.status = 'save';
    delete campaign.send_time;
    context.changed();
    res.status(204).end();
  });

  router.post('/campaigns/:campaign_id/actions/cancel-send', (req, res) => {
    requireCampaign(accountOf(res), req.params.campaign_id);
    // Sends complete at once here, so there is never a sending campaign to cancel.
    throw badRequest('This campaign cannot be canceled: it is not sending.');
  });

  router.post('/campaigns/:campaign_id/actions/replicate', (req, res) => {
    const account = accountOf(res);
    const original = requireCampaign(account, req.params.campaign_id);
    const copy: Campaign = {
      id: hexId(5),
      web_id: nextNumber(account),
      type: original.type,
      status: 'save',
      create_time: now(),
      ...(original.recipients && account.lists[original.recipients.list_id]
        ? { recipients: structuredClone(original.recipients) }
        : {}),
      settings: { ...original.settings, title: `${campaignTitle(original)} (copy 01)` },
      tracking: { ...original.tracking },
      content_type: original.content_type,
      content: { ...original.content },
    };
    campaignsOf(account)[copy.id] = copy;
    context.changed();
    res.json(campaignView(account, copy));
  });
};
