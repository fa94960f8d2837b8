import { DataSource } from 'typeorm';
import { FieldMapping, type VendorField } from '@crm/connector-sdk';
import { FakeConnectorModule, fakeManifest, FakeVendor } from '@crm/connector-sdk/testing';
import { signInNewUser, SignedInUser } from '../e2e/sales-users.fixture';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { EngineFixture } from './engine-fixtures';

type Problem = { field: string; reason: string };
type Mapping = { vendorField: string; crmField: string; direction: 'TO_VENDOR' | 'TO_CRM' | 'BOTH' };
const problems = (body: { errors?: Problem[] }) => body.errors ?? [];

/** MailUp-like fields: a required code, and a source every module fills its own way. */
const FIELDS: VendorField[] = [
  { key: 'CODE', label: 'Codice', type: 'text', required: true },
  { key: 'SOURCE', label: 'Origine', type: 'text', required: false },
];
const locked = (): Mapping[] =>
  fakeManifest.defaultMappings.map(({ vendorField, crmField, direction }) => ({
    vendorField,
    crmField,
    direction,
  }));
const contactsMapping = (): Mapping[] => [
  ...locked(),
  { vendorField: 'CODE', crmField: 'custom.code', direction: 'TO_VENDOR' },
];
const leadsMapping = (): Mapping[] => [
  ...locked(),
  { vendorField: 'CODE', crmField: 'custom.leadcode', direction: 'TO_VENDOR' },
  { vendorField: 'SOURCE', crmField: 'company', direction: 'TO_VENDOR' },
];
const byVendorField = (mappings: Mapping[]) =>
  Object.fromEntries(mappings.map((m) => [m.vendorField, m.crmField]));

describe.each(databaseKinds)('field mappings per CRM module (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let f: EngineFixture;
  let rep: SignedInUser;

  const url = () => `/api/installations/${f.installationId}/mappings`;
  const get = (query: object, auth = f.auth) => t.http().get(url()).query(query).set(auth);
  const put = (body: object, auth = f.auth) => t.http().put(url()).set(auth).send(body);
  const savedRows = async () =>
    (await t.app.get(DataSource).getRepository(FieldMapping).findBy({ tenantId: f.tenant.tenantId }))
      .map((row) => `${row.listId === f.listId ? 'list' : row.listId} ${row.crmModule} ${row.vendorField}`)
      .sort();

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
    f = await EngineFixture.create(t, vendor, 'Mappature');
    vendor.list(f.listId).fields = structuredClone(FIELDS);
    rep = await signInNewUser(t, f.tenant.tenantId, { recordAccess: 'ALL' });
    for (const field of [
      { module: 'contacts', key: 'code', label: 'Codice', type: 'text', required: true },
      { module: 'leads', key: 'leadcode', label: 'Codice lead', type: 'text', required: true },
    ])
      await t.http().post('/api/custom-fields').set(f.auth).send(field).expect(201);
    await f.saveSettings({ syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR', subscriberModule: 'contacts' });
  });
  afterAll(() => t.close());

  it('keeps a mapping per module, and each module falls back to the list’s, then to the defaults', async () => {
    const before = (await get({ listId: f.listId, module: 'leads' }).expect(200)).body;
    expect(before).toMatchObject({ module: 'leads', source: 'defaults', saved: false });
    expect(before.mappings).toEqual(fakeManifest.defaultMappings);
    expect(before.crmFields).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'custom.leadcode', required: true })]),
    );
    expect(before.crmFields).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'custom.code' })]),
    );

    await put({ listId: f.listId, mappings: contactsMapping() }).expect(200);
    const inherited = (await get({ listId: f.listId, module: 'leads' }).set(rep.auth).expect(200)).body;
    expect(inherited).toMatchObject({ module: 'leads', source: 'list', saved: false });
    expect(byVendorField(inherited.mappings).CODE).toBe('custom.code');

    const saved = await put({ listId: f.listId, module: 'leads', mappings: leadsMapping() }).expect(200);
    expect(saved.body).toMatchObject({ listId: f.listId, module: 'leads', warnings: [] });
    const own = (await get({ listId: f.listId, module: 'leads' }).set(rep.auth).expect(200)).body;
    expect(own).toMatchObject({ module: 'leads', source: 'module', saved: true });
    expect(byVendorField(own.mappings)).toMatchObject({ CODE: 'custom.leadcode', SOURCE: 'company' });
    // The list's mappings for every other module are still there, as they were.
    const listWide = (await get({ listId: f.listId }).expect(200)).body;
    expect(listWide).toMatchObject({
      module: null,
      source: 'list',
      saved: true,
      subscriberModule: 'contacts',
    });
    expect(byVendorField(listWide.mappings).CODE).toBe('custom.code');
    const contacts = (await get({ listId: f.listId, module: 'contacts' }).expect(200)).body;
    expect(contacts).toMatchObject({ source: 'list', saved: false });
    expect(await savedRows()).toEqual([
      'list * CODE',
      'list * EMAIL',
      'list * FNAME',
      'list * LNAME',
      'list leads CODE',
      'list leads EMAIL',
      'list leads FNAME',
      'list leads LNAME',
      'list leads SOURCE',
    ]);
  });

  const refusals: Array<[string, object, Problem]> = [
    [
      'a required vendor field mapped to an optional field of the module',
      {
        module: 'leads',
        mappings: leadsMapping().map((m) => (m.vendorField === 'CODE' ? { ...m, crmField: 'title' } : m)),
      },
      {
        field: 'mappings.3.crmField',
        reason: expect.stringMatching(
          /CODE is required at the vendor, so it may only map to a required CRM field; title is optional/,
        ),
      },
    ],
    [
      'a field of another module',
      {
        module: 'leads',
        mappings: leadsMapping().map((m) =>
          m.vendorField === 'CODE' ? { ...m, crmField: 'custom.code' } : m,
        ),
      },
      { field: 'mappings.3.crmField', reason: 'custom.code is not a field of leads' },
    ],
    [
      'a module mappings cannot have',
      { module: 'deals', mappings: leadsMapping() },
      { field: 'module', reason: expect.stringMatching(/contacts, leads, organizations/) },
    ],
  ];

  it.each(refusals)(
    'refuses %s with a 400 naming the field, and writes nothing',
    async (_case, body, problem) => {
      const before = await savedRows();
      const res = await put({ listId: f.listId, ...body }).expect(400);
      expect(problems(res.body)).toEqual([problem]);
      expect(await savedRows()).toEqual(before);
    },
  );

  it('asks for the list where the vendor’s fields are each list’s, and for a known module', async () => {
    const res = await put({ module: 'leads', mappings: leadsMapping() }).expect(400);
    expect(problems(res.body)).toEqual([
      {
        field: 'listId',
        reason: expect.stringMatching(/is required: Fake Mail's fields belong to each list/),
      },
    ]);
    const unknown = await get({ listId: f.listId, module: 'campaigns' }).expect(400);
    expect(problems(unknown.body).map((p) => p.field)).toEqual(['module']);
  });

  it('writes each record to the vendor with its own module’s mappings', async () => {
    const ana = await t
      .http()
      .post('/api/contacts')
      .set(f.auth)
      .send({ lastName: 'Rossi', emails: [{ email: 'ana@mappature.test' }], custom: { code: 'C-1' } })
      .expect(201);
    const luis = await t
      .http()
      .post('/api/leads')
      .set(f.auth)
      .send({
        lastName: 'Bianchi',
        company: 'Acme Srl',
        emails: [{ email: 'luis@mappature.test' }],
        custom: { leadcode: 'L-9' },
      })
      .expect(201);

    const run = await f.sync({ kind: 'FULL' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: expect.objectContaining({ added: 1 }) });
    await t
      .http()
      .post(`/api/installations/${f.installationId}/actions/add-to-audience`)
      .set(f.auth)
      .send({ module: 'leads', recordIds: [luis.body.id], listId: f.listId })
      .expect(200);

    expect(vendor.member(f.listId, 'ana@mappature.test')?.fields).toMatchObject({
      CODE: 'C-1',
      LNAME: 'Rossi',
    });
    expect(vendor.member(f.listId, 'ana@mappature.test')?.fields.SOURCE ?? null).toBeNull();
    expect(vendor.member(f.listId, 'luis@mappature.test')?.fields).toMatchObject({
      CODE: 'L-9',
      SOURCE: 'Acme Srl',
      LNAME: 'Bianchi',
    });
    expect(ana.body.id).toBeDefined();
    // Nothing changed: the next run plans both with the same mappings and writes nothing.
    const writes = vendor.writeCalls();
    expect((await f.sync()).counts).toMatchObject({ added: 0, updated: 0 });
    expect(vendor.writeCalls()).toBe(writes);
  });

  it('lets admins forget a module’s own mappings, going back to the list’s', async () => {
    await t.http().delete(url()).query({ listId: f.listId, module: 'leads' }).set(rep.auth).expect(403);
    const reset = await t
      .http()
      .delete(url())
      .query({ listId: f.listId, module: 'leads' })
      .set(f.auth)
      .expect(200);
    expect(reset.body).toMatchObject({ module: 'leads', source: 'list', saved: false });
    expect(await savedRows()).toEqual(['list * CODE', 'list * EMAIL', 'list * FNAME', 'list * LNAME']);
  });
});

