import type { SandboxAccount } from '../state';
import {
  Campaign,
  campaignList,
  CampaignRecipient,
  CampaignReportData,
  campaignsOf,
  campaignTitle,
  isoTime,
  RecipientAction,
} from './campaign.model';

/**
 * Report figures, always computed from the per-recipient records (never stored), so the
 * summary, email-activity, click-details, open-details and sent-to can never disagree.
 * Rates follow Mailchimp: unique opens (or clickers) over delivered emails (sent − bounces).
 */

const actions = (recipient: CampaignRecipient, action: RecipientAction['action']) =>
  recipient.activity.filter((a) => a.action === action);

const latest = (times: string[]) =>
  times.reduce<string | undefined>((a, b) => (!a || b > a ? b : a), undefined);

/** Date fields are left out while they have no value (the spec types them as date-time). */
export const optionalTime = <K extends string>(key: K, value: string | undefined) =>
  (value ? { [key]: value } : {}) as Partial<Record<K, string>>;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

export function reportFigures(report: CampaignReportData) {
  const { recipients } = report;
  const opens = recipients.flatMap((r) => actions(r, 'open'));
  const clicks = recipients.flatMap((r) => actions(r, 'click'));
  const hard = recipients.filter((r) => r.status === 'hard').length;
  const soft = recipients.filter((r) => r.status === 'soft').length;
  const delivered = recipients.length - hard - soft;
  const uniqueOpens = recipients.filter((r) => actions(r, 'open').length > 0).length;
  const clickers = recipients.filter((r) => actions(r, 'click').length > 0).length;
  return {
    emails_sent: recipients.length,
    hard_bounces: hard,
    soft_bounces: soft,
    opens_total: opens.length,
    unique_opens: uniqueOpens,
    open_rate: ratio(uniqueOpens, delivered),
    last_open: latest(opens.map((a) => a.timestamp)),
    clicks_total: clicks.length,
    unique_clicks: linkStats(report).reduce((sum, link) => sum + link.unique_clicks, 0),
    unique_subscriber_clicks: clickers,
    click_rate: ratio(clickers, delivered),
    last_click: latest(clicks.map((a) => a.timestamp)),
    unsubscribed: recipients.filter((r) => r.unsubscribe).length,
  };
}

/** Clicks per tracked link: total, by distinct recipients, and when last. */
export function linkStats(report: CampaignReportData) {
  return report.links.map((link) => {
    const clickers = report.recipients
      .map((r) => r.activity.filter((a) => a.action === 'click' && a.link_id === link.id))
      .filter((clicks) => clicks.length > 0);
    const all = clickers.flat();
    return {
      id: link.id,
      url: link.url,
      total_clicks: all.length,
      unique_clicks: clickers.length,
      last_click: latest(all.map((a) => a.timestamp)),
    };
  });
}

/** The click-details entry of one link, with its shares of the campaign's clicks. */
export function linkView(campaign: Campaign, report: CampaignReportData, linkId: string) {
  const stats = linkStats(report);
  const link = stats.find((s) => s.id === linkId);
  if (!link) return undefined;
  const totalClicks = stats.reduce((sum, s) => sum + s.total_clicks, 0);
  const uniqueClicks = stats.reduce((sum, s) => sum + s.unique_clicks, 0);
  return {
    id: link.id,
    url: link.url,
    total_clicks: link.total_clicks,
    click_percentage: ratio(link.total_clicks, totalClicks),
    unique_clicks: link.unique_clicks,
    unique_click_percentage: ratio(link.unique_clicks, uniqueClicks),
    ...optionalTime('last_click', link.last_click),
    campaign_id: campaign.id,
    _links: [],
  };
}

