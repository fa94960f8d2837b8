import type { Request } from 'express';
import type { RouteModule } from '../context';
import { queryChoice, queryTime, sortedBy } from '../campaigns/campaign-query';
import { linkStats, linkView, optionalTime, reportView } from '../campaigns/campaign-report';
import { sendDueCampaigns } from '../campaigns/campaign-sending';
import {
  Campaign,
  CAMPAIGN_TYPES,
  campaignList,
  CampaignRecipient,
  campaignsOf,
  requireReport,
} from '../campaigns/campaign.model';
import { collection, page, project } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import { mergeValues } from '../members/member.model';
import { SandboxAccount, subscriberHash } from '../state';

/** The report of a sent campaign, with the helpers its sub-resources share. */
function reportOf(account: SandboxAccount, req: Request) {
  const { campaign, report } = requireReport(account, String(req.params.campaign_id));
  const list = campaignList(account, campaign);
  const identity = (recipient: CampaignRecipient) => ({
    email_id: recipient.email_id,
    email_address: recipient.email_address,
    list_id: campaign.recipients?.list_id ?? '',
    list_is_active: !!list,
    campaign_id: campaign.id,
  });
  /** Who a recipient is now: merge fields and VIP flag of the member, while still there. */
  const contact = (recipient: CampaignRecipient) => {
    const member = list?.members[recipient.email_id];
    return {
      ...identity(recipient),
      merge_fields: list && member ? mergeValues(list, member) : {},
      vip: member?.vip ?? false,
    };
  };
  const status = (recipient: CampaignRecipient) => list?.members[recipient.email_id]?.status ?? '';
  /** One recipient, found by subscriber hash or address; 404 when the campaign did not go to them. */
  const recipient = (idOrEmail: string) => {
    const key = idOrEmail.includes('@') ? subscriberHash(idOrEmail) : idOrEmail.toLowerCase();
    const found = report.recipients.find((r) => r.email_id === key);
    if (!found) throw MailchimpProblem.notFound();
    return found;
  };
  return { campaign, report, identity, contact, status, recipient };
}

type Report = ReturnType<typeof reportOf>;

function emailActivity(r: Report, recipient: CampaignRecipient, since: number | undefined) {
  return {
    ...r.identity(recipient),
    activity: recipient.activity
      .filter((a) => since === undefined || Date.parse(a.timestamp) > since)
      .map((a) => ({
        action: a.action,
        ...(a.type ? { type: a.type } : {}),
        timestamp: a.timestamp,
        ...(a.url ? { url: a.url } : {}),
        ip: a.ip,
      })),
    _links: [],
  };
}

function clickMember(r: Report, recipient: CampaignRecipient, linkId: string) {
  return {
    ...r.contact(recipient),
    clicks: recipient.activity.filter((a) => a.action === 'click' && a.link_id === linkId).length,
    url_id: linkId,
    contact_status: r.status(recipient),
    _links: [],
  };
}

function unsubscribed(r: Report, recipient: CampaignRecipient) {
  return {
    ...r.contact(recipient),
    timestamp: recipient.unsubscribe!.timestamp,
    reason: recipient.unsubscribe!.reason,
    _links: [],
  };
}

function sentTo(r: Report, recipient: CampaignRecipient) {
  const opens = recipient.activity.filter((a) => a.action === 'open');
  return {
    ...r.contact(recipient),
    status: recipient.status,
    open_count: opens.length,
    ...optionalTime('last_open', opens.at(-1)?.timestamp),
    gmt_offset: 0,
    _links: [],
  };
}

function openDetail(r: Report, recipient: CampaignRecipient, since: number | undefined) {
  const opens = recipient.activity.filter(
    (a) => a.action === 'open' && (since === undefined || Date.parse(a.timestamp) > since),
  );
  return {
    ...r.contact(recipient),
    opens_count: opens.length,
    proxy_excluded_opens_count: opens.length,
    opens: opens.map((a) => ({ timestamp: a.timestamp, is_proxy_open: false })),
    contact_status: r.status(recipient),
    _links: [],
  };
}

const clicked = (recipient: CampaignRecipient, linkId: string) =>
  recipient.activity.some((a) => a.action === 'click' && a.link_id === linkId);

