import type { RecordModule } from '@crm/connector-sdk';
import { addToGroup, removeFromGroup } from '../groups/group-memberships';
import type { ConnectorGroups } from '../groups/list-groups';
import type { MailupClient } from '../mailup-client';

/**
 * Out of the list's CRM groups and into `esclusi`: the recipient gets no more of the messages
 * sent to the CRM's groups, keeps its subscription, and the CRM can bring it back. Nothing is
 * unsubscribed or deleted.
 */
export async function moveToExcluded(
  client: MailupClient,
  groups: ConnectorGroups,
  recipients: Array<{ email: string; idRecipient: number }>,
): Promise<void> {
  if (recipients.length === 0) return;
  const ids = recipients.map((recipient) => recipient.idRecipient);
  for (const module of Object.keys(groups.entity) as RecordModule[])
    await removeFromGroup(client, groups.entity[module].idGroup, ids);
  await addToGroup(
    client,
    groups.excluded.idGroup,
    recipients.map((recipient) => recipient.email),
  );
}

/** Back from `esclusi` (the write that brings them back has put them in their CRM group). */
export function leaveExcluded(client: MailupClient, groups: ConnectorGroups, ids: number[]): Promise<void> {
  return removeFromGroup(client, groups.excluded.idGroup, ids);
}