/** Hourly buckets over the first 24 hours after sending, as Mailchimp's report shows them. */
export function timeseries(campaign: Campaign, report: CampaignReportData) {
  const hour = 3_600_000;
  const start = Math.floor(Date.parse(campaign.send_time ?? '') / hour) * hour;
  /** The hour (from the send) of each recipient's first action of a kind; -1 when none. */
  const firstHours = (action: RecipientAction['action']) =>
    report.recipients.map((recipient) => {
      const first = actions(recipient, action)
        .map((a) => a.timestamp)
        .sort()[0];
      return first === undefined ? -1 : Math.floor((Date.parse(first) - start) / hour);
    });
  const opens = firstHours('open');
  const clicks = firstHours('click');
  const inHour = (hours: number[], index: number) => hours.filter((h) => h === index).length;
  return Array.from({ length: 24 }, (_, index) => ({
    timestamp: isoTime(start + index * hour),
    emails_sent: index === 0 ? report.recipients.length : 0,
    unique_opens: inHour(opens, index),
    proxy_excluded_unique_opens: inHour(opens, index),
    recipients_clicks: inHour(clicks, index),
  }));
}

/** The audience's averages over its sent campaigns (percentages, as list_stats has them). */
function listStats(account: SandboxAccount, listId: string | undefined) {
  const reports = Object.values(campaignsOf(account))
    .filter((c) => c.report && c.recipients?.list_id === listId)
    .map((c) => reportFigures(c.report!));
  const average = (pick: (f: ReturnType<typeof reportFigures>) => number) =>
    reports.length ? (100 * reports.reduce((sum, f) => sum + pick(f), 0)) / reports.length : 0;
  const openRate = average((f) => f.open_rate);
  return {
    sub_rate: 0,
    unsub_rate: average((f) => ratio(f.unsubscribed, f.emails_sent)),
    open_rate: openRate,
    proxy_excluded_open_rate: openRate,
    click_rate: average((f) => f.click_rate),
  };
}

/** `GET /reports/{campaign_id}`. */
export function reportView(account: SandboxAccount, campaign: Campaign, report: CampaignReportData) {
  const list = campaignList(account, campaign);
  const f = reportFigures(report);
  return {
    id: campaign.id,
    campaign_title: campaignTitle(campaign),
    type: campaign.type,
    list_id: campaign.recipients?.list_id ?? '',
    list_is_active: !!list,
    list_name: list?.name ?? '',
    subject_line: campaign.settings.subject_line ?? '',
    preview_text: campaign.settings.preview_text ?? '',
    emails_sent: f.emails_sent,
    abuse_reports: 0,
    unsubscribed: f.unsubscribed,
    ...optionalTime('send_time', campaign.send_time),
    bounces: { hard_bounces: f.hard_bounces, soft_bounces: f.soft_bounces, syntax_errors: 0 },
    forwards: { forwards_count: 0, forwards_opens: 0 },
    opens: {
      opens_total: f.opens_total,
      proxy_excluded_opens: f.opens_total,
      unique_opens: f.unique_opens,
      proxy_excluded_unique_opens: f.unique_opens,
      open_rate: f.open_rate,
      proxy_excluded_open_rate: f.open_rate,
      ...optionalTime('last_open', f.last_open),
    },
    clicks: {
      clicks_total: f.clicks_total,
      unique_clicks: f.unique_clicks,
      unique_subscriber_clicks: f.unique_subscriber_clicks,
      click_rate: f.click_rate,
      ...optionalTime('last_click', f.last_click),
    },
    facebook_likes: { recipient_likes: 0, unique_likes: 0, facebook_likes: 0 },
    list_stats: listStats(account, campaign.recipients?.list_id),
    timeseries: timeseries(campaign, report),
    ecommerce: { total_orders: 0, total_spent: 0, total_revenue: 0, currency_code: 'USD' },
    delivery_status: { enabled: false },
    _links: [],
  };
}

/** The `report_summary` a sent campaign carries. */
export function reportSummary(report: CampaignReportData) {
  const f = reportFigures(report);
  return {
    opens: f.opens_total,
    unique_opens: f.unique_opens,
    open_rate: f.open_rate,
    clicks: f.clicks_total,
    subscriber_clicks: f.unique_subscriber_clicks,
    click_rate: f.click_rate,
    ecommerce: { total_orders: 0, total_spent: 0, total_revenue: 0 },
  };
}
