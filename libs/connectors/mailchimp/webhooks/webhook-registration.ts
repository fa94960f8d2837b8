import { ConnectorError, ConnectorErrorCode } from '@crm/connector-sdk';
import type { MailchimpSession } from '../mailchimp-client';
import { WEBHOOK_EVENTS, WEBHOOK_SOURCES } from './webhook-events';

interface ListWebhook {
  id: string;
  url: string;
}

/**
 * The audience's webhook to our URL, with the API source off so our own writes never come back
 * as changes. Registering again finds the existing one (Mailchimp checks the URL with a GET).
 */
export async function registerWebhook(
  session: MailchimpSession,
  listId: string,
  url: string,
): Promise<{ webhookId: string }> {
  const existing = await session.call<{ webhooks: ListWebhook[] }>((api) =>
    api.lists.getListWebhooks(listId as never),
  );
  const same = existing.webhooks.find((webhook) => webhook.url === url);
  if (same) return { webhookId: same.id };
  const created = await session.call<ListWebhook>((api) =>
    api.lists.createListWebhook(
      listId as never,
      { url, events: WEBHOOK_EVENTS, sources: WEBHOOK_SOURCES } as never,
    ),
  );
  return { webhookId: created.id };
}

/** Removes it; one already gone is removed. */
export async function removeWebhook(
  session: MailchimpSession,
  listId: string,
  webhookId: string,
): Promise<void> {
  try {
    await session.call((api) => api.lists.deleteListWebhook(listId as never, webhookId as never));
  } catch (error) {
    if (!(error instanceof ConnectorError && error.code === ConnectorErrorCode.NOT_FOUND)) throw error;
  }
}
