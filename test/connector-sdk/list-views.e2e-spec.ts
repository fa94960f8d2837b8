import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource, In } from 'typeorm';
import { ConnectorInstallation, ListViewRule, SyncRun, SyncScheduler } from '@crm/connector-sdk';
import {
  FAKE_SAVED_VIEWS_MANIFEST,
  FakeConnector,
  FakeConnectorModule,
  FakeVendor,
} from '@crm/connector-sdk/testing';
import { eventually } from '../connectors/mailchimp-fixture';
import { signInNewUser } from '../e2e/sales-users.fixture';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { EngineFixture, resetVendor } from './engine-fixtures';
import { ListSubscribersFixture } from './list-subscribers-fixture';

/** A connector whose lists take the marketing flag's records, as Mailchimp's do. */
class PlainConnector extends FakeConnector {}

@Module({})
class PlainConnectorModule {
  static register(vendor: FakeVendor): DynamicModule {
    const connector = new PlainConnector(vendor, { key: 'plain', name: 'Plain Mail' });
    return { module: PlainConnectorModule, providers: [{ provide: PlainConnector, useValue: connector }] };
  }
}

type Problem = { field: string; reason: string };

describe.each(databaseKinds)('lists fed by saved views: the API (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [
      FakeConnectorModule.register(vendor, FAKE_SAVED_VIEWS_MANIFEST),
      PlainConnectorModule.register(vendor),
    ]);
  });
  afterAll(() => t?.close());
  beforeEach(() => resetVendor(vendor));

  it('refuses bad list views with a 4xx naming the field, and changes nothing', async () => {
    const s = new ListSubscribersFixture(await EngineFixture.create(t, vendor, 'Validation'));
    const { f } = s;
    const leads = await s.view('leads', 'company', 'Acme');
    const deals = await s.view('deals', 'name', 'Big one');
    const rep = await signInNewUser(t, f.tenant.tenantId, { recordAccess: 'ALL' });
    const privateView = (
      await t
        .http()
        .post('/api/views')
        .set(rep.auth)
        .send({
          module: 'contacts',
          name: 'Mine',
          shared: false,
          filter: { op: 'and', conditions: [{ field: 'lastName', operator: 'eq', value: 'Rossi' }] },
        })
        .expect(201)
    ).body.id;
    await s.putViews([leads]).expect(200);
    const rules = () =>
      t.app.get(DataSource).getRepository(ListViewRule).findBy({ installationId: f.installationId });
    const before = await rules();

    const refused = async (body: unknown, status: number, listId = f.listId) =>
      ((await s.putViews(body, listId).expect(status)).body.errors ?? []) as Problem[];
    expect(await refused([randomUUID(), deals, leads, leads, privateView], 400)).toEqual([
      { field: 'viewIds.0', reason: 'is not a saved view you can see' },
      { field: 'viewIds.1', reason: 'is a view of deals; lists take leads, organizations, contacts' },
      { field: `viewIds.3`, reason: `${leads} is listed twice` },
      { field: 'viewIds.4', reason: 'is not a saved view you can see' },
    ]);
    expect((await refused(['not-a-uuid'], 400)).map((p) => p.field)).toEqual(['viewIds']);
    expect((await refused('nope', 400)).map((p) => p.field)).toContain('viewIds');
    expect(await refused([leads], 400, 'list-404')).toEqual([
      { field: 'listId', reason: "is not one of this installation's lists" },
    ]);
    await s.putViews([leads], f.listId, rep.auth).expect(403);
    expect(await rules()).toEqual(before);

    // Anyone who may see the installation reads them; an unknown list is not found.
    const read = await t
      .http()
      .get(`/api/installations/${f.installationId}/lists/${f.listId}/views`)
      .set(rep.auth)
      .expect(200);
    expect(read.body.views.map((view: { viewId: string }) => view.viewId)).toEqual([leads]);
    await t.http().get(`/api/installations/${f.installationId}/lists/list-404/views`).set(f.auth).expect(404);
    // Another tenant's installation does not exist for this one.
    const other = await t.createTenant('Elsewhere');
    await t
      .http()
      .get(`/api/installations/${f.installationId}/lists/${f.listId}/views`)
      .set(bearer(other.adminToken))
      .expect(404);

    // "Update subscribers" needs views: on the list asked for, or on some list.
    const second = vendor.createList('Without views');
    const onList = await t
      .http()
      .post(`/api/installations/${f.installationId}/lists/${second}/subscribers/sync`)
      .set(f.auth)
      .send({})
      .expect(400);
    expect(onList.body.errors).toEqual([
      { field: 'listId', reason: 'has no saved views to take its subscribers from' },
    ]);
    await t
      .http()
      .post(`/api/installations/${f.installationId}/subscribers/sync`)
      .set(rep.auth)
      .send({})
      .expect(403);
    await s.putViews([]).expect(200);
    const none = await t
      .http()
      .post(`/api/installations/${f.installationId}/subscribers/sync`)
      .set(f.auth)
      .send({})
      .expect(409);
    expect(none.body.errors).toEqual([
      { field: 'installationId', reason: 'No list takes its subscribers from saved views yet' },
    ]);
    expect(
      await t.app.get(DataSource).getRepository(SyncRun).countBy({ installationId: f.installationId }),
    ).toBe(0);
  });

  it('keeps views, sync and the global-unsubscribe flag to connectors whose lists are fed by saved views', async () => {
    const f = await EngineFixture.create(t, vendor, 'Plain');
    const s = new ListSubscribersFixture(f);
    // The view-fed connector: a flag per module, off by default; no target list needed.
    const settings = `/api/installations/${f.installationId}/settings`;
    const defaults = (await t.http().get(settings).set(f.auth).expect(200)).body;
    expect(defaults.globalUnsubscribe).toEqual({ leads: false, organizations: false, contacts: false });
    const saved = await t
      .http()
      .put(settings)
      .set(f.auth)
      .send({ ...defaults, targetListId: null, globalUnsubscribe: { contacts: true } })
      .expect(200);
    expect(saved.body.globalUnsubscribe).toEqual({ leads: false, organizations: false, contacts: true });
    const unknownModule = await t
      .http()
      .put(settings)
      .set(f.auth)
      .send({ ...defaults, globalUnsubscribe: { deals: true } })
      .expect(400);
    expect(unknownModule.body.errors.map((p: Problem) => p.field)).toEqual(['globalUnsubscribe.deals']);

    // The same tenant's plain installation: none of it.
    const { installationId } = await installFakeConnector(t, f.tenant, vendor);
    await t.app
      .get(DataSource)
      .getRepository(ConnectorInstallation)
      .update({ id: installationId }, { connectorKey: 'plain' });
    const view = await s.view('contacts', 'lastName', 'Rossi');
    const conflict = [
      { field: 'installationId', reason: 'Plain Mail lists do not take their members from saved views' },
    ];
    const plain = `/api/installations/${installationId}`;
    const put = await t
      .http()
      .put(`${plain}/lists/${f.listId}/views`)
      .set(f.auth)
      .send({ viewIds: [view] })
      .expect(409);
    expect(put.body.errors).toEqual(conflict);
    await t.http().get(`${plain}/lists/${f.listId}/views`).set(f.auth).expect(409);
    const sync = await t.http().post(`${plain}/subscribers/sync`).set(f.auth).send({}).expect(409);
    expect(sync.body.errors).toEqual(conflict);
    const plainSettings = (await t.http().get(`${plain}/settings`).set(f.auth).expect(200)).body;
    expect(plainSettings).not.toHaveProperty('globalUnsubscribe');
    const flag = await t
      .http()
      .put(`${plain}/settings`)
      .set(f.auth)
      .send({ ...plainSettings, targetListId: f.listId, globalUnsubscribe: { contacts: true } })
      .expect(400);
    expect(flag.body.errors).toEqual([
      { field: 'globalUnsubscribe', reason: 'Plain Mail lists do not take their members from saved views' },
    ]);
  });
});

