import { CampaignState, ConnectorErrorCode, isConnectorError, VendorCampaignDraft } from '@crm/connector-sdk';
import type { MailchimpSession } from '../mailchimp-client';
import { PAGE_MAX, readAll } from '../mailchimp-catalog';
import type { MailchimpCampaign } from '../mailchimp-campaigns';

/** Mailchimp's campaign statuses in the framework's terms; only a saved draft can be sent. */
const STATES: Record<string, CampaignState> = {
  save: 'DRAFT',
  schedule: 'SCHEDULED',
  sending: 'SENDING',
  sent: 'SENT',
};

const CAMPAIGN_FIELDS = [
  'id',
  'status',
  'send_time',
  'settings.title',
  'settings.subject_line',
  'settings.from_name',
  'settings.reply_to',
  'recipients.list_id',
  'recipients.list_name',
];

function toDraft(campaign: MailchimpCampaign): VendorCampaignDraft {
  const listId = campaign.recipients?.list_id || undefined;
  return {
    id: campaign.id,
    name: campaign.settings?.title || campaign.settings?.subject_line || campaign.id,
    ...(campaign.settings?.subject_line ? { subject: campaign.settings.subject_line } : {}),
    ...(listId ? { listId, listName: campaign.recipients?.list_name } : {}),
    state: STATES[campaign.status] ?? 'OTHER',
    status: campaign.status,
    ...(campaign.send_time ? { sendAt: new Date(campaign.send_time) } : {}),
  };
}

/** Saved drafts with an audience, oldest first. */
export async function listSendableCampaigns(session: MailchimpSession): Promise<VendorCampaignDraft[]> {
  const campaigns = await readAll(async (offset) => {
    const page = await session.call<{ campaigns: MailchimpCampaign[]; total_items: number }>((api) =>
      api.campaigns.list({
        status: 'save',
        count: PAGE_MAX,
        offset,
        fields: [...CAMPAIGN_FIELDS.map((field) => `campaigns.${field}`), 'total_items'],
      } as never),
    );
    return { items: page.campaigns, total: page.total_items };
  });
  return campaigns.map(toDraft).filter((campaign) => campaign.listId);
}

export async function getCampaign(
  session: MailchimpSession,
  campaignId: string,
): Promise<VendorCampaignDraft | null> {
  try {
    const campaign = await session.call<MailchimpCampaign>((api) =>
      api.campaigns.get(campaignId as never, { fields: CAMPAIGN_FIELDS } as never),
    );
    return toDraft(campaign);
  } catch (error) {
    if (isConnectorError(error) && error.code === ConnectorErrorCode.NOT_FOUND) return null;
    throw error;
  }
}

/**
 * Replicates the campaign (content, settings, tracking) and points the copy at one static segment
 * of its audience. The settings Mailchimp's schema requires on an update travel with the new title.
 */
export async function replicateToSegment(
  session: MailchimpSession,
  campaignId: string,
  segmentId: string,
  title: string,
): Promise<VendorCampaignDraft> {
  const copy = await session.call<MailchimpCampaign>((api) => api.campaigns.replicate(campaignId as never));
  const { subject_line, from_name, reply_to } = copy.settings ?? {};
  const updated = await session.call<MailchimpCampaign>((api) =>
    api.campaigns.update(
      copy.id as never,
      {
        settings: { subject_line, from_name, reply_to, title },
        recipients: {
          list_id: copy.recipients?.list_id,
          segment_opts: { saved_segment_id: Number(segmentId) },
        },
      } as never,
    ),
  );
  return toDraft(updated);
}

export async function sendCampaign(session: MailchimpSession, campaignId: string): Promise<void> {
  await session.call((api) => api.campaigns.send(campaignId as never));
}

/** Mailchimp takes the time as ISO 8601 in UTC; it must be on a quarter hour, in the future. */
export async function scheduleCampaign(
  session: MailchimpSession,
  campaignId: string,
  at: Date,
): Promise<void> {
  const scheduleTime = at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  await session.call((api) =>
    api.campaigns.schedule(campaignId as never, { schedule_time: scheduleTime } as never),
  );
}
