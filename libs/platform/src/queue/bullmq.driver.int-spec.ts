import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { REDIS_URL } from '../../../../test/support/databases';
import { describeWithRedis } from '../../../../test/support/service-gates';
import { BullMqQueueDriver } from './bullmq.driver';
import { describeQueuePortContract } from './testing/queue-port.contract';

describeWithRedis('BullMqQueueDriver on Redis', () => {
  // A key prefix of this run's own, so parallel runs never see each other's jobs.
  const prefix = `crm-test-${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 }))
      keys.push(...(batch as string[]));
    if (keys.length > 0) await redis.del(...keys);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    await redis.quit();
  });

  describeQueuePortContract('bullmq', {
    create: () => new BullMqQueueDriver({ redisUrl: REDIS_URL, prefix }),
    sharedAcrossInstances: true,
  });
});
