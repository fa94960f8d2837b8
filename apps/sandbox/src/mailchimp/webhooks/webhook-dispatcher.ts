import type { ListEvent, SandboxContext } from '../context';
import type { ListWebhook } from '../state';
import { webhookForm } from './webhook-payload';

export interface WebhookDeliveryOptions {
  /** The wait before each retry after a failed delivery; one retry per entry, then it is dropped. */
  retryDelaysMs: number[];
  /** How long a receiver may take to answer before the attempt counts as failed. */
  timeoutMs: number;
}

/** Mailchimp's schedule: a 10 s timeout, retries at increasing intervals over about 75 minutes. */
export const DEFAULT_WEBHOOK_DELIVERY: WebhookDeliveryOptions = {
  retryDelaysMs: [5, 10, 20, 40].map((minutes) => minutes * 60_000),
  timeoutMs: 10_000,
};

/** One event on its way to one webhook; the webhook is looked up again before every attempt. */
interface Delivery {
  accountId: string;
  listId: string;
  webhookId: string;
  url: string;
  body: string;
  attempt: number;
}

type Outcome = 'delivered' | 'gone' | 'failed';

/**
 * Delivers list events to the list's webhooks as Mailchimp does: a form-encoded POST per enabled
 * webhook whose `events` and `sources` both allow the event, retried on failure, and a webhook
 * whose receiver answers 410 Gone is disabled at once and receives nothing more.
 */
export class WebhookDispatcher {
  private options: WebhookDeliveryOptions;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly context: SandboxContext,
    options: Partial<WebhookDeliveryOptions> = {},
  ) {
    this.options = { ...DEFAULT_WEBHOOK_DELIVERY, ...options };
    context.onEvent((event) => this.dispatch(event));
  }

  /** Changes the retry schedule or timeout (tests use short ones); applies to later attempts. */
  configure(options: Partial<WebhookDeliveryOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** Resolves once every delivery under way, retries included, has finished or been dropped. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops delivering: scheduled retries are dropped. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending = 0;
    this.settle();
  }

  private dispatch(event: ListEvent): void {
    if (this.closed) return;
    const receivers = Object.values(event.list.webhooks).filter((webhook) => wants(webhook, event));
    // Most events (the API's own writes, with `sources.api` off) go nowhere: no form to build.
    if (receivers.length === 0) return;
    const body = webhookForm(event, new Date()).toString();
    for (const webhook of receivers) {
      this.pending++;
      void this.attempt({
        accountId: event.account.id,
        listId: event.list.id,
        webhookId: webhook.id,
        url: webhook.url,
        body,
        attempt: 0,
      });
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const webhook = this.webhookOf(delivery);
    if (this.closed || !webhook?.enabled) return this.finish();
    const outcome = await this.post(delivery);
    if (this.closed) return;
    if (outcome === 'gone') {
      webhook.enabled = false;
      this.context.changed();
    }
    const delay = this.options.retryDelaysMs[delivery.attempt];
    if (outcome !== 'failed' || delay === undefined) return this.finish();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt({ ...delivery, attempt: delivery.attempt + 1 });
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private async post(delivery: Delivery): Promise<Outcome> {
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'MailChimp.com' },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.body?.cancel();
      if (response.status === 410) return 'gone';
      return response.ok ? 'delivered' : 'failed';
    } catch {
      // Unreachable, reset or too slow: all count as a failed attempt.
      return 'failed';
    }
  }

  /** The webhook as it is now: it may have been deleted, disabled or moved to another URL. */
  private webhookOf(delivery: Delivery): ListWebhook | undefined {
    const webhook = this.context.state.account(delivery.accountId)?.lists[delivery.listId]?.webhooks[
      delivery.webhookId
    ];
    return webhook && webhook.url === delivery.url ? webhook : undefined;
  }

  private finish(): void {
    if (this.pending > 0) this.pending--;
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((resolve) => resolve());
  }
}

const wants = (webhook: ListWebhook, event: ListEvent) =>
  webhook.enabled && webhook.events[event.type] && webhook.sources[event.source];
