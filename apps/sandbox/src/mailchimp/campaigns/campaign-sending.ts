import type { SandboxContext } from '../context';
import { now, SandboxAccount } from '../state';
import { campaignAudience } from './campaign-audience';
import { trackedLinks } from './campaign-content';
import { isReady } from './campaign-readiness';
import { Campaign, campaignList, campaignsOf, campaignTitle } from './campaign.model';

/**
 * Sending: the campaign goes to its audience's subscribed members at once (no `sending`
 * phase), each recipient gets a `sent` row in the report and in their member activity, and the
 * list announces a `campaign` event. What recipients do afterwards is simulated separately
 * (control API `deliver`).
 */
export function sendCampaign(
  context: SandboxContext,
  account: SandboxAccount,
  campaign: Campaign,
  at = now(),
): void {
  const list = campaignList(account, campaign);
  if (!list) return;
  const members = campaignAudience(list, campaign);
  campaign.status = 'sent';
  campaign.send_time = at;
  campaign.report = {
    links: trackedLinks(campaign),
    recipients: members.map((member) => ({
      email_id: member.id,
      email_address: member.email_address,
      status: 'sent',
      activity: [],
    })),
    waves: [],
  };
  const title = campaignTitle(campaign);
  for (const member of members)
    member.activity.push({
      action: 'sent',
      timestamp: at,
      type: campaign.type,
      campaign_id: campaign.id,
      title,
    });
  context.emit({
    type: 'campaign',
    source: 'api',
    account,
    list,
    data: {
      id: campaign.id,
      subject: campaign.settings.subject_line ?? '',
      status: 'sent',
      reason: '',
      list_id: list.id,
    },
  });
}

/**
 * Scheduled campaigns whose time has come are sent (at their scheduled time). Checked whenever
 * campaigns or reports are looked at, which is when the difference could be seen. One that is
 * no longer ready (its audience emptied meanwhile) falls back to a draft.
 */
export function sendDueCampaigns(context: SandboxContext, account: SandboxAccount): void {
  const due = Object.values(campaignsOf(account)).filter(
    (campaign) =>
      campaign.status === 'schedule' && campaign.send_time && Date.parse(campaign.send_time) <= Date.now(),
  );
  for (const campaign of due) {
    if (isReady(account, campaign)) sendCampaign(context, account, campaign, campaign.send_time);
    else {
      campaign.status = 'save';
      delete campaign.send_time;
    }
  }
  if (due.length) context.changed();
}
