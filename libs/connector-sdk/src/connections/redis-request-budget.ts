import { randomUUID } from 'node:crypto';
import IORedis, { Redis } from 'ioredis';
import type { VendorLimits } from '../contract/manifest';
import { BudgetGate, RequestBudgets, sleep } from './request-budget';

/**
 * Takes a slot when one is free and the rate allows it, atomically for every process.
 * KEYS: slots (sorted set, member = slot id, score = lease expiry), rated (sorted set of the calls
 * counted against the rate: running ones scored with their lease expiry, finished ones with their
 * finish time, kept for a second), pause (a key whose TTL is the vendor's pause).
 * ARGV: maxConcurrent (0 = no cap), requestsPerSecond (0 = no cap), slot id, lease ms, poll ms.
 * Returns 0 when the slot was taken, otherwise how many ms to wait before asking again.
 * Redis' own clock (TIME) keeps every process on one time line.
 */
const TRY_ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[3])
if paused > 0 then return paused end
local max = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
if max > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  if redis.call('ZCARD', KEYS[1]) >= max then return tonumber(ARGV[5]) end
end
if rate > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 1000)
  if redis.call('ZCARD', KEYS[2]) >= rate then
    local oldest = tonumber(redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')[2])
    if oldest > now then return tonumber(ARGV[5]) end
    return math.max(1, oldest + 1000 - now)
  end
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) + 1000)
end
if max > 0 then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
end
return 0
`;

/** A call ended: its slot is free, and it counts against the rate for one more second. */
const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  local t = redis.call('TIME')
  redis.call('ZADD', KEYS[2], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
end
return 1
`;

/** Extends the pause to `ms` from now unless a longer one is already in force. */
const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', tonumber(ARGV[1]))
end
return 1
`;

type BudgetRedis = Redis & {
  budgetTryAcquire(
    slots: string,
    rated: string,
    pause: string,
    max: number,
    rate: number,
    slot: string,
    leaseMs: number,
    pollMs: number,
  ): Promise<number>;
  budgetPause(pause: string, ms: number): Promise<number>;
  budgetRelease(slots: string, rated: string, slot: string): Promise<number>;
};

export interface RedisBudgetOptions {
  /**
   * How long a slot is held if its process dies mid-call. Longer than any single vendor call
   * (a 500-member batch), short enough that a crashed worker does not starve the account.
   */
  leaseMs?: number;
  /** How often a caller waiting for a busy account asks again. */
  pollMs?: number;
}

/**
 * An account's budget kept in Redis, so every worker process (BullMQ mode) shares one: ten
 * workers on one Mailchimp account still hold at most its ten connections between them, and a
 * 429 seen by one pauses them all.
 */
export class RedisAccountBudget extends BudgetGate {
  private readonly keys: [string, string, string];

  constructor(
    private readonly redis: BudgetRedis,
    keyPrefix: string,
    private readonly limits: VendorLimits['budget'],
    private readonly options: Required<RedisBudgetOptions>,
  ) {
    super();
    this.keys = [`${keyPrefix}:slots`, `${keyPrefix}:rated`, `${keyPrefix}:pause`];
  }

  protected async acquire(): Promise<string> {
    const slot = randomUUID();
    for (;;) {
      const waitMs = await this.redis.budgetTryAcquire(
        ...this.keys,
        this.limits.maxConcurrent ?? 0,
        this.limits.requestsPerSecond ?? 0,
        slot,
        this.options.leaseMs,
        this.options.pollMs,
      );
      if (waitMs === 0) return slot;
      await sleep(waitMs);
    }
  }

  protected async release(slot: string): Promise<void> {
    await this.redis.budgetRelease(this.keys[0], this.keys[1], slot);
  }

  protected async pause(ms: number): Promise<void> {
    await this.redis.budgetPause(this.keys[2], Math.max(1, Math.round(ms)));
  }
}

/** Budgets shared through Redis by every process of the deployment; one connection per process. */
export class RedisRequestBudgets implements RequestBudgets {
  private readonly redis: BudgetRedis;
  private readonly options: Required<RedisBudgetOptions>;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    options: RedisBudgetOptions = {},
  ) {
    this.options = { leaseMs: options.leaseMs ?? 120_000, pollMs: options.pollMs ?? 20 };
    const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 3 });
    redis.defineCommand('budgetTryAcquire', { numberOfKeys: 3, lua: TRY_ACQUIRE });
    redis.defineCommand('budgetPause', { numberOfKeys: 1, lua: PAUSE });
    redis.defineCommand('budgetRelease', { numberOfKeys: 2, lua: RELEASE });
    this.redis = redis as BudgetRedis;
  }

  for(connectorKey: string, accountId: string, limits: VendorLimits['budget']): RedisAccountBudget {
    // The budget is cheap to build: all of its state lives in Redis.
    return new RedisAccountBudget(
      this.redis,
      `${this.prefix}:budget:${connectorKey}:${accountId}`,
      limits,
      this.options,
    );
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
