import type { MailupClient } from '../mailup-client';
import { mailupDate } from '../recipients/recipient-mapping';
import type { MessageRef } from './message-ids';

/** `GET /Console/List/{idList}/Email/{idMessage}/SendHistory` items: one per sending. */
interface SendHistoryItem {
  idMessage: number;
  StartDate?: string | null;
  EndDate?: string | null;
  Recipients?: number;
}

/** When a message went out, each time (oldest first); none for a message never sent. */
export async function sendDates(client: MailupClient, ref: MessageRef): Promise<Date[]> {
  const sends = await client.consoleAll<SendHistoryItem>(
    `/Console/List/${ref.listId}/Email/${ref.messageId}/SendHistory`,
  );
  return sends
    .map((send) => mailupDate(send.StartDate) ?? mailupDate(send.EndDate))
    .filter((at): at is Date => !!at)
    .sort((a, b) => a.getTime() - b.getTime());
}
