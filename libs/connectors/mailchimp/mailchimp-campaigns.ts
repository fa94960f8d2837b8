import type {
  VendorCampaign,
  VendorCampaignActivity,
  VendorLink,
  VendorUnsubscribe,
} from '@crm/connector-sdk';
import type { MailchimpSession } from './mailchimp-client';
import { PAGE_MAX, readAll } from './mailchimp-catalog';

export interface MailchimpCampaign {
  id: string;
  status: string;
  send_time?: string;
  settings?: { title?: string; subject_line?: string; from_name?: string; reply_to?: string };
  recipients?: { list_id?: string; list_name?: string };
}

interface MailchimpReport {
  id: string;
  emails_sent?: number;
  opens?: { opens_total?: number; unique_opens?: number };
  clicks?: { clicks_total?: number; unique_subscriber_clicks?: number };
  bounces?: { hard_bounces?: number; soft_bounces?: number; syntax_errors?: number };
  unsubscribed?: number;
}

const EVENT_TYPES: Record<string, VendorCampaignActivity['events'][number]['type']> = {
  open: 'open',
  click: 'click',
  bounce: 'bounce',
};

function figures(report: MailchimpReport): NonNullable<VendorCampaign['report']> {
  const bounces = report.bounces ?? {};
  return {
    recipients: report.emails_sent ?? 0,
    opens: report.opens?.opens_total ?? 0,
    uniqueOpens: report.opens?.unique_opens ?? 0,
    clicks: report.clicks?.clicks_total ?? 0,
    uniqueClicks: report.clicks?.unique_subscriber_clicks ?? 0,
    bounces: (bounces.hard_bounces ?? 0) + (bounces.soft_bounces ?? 0) + (bounces.syntax_errors ?? 0),
    unsubscribes: report.unsubscribed ?? 0,
  };
}

/** Campaigns (sent since a date, or all) with the report figures of the sent ones. */
export async function listCampaigns(
  session: MailchimpSession,
  options: { sentSince?: Date },
): Promise<VendorCampaign[]> {
  const since = options.sentSince ? { since_send_time: options.sentSince.toISOString() } : {};
  const [campaigns, reports] = await Promise.all([
    readAll(async (offset) => {
      const page = await session.call<{ campaigns: MailchimpCampaign[]; total_items: number }>((api) =>
        api.campaigns.list({ count: PAGE_MAX, offset, ...since } as never),
      );
      return { items: page.campaigns, total: page.total_items };
    }),
    readAll(async (offset) => {
      const page = await session.call<{ reports: MailchimpReport[]; total_items: number }>((api) =>
        api.reports.getAllCampaignReports({ count: PAGE_MAX, offset, ...since } as never),
      );
      return { items: page.reports, total: page.total_items };
    }),
  ]);
  const reportById = new Map(reports.map((report) => [report.id, report]));
  return campaigns.map((campaign) => {
    const report = reportById.get(campaign.id);
    return {
      id: campaign.id,
      name: campaign.settings?.title || campaign.settings?.subject_line || campaign.id,
      subject: campaign.settings?.subject_line,
      listId: campaign.recipients?.list_id,
      status: campaign.status,
      sentAt: campaign.send_time ? new Date(campaign.send_time) : undefined,
      ...(report ? { report: figures(report) } : {}),
    };
  });
}

/**
 * One page of a campaign's recipients with what each did. Every recipient was sent the campaign
 * at its send time, which the first page reads and the cursor carries (`offset|sendTime`).
 */
export async function readCampaignActivity(
  session: MailchimpSession,
  campaignId: string,
  options: { cursor?: string; pageSize: number },
): Promise<{ activity: VendorCampaignActivity[]; nextCursor?: string }> {
  const [offsetText, sendTimeText] = (options.cursor ?? '').split('|');
  const offset = Number(offsetText) || 0;
  const sendTime =
    sendTimeText ??
    (
      await session.call<MailchimpCampaign>((api) =>
        api.campaigns.get(campaignId as never, { fields: ['send_time'] } as never),
      )
    ).send_time ??
    '';
  const count = Math.min(PAGE_MAX, options.pageSize);
  const page = await session.call<{
    emails: Array<{
      email_address: string;
      activity?: Array<{ action: string; timestamp: string; url?: string }>;
    }>;
    total_items: number;
  }>((api) => api.reports.getEmailActivityForCampaign(campaignId as never, { count, offset } as never));
  const activity = page.emails.map((recipient) => ({
    email: recipient.email_address.toLowerCase(),
    events: [
      ...(sendTime ? [{ type: 'sent' as const, at: new Date(sendTime) }] : []),
      ...(recipient.activity ?? [])
        .filter((event) => EVENT_TYPES[event.action])
        .map((event) => ({
          type: EVENT_TYPES[event.action],
          at: new Date(event.timestamp),
          ...(event.url ? { url: event.url } : {}),
        })),
    ],
  }));
  const next = offset + page.emails.length;
  return {
    activity,
    ...(page.emails.length === count && next < page.total_items ? { nextCursor: `${next}|${sendTime}` } : {}),
  };
}

/** Who unsubscribed through the campaign (email-activity lists opens, clicks and bounces only). */
export async function readCampaignUnsubscribes(
  session: MailchimpSession,
  campaignId: string,
): Promise<VendorUnsubscribe[]> {
  const unsubscribes = await readAll(async (offset) => {
    const page = await session.call<{
      unsubscribes: Array<{ email_address: string; timestamp: string }>;
      total_items: number;
    }>((api) =>
      api.reports.getUnsubscribedListForCampaign(campaignId as never, { count: PAGE_MAX, offset } as never),
    );
    return { items: page.unsubscribes, total: page.total_items };
  });
  return unsubscribes.map((unsubscribe) => ({
    email: unsubscribe.email_address.toLowerCase(),
    at: new Date(unsubscribe.timestamp),
  }));
}

/** The campaign's tracked links with their clicks (the report's click performance). */
export async function listLinks(session: MailchimpSession, campaignId: string): Promise<VendorLink[]> {
  const links = await readAll(async (offset) => {
    const page = await session.call<{
      urls_clicked: Array<{ id: string; url: string; total_clicks: number; unique_clicks: number }>;
      total_items: number;
    }>((api) =>
      api.reports.getCampaignClickDetails(campaignId as never, { count: PAGE_MAX, offset } as never),
    );
    return { items: page.urls_clicked, total: page.total_items };
  });
  return links.map((link) => ({
    id: link.id,
    url: link.url,
    clicks: link.total_clicks,
    uniqueClicks: link.unique_clicks,
  }));
}

export async function listClickers(
  session: MailchimpSession,
  campaignId: string,
  linkId: string,
): Promise<Array<{ email: string; clicks: number }>> {
  const members = await readAll(async (offset) => {
    const page = await session.call<{
      members: Array<{ email_address: string; clicks: number }>;
      total_items: number;
    }>((api) =>
      api.reports.getSubscribersInfo(
        campaignId as never,
        linkId as never,
        { count: PAGE_MAX, offset } as never,
      ),
    );
    return { items: page.members, total: page.total_items };
  });
  return members.map((member) => ({ email: member.email_address.toLowerCase(), clicks: member.clicks }));
}
