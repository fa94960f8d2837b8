import { DataSource } from 'typeorm';
import { asTenantId } from '@crm/platform';
import { Campaign, CampaignLink } from '@crm/core';
import { CampaignSend, ImportRun, NotificationsService } from '@crm/connector-sdk';
import { FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

type Ids = Record<string, string>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Tenant A's administrator aims every documented route that takes an id at tenant B's records.
 * Each must answer 404 and change nothing in B. The route list comes from the OpenAPI document,
 * so a new endpoint without an entry in BODIES/PARAMS fails this test until it is covered.
 */
const PARAMS: Record<string, (ids: Ids) => Record<string, string>> = {
  organizations: (ids) => ({ id: ids.organization, emailId: ids.organizationEmail }),
  contacts: (ids) => ({ id: ids.contact, emailId: ids.contactEmail }),
  leads: (ids) => ({ id: ids.lead, emailId: ids.leadEmail }),
  views: (ids) => ({ id: ids.view }),
  'custom-fields': (ids) => ({ id: ids.customField }),
  picklists: (ids) => ({ id: ids.picklist, valueId: ids.picklistValue }),
  profiles: (ids) => ({ id: ids.profile }),
  teams: (ids) => ({ id: ids.team }),
  users: (ids) => ({ id: ids.user }),
  'api-keys': (ids) => ({ id: ids.apiKey }),
  pipelines: (ids) => ({ id: ids.pipeline, stageId: ids.stage }),
  products: (ids) => ({ id: ids.product }),
  deals: (ids) => ({ id: ids.deal }),
  activities: (ids) => ({ id: ids.activity }),
  installations: (ids) => ({
    id: ids.installation,
    listId: ids.vendorList,
    runId: ids.importRun,
    sendId: ids.campaignSend,
  }),
  campaigns: (ids) => ({ id: ids.campaign, linkId: ids.campaignLink }),
  runs: (ids) => ({ id: ids.run }),
  notifications: (ids) => ({ id: ids.notification }),
};

/** Query strings a route needs to pass validation. */
const QUERIES: Record<string, (ids: Ids) => string> = {
  'GET /api/installations/{id}/mappings': (ids) => `?listId=${ids.vendorList}`,
};

/** Routes whose path parameter is not a tenant's record (a connector key in the marketplace). */
const NOT_TENANT_OWNED = new Set([
  'GET /api/marketplace/{key}/logo.svg',
  'POST /api/marketplace/{key}/install',
]);

/** Valid bodies, so that validation passes and the tenant check is what answers. */
const BODIES: Record<string, (ids: Ids) => unknown> = {
  'PATCH /api/organizations/{id}': () => ({ name: 'Hacked' }),
  'PATCH /api/contacts/{id}': () => ({ lastName: 'Hacked' }),
  'PATCH /api/leads/{id}': () => ({ lastName: 'Hacked' }),
  'POST /api/organizations/{id}/emails': () => ({ email: 'hacker@evil.test' }),
  'POST /api/contacts/{id}/emails': () => ({ email: 'hacker@evil.test' }),
  'POST /api/leads/{id}/emails': () => ({ email: 'hacker@evil.test' }),
  'PATCH /api/organizations/{id}/emails/{emailId}': () => ({ status: 'BOUNCED' }),
  'PATCH /api/contacts/{id}/emails/{emailId}': () => ({ status: 'BOUNCED' }),
  'PATCH /api/leads/{id}/emails/{emailId}': () => ({ status: 'BOUNCED' }),
  'PATCH /api/views/{id}': () => ({ name: 'Hacked' }),
  'PATCH /api/custom-fields/{id}': () => ({ label: 'Hacked' }),
  'PATCH /api/picklists/{id}': () => ({ label: 'Hacked' }),
  'POST /api/picklists/{id}/values': () => ({ value: 'Hacked' }),
  'PATCH /api/picklists/{id}/values/{valueId}': () => ({ value: 'Hacked' }),
  'PATCH /api/profiles/{id}': () => ({ name: 'Hacked' }),
  'PATCH /api/teams/{id}': () => ({ name: 'Hacked' }),
  'PUT /api/teams/{id}/members': () => ({ userIds: [] }),
  'PATCH /api/users/{id}': () => ({ name: 'Hacked' }),
  'PATCH /api/pipelines/{id}': () => ({ name: 'Hacked' }),
  'POST /api/pipelines/{id}/stages': () => ({ name: 'Hacked', probability: 10 }),
  'PATCH /api/pipelines/{id}/stages/{stageId}': () => ({ name: 'Hacked' }),
  'PUT /api/pipelines/{id}/stages/order': (ids) => ({ stageIds: [ids.stage] }),
  'PATCH /api/products/{id}': () => ({ name: 'Hacked' }),
  'PATCH /api/deals/{id}': () => ({ name: 'Hacked' }),
  'PUT /api/deals/{id}/lines': () => ({ lines: [] }),
  'POST /api/deals/{id}/move': (ids) => ({ stageId: ids.stage }),
  'PATCH /api/activities/{id}': () => ({ subject: 'Hacked' }),
  'POST /api/installations/{id}/lists/{listId}/fields': () => ({ label: 'Hacked', type: 'text' }),
  'PUT /api/installations/{id}/settings': (ids) => ({
    listSelection: 'BULK',
    listIds: [],
    syncType: 'TWO_WAY',
    direction: null,
    conflictWinner: 'VENDOR',
    schedule: 'off',
    carts: { enabled: false, storeIds: [] },
    subscriberModule: 'contacts',
    targetListId: ids.vendorList,
  }),
  'PUT /api/installations/{id}/mappings': (ids) => ({
    listId: ids.vendorList,
    mappings: [
      { vendorField: 'EMAIL', crmField: 'email', direction: 'BOTH' },
      { vendorField: 'FNAME', crmField: 'firstName', direction: 'BOTH' },
      { vendorField: 'LNAME', crmField: 'lastName', direction: 'BOTH' },
    ],
  }),
  'POST /api/installations/{id}/credentials': () => ({ fields: { apiKey: 'stolen', account: 'evil' } }),
  'POST /api/installations/{id}/health-check': () => ({}),
  'POST /api/installations/{id}/sync': () => ({}),
  'POST /api/installations/{id}/campaigns/import': () => ({}),
  'POST /api/installations/{id}/campaigns/activity/import': () => ({}),
  'POST /api/campaigns/{id}/links/{linkId}/clickers/mass-edit': (ids) => ({
    module: 'contacts',
    recordIds: [ids.contact],
    fields: { lastName: 'Hacked' },
  }),
  'POST /api/campaigns/{id}/links/{linkId}/clickers/events': (ids) => ({
    module: 'contacts',
    recordIds: [ids.contact],
    subject: 'Hacked',
    startsAt: new Date().toISOString(),
  }),
  'POST /api/installations/{id}/carts/import': () => ({}),
  'POST /api/installations/{id}/lists/import': () => ({}),
  'PUT /api/installations/{id}/lists/{listId}/views': (ids) => ({ viewIds: [ids.view] }),
  'POST /api/installations/{id}/lists/{listId}/subscribers/sync': () => ({}),
  'POST /api/installations/{id}/subscribers/sync': () => ({}),
  'POST /api/installations/{id}/failures/replay': () => ({}),
  'POST /api/installations/{id}/actions/add-to-audience': (ids) => ({
    module: 'contacts',
    recordIds: [ids.contact],
    listId: ids.vendorList,
    tag: 'Hacked',
  }),
  'POST /api/installations/{id}/tags/sync': () => ({}),
  'POST /api/installations/{id}/campaign-sends/preview': (ids) => ({
    viewId: ids.view,
    campaignId: 'b-campaign',
  }),
  'POST /api/installations/{id}/campaign-sends': (ids) => ({ viewId: ids.view, campaignId: 'b-campaign' }),
  'POST /api/notifications/{id}/read': () => ({}),
};

/** GET routes of B's records, read back as B before and after the attack. */
const SNAPSHOTS: Array<(ids: Ids) => string> = [
  (ids) => `/api/organizations/${ids.organization}`,
  (ids) => `/api/contacts/${ids.contact}`,
  (ids) => `/api/leads/${ids.lead}`,
  (ids) => `/api/views/${ids.view}`,
  (ids) => `/api/custom-fields/${ids.customField}`,
  (ids) => `/api/picklists/${ids.picklist}`,
  (ids) => `/api/profiles/${ids.profile}`,
  (ids) => `/api/teams/${ids.team}`,
  (ids) => `/api/teams/${ids.team}/members`,
  (ids) => `/api/users/${ids.user}`,
  () => `/api/api-keys`,
  (ids) => `/api/pipelines/${ids.pipeline}`,
  (ids) => `/api/products/${ids.product}`,
  (ids) => `/api/deals/${ids.deal}`,
  (ids) => `/api/deals/${ids.deal}/lines`,
  (ids) => `/api/activities/${ids.activity}`,
  (ids) => `/api/installations/${ids.installation}`,
  (ids) => `/api/installations/${ids.installation}/settings`,
  (ids) => `/api/installations/${ids.installation}/mappings?listId=${ids.vendorList}`,
  (ids) => `/api/installations/${ids.installation}/runs`,
  (ids) => `/api/runs/${ids.run}`,
  () => `/api/notifications`,
  (ids) => `/api/campaigns/${ids.campaign}`,
  (ids) => `/api/installations/${ids.installation}/imports`,
  (ids) => `/api/installations/${ids.installation}/campaign-sends/${ids.campaignSend}`,
];

async function createTenantBData(t: TestApp, b: TestTenant, vendor: FakeVendor): Promise<Ids> {
  const as = bearer(b.adminToken);
  const post = async (path: string, body: object) =>
    (await t.http().post(path).set(as).send(body).expect(201)).body;
  const organization = await post('/api/organizations', {
    name: 'B Org',
    kind: 'CLIENT',
    rating: 'C - Baja',
    clientType: 'Distribuidor',
    emails: [{ email: 'org@b.test' }],
  });
  const contact = await post('/api/contacts', {
    lastName: 'B Contact',
    organizationId: organization.id,
    emails: [{ email: 'c@b.test' }],
  });
  const lead = await post('/api/leads', { lastName: 'B Lead', emails: [{ email: 'l@b.test' }] });
  const view = await post('/api/views', {
    module: 'contacts',
    name: 'B view',
    filter: { op: 'and', conditions: [] },
  });
  const customField = await post('/api/custom-fields', {
    module: 'contacts',
    key: 'b_field',
    label: 'B',
    type: 'text',
  });
  const picklist = await post('/api/picklists', { key: 'contact.bList', label: 'B list', values: ['Uno'] });
  const profile = await post('/api/profiles', {
    name: 'B profile',
    isAdmin: false,
    recordAccess: 'ALL',
    modules: ['contacts'],
  });
  const team = await post('/api/teams', { name: 'B team' });
  const user = await post('/api/users', {
    email: 'user@b.test',
    name: 'B user',
    password: 'b-password-1',
    profileId: profile.id,
    teamIds: [team.id],
  });
  const apiKey = await post('/api/api-keys', { name: 'B key' });
  const pipeline = await post('/api/pipelines', { name: 'B pipeline' });
  const withStage = await post(`/api/pipelines/${pipeline.id}/stages`, { name: 'B stage', probability: 20 });
  const stage = withStage.stages.find((s: { name: string }) => s.name === 'B stage');
  const product = await post('/api/products', {
    name: 'B product',
    sku: 'B-1',
    unitPriceCents: 1000,
    currency: 'MXN',
  });
  const deal = await post('/api/deals', {
    name: 'B deal',
    pipelineId: pipeline.id,
    stageId: stage.id,
    currency: 'MXN',
  });
  const activity = await post('/api/activities', {
    type: 'NOTE',
    subject: 'B note',
    occurredAt: new Date().toISOString(),
    links: [{ module: 'contacts', recordId: contact.id }],
  });
  const installation = await post('/api/marketplace/fake/install', { scope: 'ALL_USERS', acceptTerms: true });
  await t
    .http()
    .post(`/api/installations/${installation.id}/credentials`)
    .set(as)
    .send({ fields: { apiKey: vendor.validApiKey, account: 'b-account' } })
    .expect(200);
  const vendorList = vendor.createList('B list');
  const run = (await t.http().post(`/api/installations/${installation.id}/sync`).set(as).send({}).expect(202))
    .body;
  await t.app
    .get(NotificationsService)
    .notify(asTenantId(b.tenantId), { type: 'NEW_SUBSCRIBER', title: 'B news' }, { kind: 'admins' });
  const [notification] = (await t.http().get('/api/notifications').set(as).expect(200)).body.items;
  // The fake connector here imports no campaigns: B's campaign and import are written directly.
  const dataSource = t.app.get(DataSource);
  const campaign = await dataSource.getRepository(Campaign).save(
    dataSource.getRepository(Campaign).create({
      tenantId: b.tenantId,
      installationId: installation.id,
      connectorKey: 'fake',
      vendorCampaignId: 'b-campaign',
      name: 'B campaign',
      status: 'sent',
      sentAt: new Date(),
    }),
  );
  const campaignLink = await dataSource.getRepository(CampaignLink).save(
    dataSource.getRepository(CampaignLink).create({
      tenantId: b.tenantId,
      campaignId: campaign.id,
      vendorLinkId: 'b-link',
      url: 'https://b.example.test/',
      position: 0,
      clicks: 1,
      uniqueClicks: 1,
    }),
  );
  const importRun = await dataSource.getRepository(ImportRun).save(
    dataSource.getRepository(ImportRun).create({
      tenantId: b.tenantId,
      installationId: installation.id,
      kind: 'CAMPAIGNS',
      trigger: 'MANUAL',
      status: 'SUCCEEDED',
    }),
  );
  const campaignSend = await dataSource.getRepository(CampaignSend).save(
    dataSource.getRepository(CampaignSend).create({
      tenantId: b.tenantId,
      installationId: installation.id,
      viewId: view.id,
      viewName: 'B view',
      viewModule: 'contacts',
      filter: { op: 'and', conditions: [] },
      campaignId: 'b-campaign',
      campaignName: 'B campaign',
      listId: vendorList,
      status: 'SENT',
    }),
  );
  return {
    campaign: campaign.id,
    campaignLink: campaignLink.id,
    campaignSend: campaignSend.id,
    importRun: importRun.id,
    installation: installation.id,
    vendorList,
    run: run.id,
    notification: notification.id,
    organization: organization.id,
    organizationEmail: organization.emails[0].id,
    contact: contact.id,
    contactEmail: contact.emails[0].id,
    lead: lead.id,
    leadEmail: lead.emails[0].id,
    view: view.id,
    customField: customField.id,
    picklist: picklist.id,
    picklistValue: picklist.values[0].id,
    profile: profile.id,
    team: team.id,
    user: user.id,
    apiKey: apiKey.id,
    pipeline: pipeline.id,
    stage: stage.id,
    product: product.id,
    deal: deal.id,
    activity: activity.id,
  };
}

describe.each(databaseKinds)('tenant isolation (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let ids: Ids;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
    a = await t.createTenant('Tenant A');
    b = await t.createTenant('Tenant B');
    ids = await createTenantBData(t, b, vendor);
  });
  afterAll(() => t.close());

  const snapshot = async () => {
    const result: Record<string, unknown> = {};
    for (const path of SNAPSHOTS.map((build) => build(ids))) {
      result[path] = (await t.http().get(path).set(bearer(b.adminToken)).expect(200)).body;
    }
    return result;
  };

  it('every route with an id answers 404 for another tenant’s ids and changes nothing', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const before = await snapshot();
    const attempted: string[] = [];
    const uncovered: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.includes('{')) continue;
      const [, , resource] = path.split('/');
      for (const method of Object.keys(operations) as Method[]) {
        const route = `${method.toUpperCase()} ${path}`;
        if (NOT_TENANT_OWNED.has(route)) continue;
        const params = resource.startsWith('{')
          ? { module: 'contacts', id: ids.contact }
          : PARAMS[resource]?.(ids);
        const needsBody = ['post', 'put', 'patch'].includes(method);
        if (!params || (needsBody && !BODIES[route])) {
          uncovered.push(route);
          continue;
        }
        const url =
          path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? `missing-${name}`) +
          (QUERIES[route]?.(ids) ?? '');
        const request = t.http()[method](url).set(bearer(a.adminToken));
        const response = needsBody ? await request.send(BODIES[route](ids) as object) : await request;
        attempted.push(route);
        expect({ route, status: response.status }).toEqual({ route, status: 404 });
      }
    }
    expect(uncovered).toEqual([]);
    expect(attempted.length).toBeGreaterThan(40);
    expect(await snapshot()).toEqual(before);
  });

  it('lists never include another tenant’s rows', async () => {
    const lists = [
      'organizations',
      'contacts',
      'leads',
      'views',
      'custom-fields',
      'picklists',
      'profiles',
      'teams',
      'users',
      'api-keys',
      'pipelines',
      'products',
      'deals',
      'activities',
    ];
    const foreign = new Set(Object.values(ids));
    for (const list of lists) {
      const response = await t.http().get(`/api/${list}`).set(bearer(a.adminToken)).expect(200);
      const items: Array<{ id: string }> = Array.isArray(response.body) ? response.body : response.body.items;
      expect({ list, leaked: items.filter((item) => foreign.has(item.id)).map((item) => item.id) }).toEqual({
        list,
        leaked: [],
      });
    }
  });

  it('references to another tenant’s records are refused when creating', async () => {
    const as = bearer(a.adminToken);
    const contact = await t
      .http()
      .post('/api/contacts')
      .set(as)
      .send({ lastName: 'X', organizationId: ids.organization })
      .expect(400);
    expect(contact.body.errors[0].field).toBe('organizationId');
    const deal = await t
      .http()
      .post('/api/deals')
      .set(as)
      .send({ name: 'X', contactId: ids.contact, currency: 'MXN' })
      .expect(400);
    expect(deal.body.errors[0].field).toBe('contactId');
    const note = await t
      .http()
      .post('/api/activities')
      .set(as)
      .send({
        type: 'NOTE',
        subject: 'x',
        occurredAt: new Date().toISOString(),
        links: [{ module: 'contacts', recordId: ids.contact }],
      })
      .expect(400);
    expect(note.body.errors[0].field).toBe('links.0.recordId');
    await t
      .http()
      .post('/api/users')
      .set(as)
      .send({ email: 'x@a.test', name: 'X', password: 'password-123', profileId: ids.profile })
      .expect(400);
  });
});
