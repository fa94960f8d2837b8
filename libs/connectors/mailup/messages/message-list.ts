import type { VendorCampaign } from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { campaignId, type MessageRef } from './message-ids';
import { messageFigures } from './message-figures';
import { sendDates } from './message-sends';

/** `GET /Console/List/{idList}/Emails` items. `ServiceType` 0 is a newsletter, 1 an SMTP+ message. */
interface MailupMessage {
  idMessage: number;
  idList: number;
  Subject?: string | null;
  Notes?: string | null;
  CreationDate?: string | null;
  ServiceType?: number;
}

/**
 * Every list's messages as campaigns: sent when their send history has a sending (`sentAt` is
 * the latest, so a message sent again counts as recent), with the report of the sent ones.
 * `sentSince` keeps messages sent since then.
 */
export async function listCampaigns(
  client: MailupClient,
  options: { sentSince?: Date },
): Promise<VendorCampaign[]> {
  const lists = await client.consoleAll<{ IdList: number }>('/Console/List');
  const campaigns: VendorCampaign[] = [];
  for (const list of lists) {
    const messages = await client.consoleAll<MailupMessage>(`/Console/List/${list.IdList}/Emails`);
    for (const message of messages) {
      const ref: MessageRef = { listId: list.IdList, messageId: message.idMessage };
      const sends = await sendDates(client, ref);
      const sentAt = sends[sends.length - 1];
      if (options.sentSince && (!sentAt || sentAt < options.sentSince)) continue;
      campaigns.push({
        id: campaignId(ref),
        name: message.Subject || message.Notes || `Message ${message.idMessage}`,
        ...(message.Subject ? { subject: message.Subject } : {}),
        listId: String(list.IdList),
        status: sentAt ? 'sent' : 'draft',
        ...(sentAt ? { sentAt, report: await messageFigures(client, ref) } : {}),
      });
    }
  }
  return campaigns;
}