describe.each(databaseKinds)('account-wide vendor fields (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let f: EngineFixture;
  let other: string;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor, { fieldsScope: 'account' })]);
    f = await EngineFixture.create(t, vendor, 'Account');
    other = vendor.createList('Second list');
    for (const listId of [f.listId, other]) vendor.list(listId).fields = structuredClone(FIELDS);
    await t
      .http()
      .post('/api/custom-fields')
      .set(f.auth)
      .send({ module: 'contacts', key: 'code', label: 'Codice', type: 'text', required: true })
      .expect(201);
    await f.saveSettings({ syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR', targetListId: other });
  });
  afterAll(() => t.close());

  it('keeps one mapping per module for every list, without naming a list', async () => {
    const url = `/api/installations/${f.installationId}/mappings`;
    const empty = (
      await t.http().get(url).query({ module: 'contacts' }).set(bearer(f.tenant.adminToken)).expect(200)
    ).body;
    expect(empty).toMatchObject({ scope: 'account', listId: null, source: 'defaults', vendorFields: FIELDS });

    await t.http().put(url).set(f.auth).send({ module: 'contacts', mappings: contactsMapping() }).expect(200);
    const rows = await t.app
      .get(DataSource)
      .getRepository(FieldMapping)
      .findBy({ tenantId: f.tenant.tenantId });
    expect(new Set(rows.map((row) => `${row.listId} ${row.crmModule}`))).toEqual(new Set(['* contacts']));
    const anyList = (
      await t.http().get(url).query({ listId: other, module: 'contacts' }).set(f.auth).expect(200)
    ).body;
    expect(anyList).toMatchObject({ scope: 'account', source: 'module', saved: true });

    await t
      .http()
      .post('/api/contacts')
      .set(f.auth)
      .send({ lastName: 'Verdi', emails: [{ email: 'eva@account.test' }], custom: { code: 'A-7' } })
      .expect(201);
    expect((await f.sync({ kind: 'FULL' })).status).toBe('SUCCEEDED');
    expect(vendor.member(other, 'eva@account.test')?.fields).toMatchObject({ CODE: 'A-7' });
  });
});