export const reportRoutes: RouteModule = (router, context) => {
  router.use('/reports', (_req, res, next) => {
    sendDueCampaigns(context, accountOf(res));
    next();
  });

  router.get('/reports', (req, res) => {
    const account = accountOf(res);
    const type = queryChoice(req, 'type', CAMPAIGN_TYPES);
    const since = queryTime(req, 'since_send_time');
    const before = queryTime(req, 'before_send_time');
    const all = Object.values(campaignsOf(account))
      .filter((c): c is Campaign & { send_time: string } => !!c.report && !!c.send_time)
      .filter(
        (c) =>
          (!type || c.type === type) &&
          (since === undefined || Date.parse(c.send_time) >= since) &&
          (before === undefined || Date.parse(c.send_time) < before),
      )
      .sort((a, b) => a.send_time.localeCompare(b.send_time));
    const reports = page(req, all).map((c) => reportView(account, c, c.report!));
    res.json(project(req, collection('reports', all, reports)));
  });

  router.get('/reports/:campaign_id', (req, res) => {
    const account = accountOf(res);
    const { campaign, report } = reportOf(account, req);
    res.json(project(req, reportView(account, campaign, report)));
  });

  router.get('/reports/:campaign_id/email-activity', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const since = queryTime(req, 'since');
    // With `since`, only the recipients who did something since then (incremental reads).
    const all = r.report.recipients
      .map((recipient) => emailActivity(r, recipient, since))
      .filter((entry) => since === undefined || entry.activity.length > 0);
    res.json(project(req, collection('emails', all, page(req, all), { campaign_id: r.campaign.id })));
  });

  router.get('/reports/:campaign_id/email-activity/:subscriber_hash', (req, res) => {
    const r = reportOf(accountOf(res), req);
    res.json(
      project(req, emailActivity(r, r.recipient(req.params.subscriber_hash), queryTime(req, 'since'))),
    );
  });

  router.get('/reports/:campaign_id/click-details', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const all = sortedBy(
      req,
      linkStats(r.report).map((link) => linkView(r.campaign, r.report, link.id)!),
      { total_clicks: (l) => l.total_clicks, unique_clicks: (l) => l.unique_clicks },
    );
    res.json(project(req, collection('urls_clicked', all, page(req, all), { campaign_id: r.campaign.id })));
  });

  router.get('/reports/:campaign_id/click-details/:link_id', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const link = linkView(r.campaign, r.report, req.params.link_id);
    if (!link) throw MailchimpProblem.notFound();
    res.json(project(req, link));
  });

  router.get('/reports/:campaign_id/click-details/:link_id/members', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const { link_id: linkId } = req.params;
    if (!r.report.links.some((l) => l.id === linkId)) throw MailchimpProblem.notFound();
    const all = r.report.recipients.filter((recipient) => clicked(recipient, linkId));
    const members = page(req, all).map((recipient) => clickMember(r, recipient, linkId));
    res.json(project(req, collection('members', all, members, { campaign_id: r.campaign.id })));
  });

  router.get('/reports/:campaign_id/click-details/:link_id/members/:subscriber_hash', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const recipient = r.recipient(req.params.subscriber_hash);
    if (!clicked(recipient, req.params.link_id)) throw MailchimpProblem.notFound();
    res.json(project(req, clickMember(r, recipient, req.params.link_id)));
  });

  router.get('/reports/:campaign_id/unsubscribed', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const all = r.report.recipients.filter((recipient) => recipient.unsubscribe);
    const unsubscribes = page(req, all).map((recipient) => unsubscribed(r, recipient));
    res.json(project(req, collection('unsubscribes', all, unsubscribes, { campaign_id: r.campaign.id })));
  });

  router.get('/reports/:campaign_id/unsubscribed/:subscriber_hash', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const recipient = r.recipient(req.params.subscriber_hash);
    if (!recipient.unsubscribe) throw MailchimpProblem.notFound();
    res.json(project(req, unsubscribed(r, recipient)));
  });

  router.get('/reports/:campaign_id/sent-to', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const all = r.report.recipients;
    const sent = page(req, all).map((recipient) => sentTo(r, recipient));
    res.json(project(req, collection('sent_to', all, sent, { campaign_id: r.campaign.id })));
  });

  router.get('/reports/:campaign_id/sent-to/:subscriber_hash', (req, res) => {
    const r = reportOf(accountOf(res), req);
    res.json(project(req, sentTo(r, r.recipient(req.params.subscriber_hash))));
  });

  router.get('/reports/:campaign_id/open-details', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const since = queryTime(req, 'since');
    const all = sortedBy(
      req,
      r.report.recipients
        .map((recipient) => openDetail(r, recipient, since))
        .filter((m) => m.opens_count > 0),
      { opens_count: (m) => m.opens_count },
    );
    const totalOpens = all.reduce((sum, m) => sum + m.opens_count, 0);
    res.json(
      project(
        req,
        collection('members', all, page(req, all), {
          campaign_id: r.campaign.id,
          total_opens: totalOpens,
          total_proxy_excluded_opens: totalOpens,
        }),
      ),
    );
  });

  router.get('/reports/:campaign_id/open-details/:subscriber_hash', (req, res) => {
    const r = reportOf(accountOf(res), req);
    const detail = openDetail(r, r.recipient(req.params.subscriber_hash), undefined);
    if (detail.opens_count === 0) throw MailchimpProblem.notFound();
    res.json(project(req, detail));
  });
};
