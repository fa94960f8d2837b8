import { ConnectorError, ConnectorErrorCode } from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { groupPath } from '../mailup-paths';
import { membersOfGroup } from '../recipients/recipient-lookup';
import { importIntoGroup } from '../recipients/recipient-imports';

/**
 * Adds recipients to a group with one import of their addresses alone (no fields, so none is
 * changed). An import never changes the list subscription of a recipient the list has.
 */
export async function addToGroup(client: MailupClient, groupId: number, emails: string[]): Promise<void> {
  if (emails.length === 0) return;
  await importIntoGroup(
    client,
    groupId,
    emails.map((Email) => ({ Email, Fields: [] })),
  );
}

/**
 * Takes recipients out of a group — out of the group only: their subscription to the list stays.
 * MailUp has no bulk call for chosen recipients, so one call for each that is in it.
 */
export async function removeFromGroup(client: MailupClient, groupId: number, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const members = await membersOfGroup(client, groupId, ids);
  await Promise.all(
    [...members].map(async (id) => {
      try {
        await client.console(`${groupPath(groupId)}/Unsubscribe/${id}`, { method: 'DELETE' });
      } catch (error) {
        // Gone from the group (or from MailUp) since it was read: what was wanted.
        if (!(error instanceof ConnectorError) || error.code !== ConnectorErrorCode.NOT_FOUND) throw error;
      }
    }),
  );
}
