import { DataSource } from 'typeorm';
import { asTenantId } from '@crm/platform';
import {
  OutboxRelay,
  RELAY_LEASE,
  ScheduleLease,
  SyncRun,
  SyncScheduler,
  SyncSettings,
} from '@crm/connector-sdk';
import { FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { createWorkerApp } from '../../apps/worker/src/worker.factory';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds, REDIS_URL } from '../support/databases';
import { describeWithMysql, describeWithRedis } from '../support/service-gates';
import { bearer, startTestApp, testConfig, TestApp, TestTenant } from '../support/test-app';

/** Polls until `check` passes or the time is up (real time is asynchronous by design). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe.each(databaseKinds)('real time: outbox relay and webhooks (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let tenant: TestTenant;
  let installationId: string;
  let webhookToken: string;
  let listId: string;

  beforeAll(async () => {
    OutboxRelay.pollMs = 50;
    // The embedded shape: this process also runs the worker (relay, queue consumers).
    t = await startTestApp(kind, { runWorkerInApi: true }, [FakeConnectorModule.register(vendor)]);
    tenant = await t.createTenant('Realtime');
    listId = vendor.createList('Realtime list');
    ({ installationId, webhookToken } = await installFakeConnector(t, tenant, vendor));
  });
  afterAll(() => t.close());

  const auth = () => bearer(tenant.adminToken);

  it('pushes a CRM edit to the vendor within seconds, through the outbox', async () => {
    const created = await t
      .http()
      .post('/api/contacts')
      .set(auth())
      .send({ firstName: 'Lucía', lastName: 'Méndez', emails: [{ email: 'lucia@realtime.test' }] })
      .expect(201);
    await eventually(async () =>
      expect(vendor.member(listId, 'lucia@realtime.test')).toMatchObject({ status: 'subscribed' }),
    );
    await t
      .http()
      .patch(`/api/contacts/${created.body.id}`)
      .set(auth())
      .send({ firstName: 'Lucy' })
      .expect(200);
    await eventually(async () =>
      expect(vendor.member(listId, 'lucia@realtime.test')?.fields).toMatchObject({ FNAME: 'Lucy' }),
    );
  });

  it('coalesces a burst of edits to one record into one vendor write', async () => {
    const created = await t
      .http()
      .post('/api/contacts')
      .set(auth())
      .send({ lastName: 'Ráfaga', emails: [{ email: 'burst@realtime.test' }] })
      .expect(201);
    await eventually(async () => expect(vendor.member(listId, 'burst@realtime.test')).toBeDefined());
    // Another holder takes the relay's lease, so the whole burst waits for one relay pass.
    const leases = t.app.get(DataSource).getRepository(ScheduleLease);
    await eventually(async () => {
      const taken = await leases.update(
        { key: RELAY_LEASE },
        { owner: 'burst-test', leaseUntil: new Date(Date.now() + 60_000) },
      );
      expect(taken.affected).toBe(1);
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // a pass already under way finishes first
    const before = vendor.writeCalls();
    for (const n of [1, 2, 3, 4, 5])
      await t
        .http()
        .patch(`/api/contacts/${created.body.id}`)
        .set(auth())
        .send({ firstName: `v${n}` })
        .expect(200);
    await leases.update({ key: RELAY_LEASE }, { leaseUntil: new Date(0) });
    await eventually(async () =>
      expect(vendor.member(listId, 'burst@realtime.test')?.fields).toMatchObject({ FNAME: 'v5' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(vendor.writeCalls() - before).toBe(1);
  });

  it('removes at the vendor, through the outbox, a tag removed in the CRM', async () => {
    const created = await t
      .http()
      .post('/api/contacts')
      .set(auth())
      .send({ lastName: 'Etiqueta', tags: ['vip', 'trial'], emails: [{ email: 'tags@realtime.test' }] })
      .expect(201);
    await eventually(async () =>
      expect(vendor.member(listId, 'tags@realtime.test')?.tags).toEqual(['trial', 'vip']),
    );
    await t
      .http()
      .patch(`/api/contacts/${created.body.id}`)
      .set(auth())
      .send({ tags: ['vip'] })
      .expect(200);
    await eventually(async () => expect(vendor.member(listId, 'tags@realtime.test')?.tags).toEqual(['vip']));
  });

  it('takes a member off the list, through the outbox, when its address or its contact is deleted', async () => {
    const created = await t
      .http()
      .post('/api/contacts')
      .set(auth())
      .send({
        lastName: 'Borrado',
        emails: [{ email: 'gone@realtime.test' }, { email: 'kept@realtime.test', isPrimary: true }],
      })
      .expect(201);
    await eventually(async () => {
      expect(vendor.member(listId, 'gone@realtime.test')?.status).toBe('subscribed');
      expect(vendor.member(listId, 'kept@realtime.test')?.status).toBe('subscribed');
    });
    const gone = created.body.emails.find((e: { email: string }) => e.email === 'gone@realtime.test');
    await t.http().delete(`/api/contacts/${created.body.id}/emails/${gone.id}`).set(auth()).expect(200);
    await eventually(async () =>
      expect(vendor.member(listId, 'gone@realtime.test')?.status).toBe('archived'),
    );
    expect(vendor.member(listId, 'kept@realtime.test')?.status).toBe('subscribed');

    await t.http().delete(`/api/contacts/${created.body.id}`).set(auth()).expect(204);
    await eventually(async () =>
      expect(vendor.member(listId, 'kept@realtime.test')?.status).toBe('archived'),
    );
  });

  it('answers the vendor’s validation GET only with the right token', async () => {
    await t.http().get(`/api/webhooks/fake/${installationId}/${webhookToken}`).expect(200);
    await t.http().get(`/api/webhooks/fake/${installationId}/forged-token`).expect(404);
  });

  it('applies a webhook unsubscribe to the CRM, and a forged token changes nothing', async () => {
    const created = await t
      .http()
      .post('/api/contacts')
      .set(auth())
      .send({ lastName: 'Webhook', emails: [{ email: 'hook@realtime.test' }] })
      .expect(201);
    await eventually(async () => expect(vendor.member(listId, 'hook@realtime.test')).toBeDefined());
    const event = vendor.act(listId, 'hook@realtime.test', 'unsubscribe');
    const body = { events: [{ ...event, firedAt: event.firedAt.toISOString() }] };
    await t.http().post(`/api/webhooks/fake/${installationId}/forged-token`).send(body).expect(404);
    const unchanged = await t.http().get(`/api/contacts/${created.body.id}`).set(auth()).expect(200);
    expect(unchanged.body.emails[0].status).toBe('ACTIVE');
    await t.http().post(`/api/webhooks/fake/${installationId}/${webhookToken}`).send(body).expect(200);
    await eventually(async () => {
      const contact = await t.http().get(`/api/contacts/${created.body.id}`).set(auth()).expect(200);
      expect(contact.body.emails[0].status).toBe('UNSUBSCRIBED_BY_USER');
      expect(contact.body.emailOptOut).toBe(true);
    });
  });

  it('rejects a malformed webhook body with 400', async () => {
    const response = await t
      .http()
      .post(`/api/webhooks/fake/${installationId}/${webhookToken}`)
      .send({ nope: true })
      .expect(400);
    expect(response.body.errors[0].field).toBe('body');
  });
});

describeWithMysql('scheduled syncs with several workers', () => {
  describeWithRedis('on BullMQ', () => {
    it('two worker processes never run the same scheduled sync twice', async () => {
      const vendor = new FakeVendor();
      const api = await startTestApp('mysql', {}, [FakeConnectorModule.register(vendor)]);
      const workers: Awaited<ReturnType<typeof createWorkerApp>>[] = [];
      try {
        const tenant = await api.createTenant('Scheduled');
        vendor.createList('Scheduled list');
        const { installationId } = await installFakeConnector(api, tenant, vendor);
        const dataSource = api.app.get(DataSource);
        const settings = dataSource.getRepository(SyncSettings);
        const current = (
          await api.http().get(`/api/installations/${installationId}/settings`).set(bearer(tenant.adminToken))
        ).body;
        await settings.save(
          settings.create({
            tenantId: asTenantId(tenant.tenantId),
            installationId,
            data: { ...current, targetListId: 'list-1', schedule: 'hourly' },
          }),
        );
        // Both workers share one Redis namespace, as production workers do; this test's own.
        const prefix = `crm-sched-${Date.now()}`;
        const config = testConfig(api.database, {
          queue: { kind: 'bullmq', redisUrl: REDIS_URL, prefix },
          runWorkerInApi: true,
        });
        for (let i = 0; i < 2; i++)
          workers.push(await createWorkerApp(config, [FakeConnectorModule.register(vendor)]));
        // Ten minutes into the hour, so the tick a minute later falls in the same hourly slot.
        const now = new Date();
        now.setUTCMinutes(10, 0, 0);
        const started = await Promise.all(workers.map((worker) => worker.get(SyncScheduler).tick(now)));
        expect(started.flat()).toEqual([installationId]);
        const again = await Promise.all(
          workers.map((worker) => worker.get(SyncScheduler).tick(new Date(now.getTime() + 60_000))),
        );
        expect(again.flat()).toEqual([]);
        const runs = await eventually(async () => {
          const rows = await dataSource
            .getRepository(SyncRun)
            .findBy({ installationId, trigger: 'SCHEDULE' });
          expect(rows.map((run) => run.status)).toEqual(['SUCCEEDED']);
          return rows;
        }, 15000);
        expect(runs).toHaveLength(1);
      } finally {
        await Promise.all(workers.map((worker) => worker.close()));
        await api.close();
      }
    });
  });
});
