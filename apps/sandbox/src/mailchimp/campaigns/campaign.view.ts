import type { SandboxAccount } from '../state';
import { campaignAudience, segmentText } from './campaign-audience';
import { optionalTime, reportSummary } from './campaign-report';
import { Campaign, campaignList } from './campaign.model';

/** A campaign in the shape of `GET /campaigns/{campaign_id}`. */
export function campaignView(account: SandboxAccount, campaign: Campaign) {
  const list = campaignList(account, campaign);
  const emailsSent = campaign.report?.recipients.length ?? 0;
  const { recipients } = campaign;
  return {
    id: campaign.id,
    web_id: campaign.web_id,
    type: campaign.type,
    create_time: campaign.create_time,
    archive_url: `http://eepurl.com/${campaign.id}`,
    long_archive_url: `https://${account.dc}.campaign-archive.com/?u=${account.id}&id=${campaign.id}`,
    status: campaign.status,
    emails_sent: emailsSent,
    ...optionalTime('send_time', campaign.send_time),
    content_type: campaign.content_type,
    needs_block_refresh: false,
    resendable: false,
    recipients: {
      list_id: recipients?.list_id ?? '',
      list_is_active: !!list,
      list_name: list?.name ?? '',
      segment_text: segmentText(list, campaign),
      recipient_count: campaign.report ? emailsSent : campaignAudience(list, campaign).length,
      ...(recipients?.segment_opts ? { segment_opts: recipients.segment_opts } : {}),
    },
    settings: {
      subject_line: '',
      preview_text: '',
      title: '',
      from_name: '',
      reply_to: '',
      use_conversation: false,
      to_name: '',
      folder_id: '',
      authenticate: true,
      auto_footer: false,
      inline_css: false,
      auto_tweet: false,
      fb_comments: true,
      timewarp: false,
      template_id: 0,
      drag_and_drop: false,
      ...campaign.settings,
    },
    tracking: campaign.tracking,
    ...(campaign.report ? { report_summary: reportSummary(campaign.report) } : {}),
    delivery_status: { enabled: false },
    _links: [],
  };
}
