import type { INestApplicationContext } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource, In, IsNull } from 'typeorm';
import { asTenantId, InProcessQueueDriver, OutboxEvent, QUEUE_PORT } from '@crm/platform';
import { HousekeepingSchedule } from '@crm/core';
import {
  EMPTY_COUNTS,
  ImportRun,
  ImportScheduler,
  SyncRun,
  SyncScheduler,
  type ScheduledJobSpec,
} from '@crm/connector-sdk';
import { FakeMarketingConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { createWorkerApp } from '../../apps/worker/src/worker.factory';
import { daysAgo, ImportFixture } from '../connector-sdk/import-fixtures';
import { describeWithMysql } from '../support/service-gates';
import { bearer, startTestApp, testConfig, TestApp } from '../support/test-app';

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

/** Seed 004's MailUp: lists and messages hourly, sends and statistics daily. */
const JOBS: ScheduledJobSpec[] = [
  { kind: 'LISTS', every: 'hourly' },
  { kind: 'CAMPAIGNS', every: 'hourly' },
  { kind: 'CAMPAIGN_ACTIVITY', every: 'daily' },
];

/** A Monday, ten minutes into an hour; the tests tick the schedulers at such times themselves. */
const at = (day: number, hour: number, minute = 10) => new Date(Date.UTC(2030, 0, 7 + day, hour, minute));
const sorted = (items: string[]) => [...items].sort();

/** Tests drive the schedulers: the clock-driven ticks of this process stop. */
async function stopClockTicks(app: INestApplicationContext): Promise<void> {
  for (const name of ['connector-imports', 'connector-syncs'])
    await app.get(SchedulerRegistry).getCronJob(name).stop();
}

const idle = (app: INestApplicationContext) => (app.get(QUEUE_PORT) as InProcessQueueDriver).whenIdle();

describe('connector jobs on their schedules', () => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let f: ImportFixture;
  let id: string;

  const runsOf = async () =>
    t.app
      .get(DataSource)
      .getRepository(ImportRun)
      .find({ where: { installationId: id }, order: { createdAt: 'ASC' } });
  const countKinds = (runs: ImportRun[]) =>
    runs.reduce<Record<string, number>>(
      (counts, run) => ({ ...counts, [run.kind]: (counts[run.kind] ?? 0) + 1 }),
      {},
    );

  beforeAll(async () => {
    t = await startTestApp('sqlite', { runWorkerInApi: true }, [
      FakeMarketingConnectorModule.register(vendor, { jobs: JOBS }),
    ]);
    await stopClockTicks(t.app);
    f = await ImportFixture.create(t, vendor, 'Pianificati');
    id = f.installationId;
    await f.saveSettings({ targetListId: vendor.createList('Iscritti') });
    await f.contact('ana@pianificati.test');
    vendor.sendCampaign(vendor.createCampaign({ name: 'Novità' }), ['ana@pianificati.test'], daysAgo(1));
  });
  afterAll(() => t?.close());

  it('shows each job with how often it runs and the connector’s default', async () => {
    const res = await t.http().get(`/api/installations/${id}/settings/schedules`).set(f.auth).expect(200);
    expect(res.body).toEqual([
      { kind: 'SYNC', every: 'off', defaultEvery: 'off' },
      { kind: 'LISTS', every: 'hourly', defaultEvery: 'hourly' },
      { kind: 'CAMPAIGNS', every: 'hourly', defaultEvery: 'hourly' },
      { kind: 'CAMPAIGN_ACTIVITY', every: 'daily', defaultEvery: 'daily' },
    ]);
  });

  it('runs each job once per slot of its frequency, split campaigns and activity, as the settings change it', async () => {
    const imports = t.app.get(ImportScheduler);
    expect(sorted(await imports.tick(at(0, 10)))).toEqual(
      sorted([`LISTS:${id}`, `CAMPAIGNS:${id}`, `CAMPAIGN_ACTIVITY:${id}`]),
    );
    await idle(t.app);
    expect(await imports.tick(at(0, 10, 55))).toEqual([]);
    expect(sorted(await imports.tick(at(0, 11)))).toEqual(sorted([`LISTS:${id}`, `CAMPAIGNS:${id}`]));
    await idle(t.app);

    const first = await runsOf();
    expect(first.every((run) => run.status === 'SUCCEEDED' && run.trigger === 'SCHEDULE')).toBe(true);
    const result = (kind: string) => first.find((run) => run.kind === kind)!.result;
    // Messages and figures hourly; each recipient's activity in the daily import.
    expect(result('CAMPAIGNS')).toMatchObject({
      campaigns: { read: 1, added: 1 },
      activity: { campaignsRead: 0 },
    });
    expect(result('CAMPAIGN_ACTIVITY')).toMatchObject({
      campaigns: { read: 1, unchanged: 1 },
      activity: { campaignsRead: 1, recipientsRead: 1, recordsAdded: 1 },
    });
    expect(result('LISTS')).toEqual({ lists: 1, deleted: 0 });

    await f.saveSettings({ schedules: { CAMPAIGNS: 'off', LISTS: 'daily' } });
    const jobs = (await t.http().get(`/api/installations/${id}/settings/schedules`).set(f.auth).expect(200))
      .body;
    expect(jobs).toEqual(
      expect.arrayContaining([
        { kind: 'LISTS', every: 'daily', defaultEvery: 'hourly' },
        { kind: 'CAMPAIGNS', every: 'off', defaultEvery: 'hourly' },
      ]),
    );
    // A new frequency starts with its own slot: the lists once today, then not before tomorrow.
    expect(await imports.tick(at(0, 12))).toEqual([`LISTS:${id}`]);
    await idle(t.app);
    expect(await imports.tick(at(0, 13))).toEqual([]);
    expect(sorted(await imports.tick(at(1, 0)))).toEqual(sorted([`LISTS:${id}`, `CAMPAIGN_ACTIVITY:${id}`]));
    await idle(t.app);
    expect(countKinds(await runsOf())).toEqual({ LISTS: 4, CAMPAIGNS: 2, CAMPAIGN_ACTIVITY: 2 });
  });

  it('refuses a schedule for a job the connector lacks or a frequency it cannot run, changing nothing', async () => {
    const url = `/api/installations/${id}/settings`;
    const before = (await t.http().get(url).set(f.auth).expect(200)).body;
    const res = await t
      .http()
      .put(url)
      .set(f.auth)
      .send({ ...before, schedules: { CARTS: 'hourly', CAMPAIGNS: 'every minute' } })
      .expect(400);
    expect(res.body.errors).toEqual([
      {
        field: 'schedules.CARTS',
        reason: expect.stringMatching(/Fake Mail has no CARTS job; its jobs are LISTS/),
      },
      { field: 'schedules.CAMPAIGNS', reason: 'must be one of off, hourly, daily, weekly' },
    ]);
    const list = await t
      .http()
      .put(url)
      .set(f.auth)
      .send({ ...before, schedules: ['hourly'] })
      .expect(400);
    expect(list.body.errors.map((e: { field: string }) => e.field)).toEqual(['schedules']);
    expect((await t.http().get(url).set(f.auth).expect(200)).body).toEqual(before);
  });

  it('does not queue a job again while one of its kind waits or runs', async () => {
    await f.saveSettings({ schedules: {}, schedule: 'hourly' });
    const dataSource = t.app.get(DataSource);
    const runs = dataSource.getRepository(SyncRun);
    const waiting = await runs.save(
      runs.create({
        tenantId: f.tenant.tenantId,
        installationId: id,
        trigger: 'MANUAL',
        kind: 'FULL',
        dryRun: false,
        status: 'RUNNING',
        counts: { ...EMPTY_COUNTS },
        total: null,
        processed: 0,
        checkpoint: null,
        input: null,
        requestedById: null,
        startedAt: new Date(),
        finishedAt: null,
        heartbeatAt: new Date(),
        error: null,
      }),
    );
    const syncs = t.app.get(SyncScheduler);
    expect(await syncs.tick(at(2, 10))).toEqual([]);
    expect(await runs.countBy({ installationId: id, trigger: 'SCHEDULE' })).toBe(0);
    await runs.update({ id: waiting.id }, { status: 'SUCCEEDED', finishedAt: new Date() });
    expect(await syncs.tick(at(2, 11))).toEqual([id]);
    await idle(t.app);
    expect(await runs.findBy({ installationId: id, trigger: 'SCHEDULE' })).toEqual([
      expect.objectContaining({ kind: 'INCREMENTAL', status: 'SUCCEEDED' }),
    ]);

    const imports = dataSource.getRepository(ImportRun);
    await imports.save(
      imports.create({
        tenantId: asTenantId(f.tenant.tenantId),
        installationId: id,
        kind: 'LISTS',
        trigger: 'MANUAL',
        status: 'RUNNING',
        result: null,
        error: null,
        attempts: 1,
        requestedById: null,
        startedAt: new Date(),
        finishedAt: null,
      }),
    );
    const before = await imports.countBy({ installationId: id, kind: 'LISTS' });
    expect(await t.app.get(ImportScheduler).tick(at(3, 10))).toEqual([
      `CAMPAIGNS:${id}`,
      `CAMPAIGN_ACTIVITY:${id}`,
    ]);
    await idle(t.app);
    expect(await imports.countBy({ installationId: id, kind: 'LISTS' })).toBe(before);
  });
});

