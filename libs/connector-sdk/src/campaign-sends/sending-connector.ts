import { ValidationFailedError } from '@crm/platform';
import {
  CampaignSendingCapability,
  Connector,
  hasCapability,
  MembersCapability,
  SegmentsCapability,
} from '../contract/connector';
import type { CampaignState, VendorCampaignDraft } from '../contract/vendor-records';

/** What a send needs of a connector: campaigns to copy and send, members to read, segments to build. */
export type SendingConnector = Connector & CampaignSendingCapability & MembersCapability & SegmentsCapability;

/** The connector as a sending one, or a 400 (on `installationId`) saying it cannot send campaigns. */
export function requireSendingConnector(connector: Connector): SendingConnector {
  if (
    hasCapability(connector, 'campaignSending') &&
    hasCapability(connector, 'members') &&
    hasCapability(connector, 'segments')
  )
    return connector as SendingConnector;
  throw ValidationFailedError.field(
    'installationId',
    `${connector.manifest.name} cannot send campaigns to a selection of members`,
  );
}

const NOT_DRAFT: Record<Exclude<CampaignState, 'DRAFT'>, string> = {
  SCHEDULED: 'it is already scheduled',
  SENDING: 'it is being sent',
  SENT: 'it was already sent',
  OTHER: 'it is not a draft',
};

/**
 * The campaign, when it can still be sent: a draft with an audience. Otherwise a 400 on
 * `campaignId` that says why (unknown, already sent, scheduled, no audience).
 */
export function requireSendableCampaign(
  campaign: VendorCampaignDraft | null,
  campaignId: string,
): VendorCampaignDraft & { listId: string } {
  if (!campaign) throw ValidationFailedError.field('campaignId', `no campaign ${campaignId} in the account`);
  if (campaign.state !== 'DRAFT')
    throw ValidationFailedError.field('campaignId', `cannot be sent: ${NOT_DRAFT[campaign.state]}`);
  if (!campaign.listId) throw ValidationFailedError.field('campaignId', 'cannot be sent: it has no audience');
  return campaign as VendorCampaignDraft & { listId: string };
}
