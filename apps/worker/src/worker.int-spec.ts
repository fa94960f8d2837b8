import type { INestApplicationContext } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { InProcessQueueDriver, QUEUE_PORT } from '@crm/platform';
import { AuthSession, HousekeepingSchedule, TenantsService } from '@crm/core';
import { createTestDatabase, databaseKinds, TestDatabase } from '../../../test/support/databases';
import { testConfig } from '../../../test/support/test-app';
import { createWorkerApp } from './worker.factory';

describe.each(databaseKinds)('worker process (%s)', (kind) => {
  let database: TestDatabase;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    worker = await createWorkerApp(testConfig(database));
  });

  afterAll(async () => {
    await worker?.close();
    await database?.drop();
  });

  it('registers the daily housekeeping schedule', () => {
    const job = worker.get(SchedulerRegistry).getCronJob('housekeeping');
    expect(job.cronTime.source).toBe('17 3 * * *');
  });

  it('purges expired sessions when the schedule fires, through the queue', async () => {
    const { tenantId, adminUserId } = await worker.get(TenantsService).provision({
      name: 'Housekeeping',
      slug: `housekeeping-${kind}`,
      admin: { email: 'admin@housekeeping.test', name: 'Admin', password: 'correct horse battery' },
    });
    const sessions = worker.get(DataSource).getRepository(AuthSession);
    const session = (expiresAt: Date, tokenHash: string) =>
      sessions.create({ tenantId, userId: adminUserId, tokenHash, expiresAt, revokedAt: null });
    await sessions.save([
      session(new Date(Date.now() - 60_000), 'a'.repeat(64)),
      session(new Date(Date.now() + 3_600_000), 'b'.repeat(64)),
    ]);

    await worker.get(HousekeepingSchedule).runDaily();
    await (worker.get(QUEUE_PORT) as InProcessQueueDriver).whenIdle();

    expect((await sessions.findBy({ tenantId })).map((s) => s.tokenHash)).toEqual(['b'.repeat(64)]);
  });
});