describe('lists fed by saved views: the daily update and real-time changes (sqlite, worker in the API)', () => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { runWorkerInApi: true }, [
      FakeConnectorModule.register(vendor, FAKE_SAVED_VIEWS_MANIFEST),
    ]);
    // The test ticks the scheduler itself, at times of its choosing.
    await t.app.get(SchedulerRegistry).getCronJob('connector-syncs').stop();
  });
  afterAll(() => t?.close());

  it('updates subscribers once a day as the SUBSCRIBERS job, and leaves CRM edits to that update', async () => {
    const s = new ListSubscribersFixture(await EngineFixture.create(t, vendor, 'Daily'));
    const { f } = s;
    const contact = await s.contact('Rossi', 'daily@views.test');
    const schedules = `/api/installations/${f.installationId}/settings/schedules`;
    expect((await t.http().get(schedules).set(f.auth).expect(200)).body).toEqual([
      { kind: 'SYNC', every: 'off', defaultEvery: 'off' },
      { kind: 'SUBSCRIBERS', every: 'daily', defaultEvery: 'daily' },
    ]);
    const scheduler = t.app.get(SyncScheduler);
    const morning = new Date(Date.UTC(2030, 0, 7, 6));
    // Nothing to update before a list has views; the slot stays open for when one has.
    expect(await scheduler.tick(morning)).toEqual([]);
    await s.putViews([await s.view('contacts', 'lastName', 'Rossi')]).expect(200);
    expect(await scheduler.tick(new Date(morning.getTime() + 60_000))).toEqual([f.installationId]);
    expect(await scheduler.tick(new Date(morning.getTime() + 5 * 60_000))).toEqual([]);
    const runs = t.app.get(DataSource).getRepository(SyncRun);
    const [run] = await eventually(async () => {
      const scheduled = await runs.findBy({ installationId: f.installationId, trigger: 'SCHEDULE' });
      expect(scheduled.map((r) => [r.kind, r.status])).toEqual([['SUBSCRIBERS', 'SUCCEEDED']]);
      return scheduled;
    }, 15_000);
    expect(run.counts).toMatchObject({ added: 1 });
    expect(vendor.member(f.listId, 'daily@views.test')?.status).toBe('subscribed');

    // A CRM edit starts no real-time run: the list takes it at its next update.
    await s.patch('contacts', contact.id, { firstName: 'Giulia' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await runs.countBy({ installationId: f.installationId })).toBe(1);
    expect(vendor.member(f.listId, 'daily@views.test')?.fields.FNAME).toBe('Ana');
    const nextDay = new Date(morning.getTime() + 24 * 3600_000);
    expect(await scheduler.tick(nextDay)).toEqual([f.installationId]);
    await eventually(async () =>
      expect(vendor.member(f.listId, 'daily@views.test')?.fields.FNAME).toBe('Giulia'),
    );

    // The settings can move it like any job: weekly, then off.
    await f.saveSettings({ targetListId: null, schedules: { SUBSCRIBERS: 'weekly' } });
    await eventually(async () =>
      expect(
        await runs.countBy({ installationId: f.installationId, status: In(['QUEUED', 'RUNNING']) }),
      ).toBe(0),
    );
    expect(await scheduler.tick(new Date(nextDay.getTime() + 3600_000))).toEqual([f.installationId]);
    await eventually(async () =>
      expect(await runs.countBy({ installationId: f.installationId, trigger: 'SCHEDULE' })).toBe(3),
    );
    expect(await scheduler.tick(new Date(nextDay.getTime() + 24 * 3600_000))).toEqual([]);
    await f.saveSettings({ targetListId: null, schedules: { SUBSCRIBERS: 'off' } });
    expect(await scheduler.tick(new Date(nextDay.getTime() + 8 * 24 * 3600_000))).toEqual([]);
  });
});