describeWithMysql('connector jobs with several workers on MariaDB', () => {
  it('two workers ticking at once start each job of each installation exactly once', async () => {
    const vendor = new FakeVendor();
    const connectors = () => [FakeMarketingConnectorModule.register(vendor, { jobs: JOBS })];
    const api = await startTestApp('mysql', {}, connectors());
    const workers: INestApplicationContext[] = [];
    try {
      const installations: string[] = [];
      for (const name of ['Uno', 'Due', 'Tre']) {
        const f = await ImportFixture.create(api, vendor, name);
        await f.saveSettings({ schedule: 'hourly', targetListId: vendor.createList(`Lista ${name}`) });
        installations.push(f.installationId);
      }
      const config = testConfig(api.database, { runWorkerInApi: true });
      for (let i = 0; i < 2; i++) workers.push(await createWorkerApp(config, connectors()));
      await Promise.all(workers.map(stopClockTicks));

      const now = at(5, 9);
      const [imports, syncs] = await Promise.all([
        Promise.all(workers.map((worker) => worker.get(ImportScheduler).tick(now))),
        Promise.all(workers.map((worker) => worker.get(SyncScheduler).tick(now))),
      ]);
      const expected = installations.flatMap((id) =>
        ['LISTS', 'CAMPAIGNS', 'CAMPAIGN_ACTIVITY'].map((kind) => `${kind}:${id}`),
      );
      expect(sorted(imports.flat())).toEqual(sorted(expected));
      expect(sorted(syncs.flat())).toEqual(sorted(installations));
      await Promise.all(workers.map(idle));

      const dataSource = api.app.get(DataSource);
      const importRuns = await dataSource
        .getRepository(ImportRun)
        .findBy({ installationId: In(installations) });
      expect(sorted(importRuns.map((run) => `${run.kind}:${run.installationId}`))).toEqual(sorted(expected));
      expect(importRuns.every((run) => run.status === 'SUCCEEDED')).toBe(true);
      const syncRuns = await dataSource
        .getRepository(SyncRun)
        .findBy({ installationId: In(installations), trigger: 'SCHEDULE' });
      expect(sorted(syncRuns.map((run) => run.installationId))).toEqual(sorted(installations));
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await api.close();
    }
  });
});
