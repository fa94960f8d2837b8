import { DataSource } from 'typeorm';
import type { TenantId } from '@crm/platform';
import { Activity, Campaign, CampaignRecipient } from '@crm/core';
import { ConnectorError, ConnectorErrorCode, ConnectorInstallation, ImportRun } from '@crm/connector-sdk';
import { FakeMarketingConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { signInNewUser } from '../e2e/sales-users.fixture';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { daysAgo, ImportFixture } from './import-fixtures';

describe.each(databaseKinds)('campaign import (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeMarketingConnectorModule.register(vendor)]);
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    vendor.campaigns.clear();
    vendor.calls.length = 0;
    vendor.pendingFailures.length = 0;
    vendor.unsubscribesApart = false;
  });

  /** A tenant whose vendor account sent "Spring sale" 5 days ago, "Winter" 60 days ago, and has a draft. */
  async function springSale(name: string) {
    const f = await ImportFixture.create(t, vendor, name);
    const ana = await f.contact('ana@example.test', 'García');
    const luis = await f.contact('Luis@Example.test', 'Pérez');
    const lea = await f.lead('lea@example.test');
    const spring = vendor.createCampaign({ name: 'Spring sale', subject: '20% off', listId: 'list-1' });
    vendor.sendCampaign(
      spring,
      ['ana@example.test', 'luis@example.test', 'lea@example.test', 'stranger@example.test'],
      daysAgo(5, 9),
    );
    vendor.campaignEvent(spring, 'ana@example.test', 'open', daysAgo(5, 10));
    vendor.campaignEvent(spring, 'ana@example.test', 'open', daysAgo(4, 10));
    vendor.campaignEvent(spring, 'ana@example.test', 'click', daysAgo(4, 11), 'https://shop.example/sale');
    vendor.campaignEvent(spring, 'luis@example.test', 'bounce', daysAgo(5, 9));
    vendor.campaignEvent(spring, 'lea@example.test', 'open', daysAgo(3));
    vendor.campaignEvent(spring, 'stranger@example.test', 'open', daysAgo(3));
    const winter = vendor.createCampaign({ name: 'Winter', subject: 'Cold deals', listId: 'list-1' });
    vendor.sendCampaign(winter, ['ana@example.test'], daysAgo(60));
    vendor.campaignEvent(winter, 'ana@example.test', 'open', daysAgo(59));
    vendor.createCampaign({ name: 'Draft', listId: 'list-1' });
    return { f, ana, luis, lea, spring, winter };
  }

  it('imports campaigns with their figures and each contact’s and lead’s activity; a second import changes nothing', async () => {
    const { f, ana, luis, lea } = await springSale('Spring');

    const first = await f.import('campaigns');

    expect(first.status).toBe('SUCCEEDED');
    expect(first.result).toEqual({
      full: true,
      campaigns: { read: 3, added: 3, updated: 0, unchanged: 0 },
      activity: {
        // Only "Spring sale" was sent within the refresh window.
        campaignsRead: 1,
        campaignsUnchanged: 0,
        campaignsMissing: 0,
        recipientsRead: 4,
        unknownEmails: 1,
        recordsAdded: 3,
        recordsUpdated: 0,
        recordsUnchanged: 0,
      },
      // The fake connector has no link clicks to read.
      links: {
        campaignsRead: 0,
        campaignsMissing: 0,
        clickersRead: 0,
        clickersUnknown: 0,
        clickerRecords: 0,
      },
    });
    expect(vendor.calls.filter((c) => c.method === 'readCampaignActivity').map((c) => c.listId)).toEqual([
      'cmp-1',
    ]);
    // The report counts no unsubscribes: none are asked for.
    expect(vendor.calls.some((c) => c.method === 'readCampaignUnsubscribes')).toBe(false);

    const list = await f.get('/api/campaigns');
    expect(list.total).toBe(3);
    expect(list.items.map((c: { name: string }) => c.name)).toEqual(['Spring sale', 'Winter', 'Draft']);
    const [spring, winter, draft] = list.items;
    expect(spring).toMatchObject({
      installationId: f.installationId,
      connectorKey: 'fake',
      vendorCampaignId: 'cmp-1',
      subject: '20% off',
      listId: 'list-1',
      status: 'sent',
      sentAt: daysAgo(5, 9).toISOString(),
      figures: {
        recipients: 4,
        opens: 4,
        uniqueOpens: 3,
        clicks: 1,
        uniqueClicks: 1,
        bounces: 1,
        unsubscribes: 0,
      },
    });
    expect(winter.figures).toMatchObject({ recipients: 1, opens: 1 });
    expect(draft).toMatchObject({ status: 'save', sentAt: null, figures: { recipients: 0, opens: 0 } });
    expect(await f.get(`/api/campaigns/${spring.id}`)).toEqual({ ...spring, links: [] });

    const recipients = await f.get(`/api/campaigns/${spring.id}/recipients`);
    expect(
      recipients.items.map((r: Record<string, unknown>) => [
        r.module,
        r.recordId,
        r.recordName,
        r.email,
        r.sent,
        r.opened,
        r.clicked,
        r.bounced,
      ]),
    ).toEqual([
      ['contacts', ana, 'Ana García', 'ana@example.test', 1, 2, 1, 0],
      ['leads', lea, 'Lea Lopez', 'lea@example.test', 1, 1, 0, 0],
      ['contacts', luis, 'Ana Pérez', 'luis@example.test', 1, 0, 0, 1],
    ]);

    const anaActivity = await f.get(`/api/contacts/${ana}/campaign-activity`);
    expect(anaActivity).toMatchObject({
      module: 'contacts',
      recordId: ana,
      totals: { campaigns: 1, sent: 1, opened: 2, clicked: 1, bounced: 0, unsubscribed: 0 },
      total: 1,
    });
    expect(anaActivity.items[0]).toMatchObject({
      campaign: { id: spring.id, name: 'Spring sale', subject: '20% off' },
      email: 'ana@example.test',
      opened: 2,
      clicked: 1,
    });
    expect(anaActivity.items[0].events).toEqual([
      { type: 'sent', at: daysAgo(5, 9).toISOString() },
      { type: 'open', at: daysAgo(5, 10).toISOString() },
      { type: 'open', at: daysAgo(4, 10).toISOString() },
      { type: 'click', at: daysAgo(4, 11).toISOString(), url: 'https://shop.example/sale' },
    ]);
    expect((await f.get(`/api/contacts/${luis}/campaign-activity`)).totals).toMatchObject({
      bounced: 1,
      opened: 0,
    });
    expect((await f.get(`/api/leads/${lea}/campaign-activity`)).totals).toMatchObject({
      campaigns: 1,
      opened: 1,
    });

    const timeline = await f.get(`/api/contacts/${ana}/timeline?types=CAMPAIGN_EVENT`);
    expect(timeline.items).toHaveLength(1);
    expect(timeline.items[0]).toMatchObject({
      type: 'CAMPAIGN_EVENT',
      subject: 'Campaign "Spring sale": sent, opened 2×, clicked 1×',
      source: 'fake',
      occurredAt: daysAgo(4, 11).toISOString(),
      meta: { campaignId: spring.id, opened: 2, clicked: 1 },
      links: [{ module: 'contacts', recordId: ana }],
    });

    // Again: the recent campaign's report has not moved, so nothing is read or written.
    const snapshot = await rows(f.tenant.tenantId);
    vendor.calls.length = 0;
    const second = await f.import('campaigns');

    expect(second.result).toMatchObject({
      full: false,
      campaigns: { read: 1, added: 0, updated: 0, unchanged: 1 },
      activity: { campaignsRead: 0, campaignsUnchanged: 1, recipientsRead: 0 },
    });
    expect(vendor.calls.map((c) => c.method)).toEqual(['listCampaigns']);
    expect(await rows(f.tenant.tenantId)).toEqual(snapshot);
  });

  it('adds new activity to the same rows and timeline entries, never duplicating them', async () => {
    const { f, ana, luis, lea, spring } = await springSale('Growing');
    await f.import('campaigns');

    vendor.campaignEvent(spring, 'ana@example.test', 'open', daysAgo(1));
    vendor.campaignEvent(spring, 'luis@example.test', 'unsubscribe', daysAgo(1, 12));
    const run = await f.import('campaigns');

    expect(run.result).toMatchObject({
      campaigns: { updated: 1 },
      activity: {
        campaignsRead: 1,
        recordsAdded: 0,
        recordsUpdated: 2,
        recordsUnchanged: 1,
        unknownEmails: 1,
      },
    });
    expect((await f.get(`/api/contacts/${ana}/campaign-activity`)).totals).toMatchObject({
      opened: 3,
      clicked: 1,
    });
    expect((await f.get(`/api/contacts/${luis}/campaign-activity`)).totals).toMatchObject({
      bounced: 1,
      unsubscribed: 1,
    });
    expect((await f.get(`/api/leads/${lea}/campaign-activity`)).totals.opened).toBe(1);
    const timeline = await f.get(`/api/contacts/${ana}/timeline?types=CAMPAIGN_EVENT`);
    expect(timeline.items.map((a: { subject: string }) => a.subject)).toEqual([
      'Campaign "Spring sale": sent, opened 3×, clicked 1×',
    ]);
    expect(timeline.items[0].occurredAt).toBe(daysAgo(1).toISOString());
    const dataSource = t.app.get(DataSource);
    expect(await dataSource.getRepository(CampaignRecipient).countBy({ tenantId: f.tenant.tenantId })).toBe(
      3,
    );
    expect(
      await dataSource
        .getRepository(Activity)
        .countBy({ tenantId: f.tenant.tenantId, type: 'CAMPAIGN_EVENT' }),
    ).toBe(3);
    const campaign = (await f.get('/api/campaigns?q=spring')).items[0];
    expect(campaign.figures).toMatchObject({ opens: 5, uniqueOpens: 3, unsubscribes: 1 });
  });

  it('adds the unsubscribes a vendor reports apart to their recipients, each recipient counted once', async () => {
    vendor.unsubscribesApart = true;
    const { f, ana, luis, spring } = await springSale('Apart');
    vendor.campaignEvent(spring, 'luis@example.test', 'unsubscribe', daysAgo(4, 12));
    // Known to the vendor only by the unsubscribe: not on the activity pages.
    const zoe = await f.contact('zoe@example.test', 'Zapata');
    vendor.campaignEvent(spring, 'Zoe@Example.test', 'unsubscribe', daysAgo(4, 13));

    const run = await f.import('campaigns');

    expect(run.result).toMatchObject({
      activity: { recipientsRead: 5, unknownEmails: 1, recordsAdded: 4, recordsUpdated: 0 },
    });
    expect(vendor.calls.filter((c) => c.method === 'readCampaignUnsubscribes').map((c) => c.listId)).toEqual([
      spring,
    ]);
    const luisLine = (await f.get(`/api/contacts/${luis}/campaign-activity`)).items[0];
    expect(luisLine).toMatchObject({ sent: 1, bounced: 1, unsubscribed: 1 });
    expect(luisLine.events).toEqual([
      // At the same instant, events are ordered by kind.
      { type: 'bounce', at: daysAgo(5, 9).toISOString() },
      { type: 'sent', at: daysAgo(5, 9).toISOString() },
      { type: 'unsubscribe', at: daysAgo(4, 12).toISOString() },
    ]);
    const zoeLine = (await f.get(`/api/contacts/${zoe}/campaign-activity`)).items[0];
    expect(zoeLine).toMatchObject({ sent: 1, opened: 0, unsubscribed: 1 });
    expect((await f.get(`/api/contacts/${zoe}/timeline?types=CAMPAIGN_EVENT`)).items[0].subject).toBe(
      'Campaign "Spring sale": sent, unsubscribed',
    );
    expect((await f.get(`/api/contacts/${ana}/campaign-activity`)).totals.unsubscribed).toBe(0);
  });

  it('keeps tenants apart and recipients within what the reader may see', async () => {
    const { f, ana } = await springSale('Visible');
    await f.import('campaigns');
    const spring = (await f.get('/api/campaigns?status=sent&sort=-sentAt')).items[0];

    const other = await ImportFixture.create(t, vendor, 'Other');
    expect(await other.get('/api/campaigns')).toMatchObject({ items: [], total: 0 });
    await t.http().get(`/api/campaigns/${spring.id}`).set(other.auth).expect(404);
    await t.http().get(`/api/campaigns/${spring.id}/recipients`).set(other.auth).expect(404);
    await t.http().get(`/api/contacts/${ana}/campaign-activity`).set(other.auth).expect(404);
    await t
      .http()
      .post(`/api/installations/${f.installationId}/campaigns/import`)
      .set(other.auth)
      .expect(404);
    await t.http().get(`/api/installations/${f.installationId}/imports`).set(other.auth).expect(404);

    // A rep who sees only their own records: the campaign, but only their contacts among its recipients.
    const rep = await signInNewUser(t, f.tenant.tenantId, { recordAccess: 'OWN' });
    const own = await f.contact('own@example.test', 'Propio', { ownerId: rep.userId });
    vendor.sendCampaign(spring.vendorCampaignId, ['own@example.test'], daysAgo(5, 9));
    await f.import('campaigns');
    expect((await f.get(`/api/campaigns/${spring.id}`, rep.auth)).name).toBe('Spring sale');
    const seen = await f.get(`/api/campaigns/${spring.id}/recipients`, rep.auth);
    expect(seen.items.map((r: { recordId: string }) => r.recordId)).toEqual([own]);
    expect(seen.total).toBe(1);
    await t.http().get(`/api/contacts/${ana}/campaign-activity`).set(rep.auth).expect(404);
    expect((await f.get(`/api/contacts/${own}/campaign-activity`, rep.auth)).totals.sent).toBe(1);
    await t.http().post(`/api/installations/${f.installationId}/campaigns/import`).set(rep.auth).expect(403);

    // Without the activities module there is no campaign activity to read.
    const noActivities = await signInNewUser(t, f.tenant.tenantId, {
      recordAccess: 'ALL',
      modules: ['contacts', 'leads'],
    });
    await t.http().get('/api/campaigns').set(noActivities.auth).expect(403);
  });

  it('answers a second request while one waits with the same run, and refuses an installation that needs re-authorization', async () => {
    const f = await ImportFixture.create(t, vendor, 'Queue');
    const url = `/api/installations/${f.installationId}/campaigns/import`;
    const queued = (await t.http().post(url).set(f.auth).expect(202)).body;
    const again = (await t.http().post(url).set(f.auth).expect(202)).body;
    expect(again.id).toBe(queued.id);
    const runs = await f.get(`/api/installations/${f.installationId}/imports?kind=CAMPAIGNS`);
    expect(runs.total).toBe(1);

    await t.app
      .get(DataSource)
      .getRepository(ConnectorInstallation)
      .update({ id: f.installationId }, { status: 'NEEDS_REAUTHORIZATION' });
    await t.http().post(`/api/installations/${f.installationId}/carts/import`).set(f.auth).expect(409);
  });

  it('fails the import and flags the installation when the vendor revokes access', async () => {
    const f = await ImportFixture.create(t, vendor, 'Revoked');
    vendor.pendingFailures.push(new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'token revoked'));
    const run = await f.import('campaigns');
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/re-authorize/);
    const installation = await f.get(`/api/installations/${f.installationId}`);
    expect(installation.status).toBe('NEEDS_REAUTHORIZATION');
  });

  it('keeps campaigns and their activity readable after uninstall, and a reinstallation adopts them', async () => {
    const { f, ana } = await springSale('Leaving');
    await f.import('campaigns');

    const removed = await t.http().delete(`/api/installations/${f.installationId}`).set(f.auth).expect(200);
    expect(removed.body.kept).toEqual({ campaigns: 3 });
    expect(removed.body.removed).toMatchObject({ importRuns: 1, installation: 1 });

    const list = await f.get('/api/campaigns');
    expect(list.total).toBe(3);
    expect(list.items.every((c: { installationId: string | null }) => c.installationId === null)).toBe(true);
    const spring = list.items[0];
    expect((await f.get(`/api/campaigns/${spring.id}/recipients`)).total).toBe(3);
    expect((await f.get(`/api/contacts/${ana}/campaign-activity`)).totals.opened).toBe(2);
    expect((await f.get(`/api/contacts/${ana}/timeline?types=CAMPAIGN_EVENT`)).total).toBe(1);

    // The same vendor account installed again: the campaigns are its own again, not copies.
    const { installationId } = await installFakeConnector(t, f.tenant, vendor, { accountId: f.accountId });
    await t.app.get(DataSource).getRepository(ImportRun).delete({ tenantId: f.tenant.tenantId });
    const requested = await t
      .http()
      .post(`/api/installations/${installationId}/campaigns/import`)
      .set(f.auth)
      .expect(202);
    const { ImportRunner } = await import('@crm/connector-sdk');
    const run = await t.app.get(ImportRunner).execute(requested.body.id);
    expect(run?.result).toMatchObject({ campaigns: { added: 0, updated: 3 }, activity: { recordsAdded: 0 } });
    const after = await f.get('/api/campaigns');
    expect(after.total).toBe(3);
    expect(after.items.every((c: { installationId: string }) => c.installationId === installationId)).toBe(
      true,
    );
    expect((await f.get(`/api/contacts/${ana}/timeline?types=CAMPAIGN_EVENT`)).total).toBe(1);
  });

  /** Every campaign, recipient and campaign timeline row of the tenant, for before/after comparisons. */
  async function rows(tenantId: TenantId) {
    const dataSource = t.app.get(DataSource);
    const order = { id: 'ASC' } as const;
    return {
      campaigns: await dataSource.getRepository(Campaign).find({ where: { tenantId }, order }),
      recipients: await dataSource.getRepository(CampaignRecipient).find({ where: { tenantId }, order }),
      activities: await dataSource
        .getRepository(Activity)
        .find({ where: { tenantId, type: 'CAMPAIGN_EVENT' }, order }),
    };
  }
});

