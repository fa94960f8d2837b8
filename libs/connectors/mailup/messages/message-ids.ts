import { ConnectorError, ConnectorErrorCode } from '@crm/connector-sdk';

/**
 * A campaign is a MailUp message, which belongs to one list: its id here carries both
 * (`<idList>:<idMessage>`), since send dates are read through the list and statistics through the
 * message alone.
 */
export interface MessageRef {
  listId: number;
  messageId: number;
}

export const campaignId = (ref: MessageRef) => `${ref.listId}:${ref.messageId}`;

export function messageRef(campaign: string): MessageRef {
  const match = /^(\d{1,12}):(\d{1,12})$/.exec(campaign.trim());
  if (!match)
    throw new ConnectorError(ConnectorErrorCode.NOT_FOUND, `MailUp has no message ${campaign.slice(0, 40)}`);
  return { listId: Number(match[1]), messageId: Number(match[2]) };
}
