import type { MemberWriteResult } from '@crm/connector-sdk';
import { ensureConnectorGroups } from '../groups/list-groups';
import type { MailupClient } from '../mailup-client';
import { moveToExcluded } from './excluded-moves';
import { optinsByEmail } from './recipient-lookup';
import { normalEmail } from './recipient-mapping';

/**
 * Takes members off the list the MailUp way (seed 004): moved to the list's `esclusi` group,
 * subscription kept; a later write moves them back. An address the list lacks is already off it.
 */
export async function removeMembers(
  client: MailupClient,
  listId: string,
  emails: string[],
): Promise<MemberWriteResult[]> {
  if (emails.length === 0) return [];
  const groups = await ensureConnectorGroups(client, listId);
  const optins = await optinsByEmail(client, listId, emails);
  await moveToExcluded(
    client,
    groups,
    [...optins.values()].map((optin) => ({
      email: normalEmail(optin.Email),
      idRecipient: optin.idRecipient,
    })),
  );
  return emails.map((email) => {
    const optin = optins.get(normalEmail(email));
    return {
      email,
      ok: true,
      status: 'archived',
      ...(optin
        ? {
            vendorId: String(optin.idRecipient),
            response: { idRecipient: optin.idRecipient, group: groups.excluded.Name },
          }
        : {}),
    };
  });
}