describe('campaign import on its schedule', () => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('sqlite', { runWorkerInApi: true }, [
      FakeMarketingConnectorModule.register(vendor),
    ]);
  });
  afterAll(() => t?.close());

  it('queues one import per installation and hour, whichever worker ticks, and its job runs it', async () => {
    const { ImportScheduler } = await import('@crm/connector-sdk');
    const f = await ImportFixture.create(t, vendor, 'Hourly');
    await f.contact('ana@example.test');
    const campaign = vendor.createCampaign({ name: 'Hourly news' });
    vendor.sendCampaign(campaign, ['ana@example.test'], daysAgo(1));
    const scheduler = t.app.get(ImportScheduler);
    const now = new Date();

    expect(await scheduler.tick(now)).toEqual([`CAMPAIGNS:${f.installationId}`]);
    expect(await scheduler.tick(now)).toEqual([]);

    let runs;
    for (let i = 0; i < 200; i++) {
      runs = await f.get(`/api/installations/${f.installationId}/imports`);
      if (runs.items[0]?.status === 'SUCCEEDED') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({ trigger: 'SCHEDULE', kind: 'CAMPAIGNS', status: 'SUCCEEDED' });
    const ana = (await f.get('/api/contacts')).items[0].id;
    expect(
      (await f.get(`/api/contacts/${ana}/campaign-activity`, bearer(f.tenant.adminToken))).totals.sent,
    ).toBe(1);
  });
});
