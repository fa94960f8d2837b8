import { ConnectorError, ConnectorErrorCode } from '@crm/connector-sdk';

/**
 * MailUp's ids are integers; anything else the framework hands over (a stale or forged id) is a
 * list, group or message MailUp cannot have, refused before it reaches a URL.
 */
function mailupId(id: string | number, what: 'list' | 'group' | 'message'): number {
  const value = typeof id === 'number' ? id : /^\d{1,12}$/.test(id.trim()) ? Number(id.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new ConnectorError(
      ConnectorErrorCode.NOT_FOUND,
      `MailUp has no ${what} ${String(id).slice(0, 40)}`,
    );
  return value;
}

export const listPath = (listId: string | number) => `/Console/List/${mailupId(listId, 'list')}`;
export const groupPath = (groupId: string | number) => `/Console/Group/${mailupId(groupId, 'group')}`;
export const messagePath = (messageId: string | number) => `/Message/${mailupId(messageId, 'message')}`;
