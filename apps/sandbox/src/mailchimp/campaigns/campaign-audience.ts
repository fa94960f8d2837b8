import { meetsConditions } from '../segments/segment-conditions';
import { findSegment, segmentMembers } from '../segments/segment.model';
import type { Audience, Member, Segment } from '../state';
import type { Campaign } from './campaign.model';

/**
 * Who a campaign goes to: the subscribed members of its audience, narrowed by `segment_opts`
 * (a saved segment or tag, and/or inline conditions). Unsubscribed, cleaned, pending,
 * transactional and archived contacts never receive a campaign.
 */

export const campaignSegment = (list: Audience, campaign: Campaign): Segment | undefined => {
  const id = campaign.recipients?.segment_opts?.saved_segment_id;
  return id === undefined ? undefined : findSegment(list, String(id));
};

export function campaignAudience(list: Audience | undefined, campaign: Campaign): Member[] {
  if (!list) return [];
  const opts = campaign.recipients?.segment_opts;
  const segment = campaignSegment(list, campaign);
  const inSegment = segment ? new Set(segmentMembers(list, segment).map((member) => member.id)) : undefined;
  const conditions = opts?.conditions?.length
    ? { match: opts.match ?? 'any', conditions: opts.conditions }
    : undefined;
  return Object.values(list.members)
    .filter(
      (member) =>
        member.status === 'subscribed' &&
        (!inSegment || inSegment.has(member.id)) &&
        (!conditions || meetsConditions(list, member, conditions)),
    )
    .sort((a, b) => a.email_address.localeCompare(b.email_address));
}

/** Mailchimp's description of the recipients, as the campaign shows it. */
export function segmentText(list: Audience | undefined, campaign: Campaign): string {
  if (!list) return '';
  const segment = campaignSegment(list, campaign);
  if (segment) return `Segment: ${segment.name}`;
  return campaign.recipients?.segment_opts?.conditions?.length ? 'Custom segment' : '';
}
