import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import type { RequestBudget } from '../contract/connector';
import type { VendorLimits } from '../contract/manifest';

/**
 * One vendor account's request budget, shared by every job of that account: at most
 * `maxConcurrent` calls in flight (Mailchimp: 10 connections) and at most `requestsPerSecond`
 * per second (MailUp: 5). The vendor counts calls as they arrive, somewhere between our start and
 * our finish, so a call is counted from its start until a second after it finished: then no
 * one-second window of arrivals can hold more than the rate, whatever the network's jitter
 * (counting starts alone lets a slow call and the next second's first ones land together). When the vendor says "slow down" (RATE_LIMITED with
 * retryAfterMs) every caller of the account pauses, not just the one that was refused, and the
 * call is retried; a temporary failure (5xx, dropped connection) is retried by its caller alone,
 * with backoff. Calls must therefore be safe to repeat, as connectors' writes are (upserts). Subclasses keep the slots, start times and pause: in this process
 * (AccountBudget) or in Redis for all worker processes (RedisAccountBudget).
 */
export abstract class BudgetGate implements RequestBudget {
  constructor(
    private readonly maxRateLimitRetries = 8,
    /** A vendor that is briefly down or drops a connection: the call is tried again a few times. */
    private readonly maxTemporaryRetries = 3,
  ) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    let temporaryFailures = 0;
    for (let attempt = 0; ; attempt++) {
      const slot = await this.acquire();
      let wait: number;
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        if (error.code === ConnectorErrorCode.RATE_LIMITED && attempt < this.maxRateLimitRetries) {
          await this.pause(error.details.retryAfterMs ?? Math.min(30_000, 250 * 2 ** attempt));
          continue;
        }
        if (error.code !== ConnectorErrorCode.TEMPORARY || temporaryFailures >= this.maxTemporaryRetries)
          throw error;
        // Only this caller waits: one failed call says nothing about the account's other calls.
        wait = 250 * 2 ** temporaryFailures++;
      } finally {
        await this.release(slot);
      }
      await sleep(wait);
    }
  }

  /** Waits for a free slot and a start within the rate; resolves with the slot's handle. */
  protected abstract acquire(): Promise<string>;
  protected abstract release(slot: string): Promise<void>;
  /** Holds every caller of the account back for `ms`. */
  protected abstract pause(ms: number): Promise<void>;
}

/** The budget of an account whose jobs all run in this process (the embedded, in-process mode). */
export class AccountBudget extends BudgetGate {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  /** Calls counted against the rate: those running, and when the others finished (last second). */
  private ratedRunning = 0;
  private readonly finishTimes: number[] = [];
  private pausedUntil = 0;

  constructor(
    private readonly limits: VendorLimits['budget'],
    maxRateLimitRetries?: number,
    maxTemporaryRetries?: number,
  ) {
    super(maxRateLimitRetries, maxTemporaryRetries);
  }

  /** Calls in flight now (for tests and the dashboard). */
  get active(): number {
    return this.inFlight;
  }

  protected async acquire(): Promise<string> {
    const max = this.limits.maxConcurrent ?? Number.POSITIVE_INFINITY;
    while (this.inFlight >= max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    await this.pace();
    return '';
  }

  protected async release(): Promise<void> {
    this.inFlight--;
    if (this.limits.requestsPerSecond) {
      this.ratedRunning--;
      this.finishTimes.push(Date.now());
    }
    this.waiting.shift()?.();
  }

  protected async pause(ms: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /** Waits out a vendor pause and keeps calls within the per-second rate. */
  private async pace(): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (this.pausedUntil > now) {
        await sleep(this.pausedUntil - now);
        continue;
      }
      const rate = this.limits.requestsPerSecond;
      if (!rate) return;
      while (this.finishTimes.length && this.finishTimes[0] <= now - 1000) this.finishTimes.shift();
      if (this.ratedRunning + this.finishTimes.length < rate) {
        this.ratedRunning++;
        return;
      }
      // Every slot is a running call: look again shortly, one of them will finish.
      await sleep(this.finishTimes.length ? this.finishTimes[0] + 1000 - now : 10);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));

/** Hands out the budget of a connector's vendor account. */
export interface RequestBudgets {
  for(connectorKey: string, accountId: string, limits: VendorLimits['budget']): BudgetGate;
  close(): Promise<void>;
}

/** The budgets of this process, one per connector key and vendor account. */
export class LocalRequestBudgets implements RequestBudgets {
  private readonly budgets = new Map<string, AccountBudget>();

  for(connectorKey: string, accountId: string, limits: VendorLimits['budget']): AccountBudget {
    const key = `${connectorKey}:${accountId}`;
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = new AccountBudget(limits);
      this.budgets.set(key, budget);
    }
    return budget;
  }

  async close(): Promise<void> {}
}
