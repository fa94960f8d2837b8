import { ModuleRef } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource, IsNull } from 'typeorm';
import { InProcessQueueDriver, OutboxEvent, QUEUE_PORT } from '@crm/platform';
import { HousekeepingSchedule } from '@crm/core';
import { bearer, startTestApp, TestApp } from '../support/test-app';

/** The worker's schedules run in the API process exactly when it also runs the worker (embedded mode). */
describe('schedules in the API process', () => {
  let app: TestApp | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('runs the housekeeping schedule when RUN_WORKER_IN_API is on', async () => {
    app = await startTestApp('sqlite', { runWorkerInApi: true });
    expect(app.app.get(SchedulerRegistry).getCronJobs().has('housekeeping')).toBe(true);
  });

  it('daily housekeeping purges relayed outbox events older than a week through the queue', async () => {
    app = await startTestApp('sqlite', { runWorkerInApi: true });
    const dataSource = app.app.get(DataSource);
    const tenant = await app.createTenant('Housekeeping');
    await app.http().post('/api/leads').set(bearer(tenant.adminToken)).send({ lastName: 'Old' }).expect(201);
    const events = dataSource.getRepository(OutboxEvent);
    // Let the relay (running in this process) hand the event on, then age it past the retention.
    while ((await events.countBy({ processedAt: IsNull() })) > 0)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await events.update({ tenantId: tenant.tenantId }, { processedAt: new Date(Date.now() - 8 * 86400_000) });
    await app.app.get(HousekeepingSchedule).runDaily();
    await (app.app.get(QUEUE_PORT) as InProcessQueueDriver).whenIdle();
    expect(await events.count()).toBe(0);
  });

  it('leaves schedules to the workers when it is off', async () => {
    app = await startTestApp('sqlite', { runWorkerInApi: false });
    // ModuleRef throws where the application's own get() would exit the process.
    const moduleRef = app.app.get(ModuleRef);
    expect(() => moduleRef.get(SchedulerRegistry, { strict: false })).toThrow(/SchedulerRegistry/);
  });
});
