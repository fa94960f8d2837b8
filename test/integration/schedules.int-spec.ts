import { ModuleRef } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { startTestApp, TestApp } from '../support/test-app';

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

  it('leaves schedules to the workers when it is off', async () => {
    app = await startTestApp('sqlite', { runWorkerInApi: false });
    // ModuleRef throws where the application's own get() would exit the process.
    const moduleRef = app.app.get(ModuleRef);
    expect(() => moduleRef.get(SchedulerRegistry, { strict: false })).toThrow(/SchedulerRegistry/);
  });
});
