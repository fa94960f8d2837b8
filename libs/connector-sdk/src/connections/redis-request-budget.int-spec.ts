import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '@crm/platform';
import { REDIS_URL } from '../../../../test/support/databases';
import { describeWithRedis } from '../../../../test/support/service-gates';
import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import { requestBudgetsProvider } from './connection-context.factory';
import { RedisRequestBudgets } from './redis-request-budget';
import { LocalRequestBudgets } from './request-budget';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithRedis('Request budgets shared through Redis', () => {
  const prefix = `crm-test-${randomBytes(4).toString('hex')}`;
  // Two instances with their own connections: two worker processes, as far as Redis can tell.
  const processes: RedisRequestBudgets[] = [];
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let account = 0;

  function twoProcesses(limits: { maxConcurrent?: number; requestsPerSecond?: number }, leaseMs?: number) {
    const accountId = `account-${++account}`;
    return [0, 1].map(() => {
      const budgets = new RedisRequestBudgets(REDIS_URL, prefix, { leaseMs });
      processes.push(budgets);
      return budgets.for('fake', accountId, limits);
    });
  }

  afterAll(async () => {
    await Promise.all(processes.map((budgets) => budgets.close()));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('is chosen in BullMQ mode, and the in-process one otherwise', async () => {
    const factory = (requestBudgetsProvider as { useFactory: (config: Partial<AppConfig>) => unknown })
      .useFactory;
    const shared = factory({ queue: { kind: 'bullmq', redisUrl: REDIS_URL, prefix } }) as RedisRequestBudgets;
    expect(shared).toBeInstanceOf(RedisRequestBudgets);
    await shared.close();
    expect(factory({ queue: { kind: 'in-process' } })).toBeInstanceOf(LocalRequestBudgets);
  });

  it('never has more calls in flight across processes than the account allows', async () => {
    const [a, b] = twoProcesses({ maxConcurrent: 3 });
    let active = 0;
    let peak = 0;
    const call = async () => {
      peak = Math.max(peak, ++active);
      await sleep(15);
      active--;
    };
    await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).run(call)));
    expect(peak).toBe(3);
    expect(await redis.zcard(`${prefix}:budget:fake:account-${account}:slots`)).toBe(0);
  });

  it('starts at most N calls per second across processes', async () => {
    const [a, b] = twoProcesses({ requestsPerSecond: 5 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).run(async () => void starts.push(Date.now()))),
    );
    starts.sort((x, y) => x - y);
    // The sixth start had to wait for the first to leave the one-second window (a few ms of
    // slack: these are this process' clock readings of Redis' decisions).
    expect(starts[5] - starts[0]).toBeGreaterThanOrEqual(950);
  });

  it('counts a call against the rate until a second after it finished, across processes', async () => {
    const [a, b] = twoProcesses({ requestsPerSecond: 2 });
    const spans: Array<{ start: number; end: number }> = [];
    const call = async () => {
      const start = Date.now();
      await sleep(300);
      spans.push({ start, end: Date.now() });
    };
    await Promise.all([a.run(call), b.run(call), a.run(call)]);
    const [first, second, third] = [...spans].sort((x, y) => x.start - y.start);
    // Both slow calls count until a second after they finished (a few ms of slack: these are this
    // process' clock readings of Redis' decisions).
    expect(third.start - Math.min(first.end, second.end)).toBeGreaterThanOrEqual(950);
  });

  it('pauses every process when the vendor rate-limits one of them', async () => {
    const [a, b] = twoProcesses({ maxConcurrent: 10 });
    let calls = 0;
    const first = a.run(async () => {
      if (++calls === 1)
        throw new ConnectorError(ConnectorErrorCode.RATE_LIMITED, 'slow down', { retryAfterMs: 600 });
      return 'retried';
    });
    const pauseKey = `${prefix}:budget:fake:account-${account}:pause`;
    let pttl = await redis.pttl(pauseKey);
    for (let polls = 0; pttl <= 0 && polls < 1000; polls++) {
      await sleep(2);
      pttl = await redis.pttl(pauseKey);
    }
    expect(pttl).toBeGreaterThan(0);
    const seen = Date.now();
    let startedAt = 0;
    await b.run(async () => void (startedAt = Date.now()));
    expect(startedAt - seen).toBeGreaterThanOrEqual(pttl - 20);
    expect(await first).toBe('retried');
    expect(calls).toBe(2);
  });

  it('gets a dead process its slot back once its lease runs out', async () => {
    const [crashed, survivor] = twoProcesses({ maxConcurrent: 1 }, 300);
    // The call never ends: its process died holding the slot.
    void crashed.run(() => new Promise<never>(() => undefined));
    await sleep(20);
    await expect(survivor.run(async () => 'ran')).resolves.toBe('ran');
  });
});
