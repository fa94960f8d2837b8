import { DataSource } from 'typeorm';
import { FieldMapping, type VendorField } from '@crm/connector-sdk';
import { FakeConnectorModule, fakeManifest, FakeVendor } from '@crm/connector-sdk/testing';
import { signInNewUser, SignedInUser } from '../e2e/sales-users.fixture';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

type Problem = { field: string; reason: string };
type Mapping = { vendorField: string; crmField: string; direction: 'TO_VENDOR' | 'TO_CRM' | 'BOTH' };
const problems = (body: { errors?: Problem[] }) => body.errors ?? [];

const VENDOR_FIELDS: VendorField[] = [
  { key: 'FNAME', label: 'First name', type: 'text', required: false },
  { key: 'LNAME', label: 'Last name', type: 'text', required: false },
  { key: 'CODE', label: 'Customer code', type: 'text', required: true },
  { key: 'ZONE', label: 'Zona', type: 'dropdown', required: false, choices: ['Norte', 'Sur', 'Centro'] },
  {
    key: 'ZONEALL',
    label: 'Zona (todas)',
    type: 'dropdown',
    required: false,
    choices: ['Norte', 'Sur', 'Centro', 'Occidente', 'Bajío', 'Sureste'],
    maxLength: 6,
  },
  { key: 'SCORE', label: 'Score', type: 'number', required: false },
  { key: 'BDAY', label: 'Birthday', type: 'date', required: false },
  { key: 'MMERGE9', label: 'Notes', type: 'text', required: false },
];

describe.each(databaseKinds)('field mappings and vendor fields (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Record<string, string>;
  let rep: SignedInUser;
  let other: TestTenant;
  let installationId: string;
  let listId: string;

  const url = () => `/api/installations/${installationId}/mappings`;
  const put = (mappings: object[], auth = admin) => t.http().put(url()).set(auth).send({ listId, mappings });
  const putSettings = (body: object) =>
    t.http().put(`/api/installations/${installationId}/settings`).set(admin).send(body).expect(200);
  const twoWay = () => ({
    listSelection: 'BULK',
    listIds: [],
    syncType: 'TWO_WAY',
    direction: null,
    conflictWinner: 'CRM',
    schedule: 'off',
    carts: { enabled: false, storeIds: [] },
    subscriberModule: 'contacts',
    targetListId: listId,
  });
  /** A valid set: the locked defaults, the required CODE, a dropdown and a number. */
  const valid = (): Mapping[] => [
    { vendorField: 'EMAIL', crmField: 'email', direction: 'BOTH' },
    { vendorField: 'FNAME', crmField: 'firstName', direction: 'BOTH' },
    { vendorField: 'LNAME', crmField: 'lastName', direction: 'BOTH' },
    { vendorField: 'CODE', crmField: 'custom.code', direction: 'BOTH' },
    { vendorField: 'ZONEALL', crmField: 'organization.zone', direction: 'TO_VENDOR' },
    { vendorField: 'SCORE', crmField: 'custom.score', direction: 'BOTH' },
  ];
  const savedRows = () =>
    t.app
      .get(DataSource)
      .getRepository(FieldMapping)
      .find({ where: { tenantId: tenant.tenantId } });
  const customField = (body: object) => t.http().post('/api/custom-fields').set(admin).send(body).expect(201);

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
    tenant = await t.createTenant('Mappings');
    admin = bearer(tenant.adminToken);
    rep = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL' });
    other = await t.createTenant('Elsewhere');
    listId = vendor.createList('Newsletter', structuredClone(VENDOR_FIELDS));
    ({ installationId } = await installFakeConnector(t, tenant, vendor));
    await customField({ module: 'contacts', key: 'code', label: 'Code', type: 'text', required: true });
    await customField({ module: 'contacts', key: 'score', label: 'Score', type: 'number' });
    await putSettings(twoWay());
  });
  afterAll(() => t.close());

  it('shows the connector’s defaults, locked, with the vendor’s and the CRM’s fields', async () => {
    const res = await t.http().get(url()).query({ listId }).set(rep.auth).expect(200);
    expect(res.body.saved).toBe(false);
    expect(res.body.subscriberModule).toBe('contacts');
    expect(res.body.mappings).toEqual(fakeManifest.defaultMappings);
    expect(res.body.mappings.every((m: { locked: boolean }) => m.locked)).toBe(true);
    expect(res.body.vendorFields).toEqual(VENDOR_FIELDS);
    expect(res.body.crmFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'lastName', type: 'text', required: true }),
        expect.objectContaining({ key: 'custom.score', type: 'number' }),
        expect.objectContaining({
          key: 'organization.zone',
          type: 'picklist',
          options: expect.arrayContaining(['Occidente']),
        }),
      ]),
    );
    const missing = await t.http().get(url()).query({ listId: 'list-404' }).set(admin).expect(404);
    expect(missing.body.message).toContain('list-404');
  });

  it('replaces the list’s mappings, returns length warnings, and reads them back', async () => {
    const res = await put(valid()).expect(200);
    expect(res.body.warnings).toEqual([
      {
        field: 'mappings.4.vendorField',
        reason: expect.stringMatching(/ZONEALL keeps at most 6 characters/),
      },
    ]);
    const read = await t.http().get(url()).query({ listId }).set(rep.auth).expect(200);
    expect(read.body.saved).toBe(true);
    const locked = new Set(['EMAIL', 'FNAME', 'LNAME']);
    const sort = (list: Mapping[]) => [...list].sort((a, b) => a.vendorField.localeCompare(b.vendorField));
    expect(sort(read.body.mappings)).toEqual(
      sort(valid().map((m) => ({ ...m, locked: locked.has(m.vendorField) }))),
    );

    const smaller = valid().filter((x) => x.vendorField !== 'SCORE');
    await put(smaller).expect(200);
    expect((await savedRows()).map((row) => row.vendorField).sort()).toEqual(
      smaller.map((m) => m.vendorField).sort(),
    );
  });

  const rules: Array<[string, (m: Mapping[]) => Mapping[], string, RegExp]> = [
    [
      'a locked default must stay',
      (m) => m.filter((x) => x.vendorField !== 'FNAME'),
      'mappings',
      /locked mapping FNAME ↔ firstName/,
    ],
    [
      'a locked default’s CRM field cannot change',
      (m) => m.map((x) => (x.vendorField === 'FNAME' ? { ...x, crmField: 'title' } : x)),
      'mappings.1.crmField',
      /locked to firstName/,
    ],
    [
      'a locked default’s direction cannot change',
      (m) => m.map((x) => (x.vendorField === 'LNAME' ? { ...x, direction: 'TO_CRM' } : x)),
      'mappings.2.direction',
      /locked to BOTH/,
    ],
    [
      'the vendor field must exist',
      (m) => [...m, { vendorField: 'NOPE', crmField: 'title', direction: 'BOTH' }],
      'mappings.6.vendorField',
      /NOPE is not a field/,
    ],
    [
      'the CRM field must exist',
      (m) => [...m, { vendorField: 'MMERGE9', crmField: 'custom.nope', direction: 'BOTH' }],
      'mappings.6.crmField',
      /custom.nope is not a field of contacts/,
    ],
    [
      'a vendor field is mapped once',
      (m) => [
        ...m,
        { vendorField: 'MMERGE9', crmField: 'title', direction: 'BOTH' },
        { vendorField: 'MMERGE9', crmField: 'phone', direction: 'BOTH' },
      ],
      'mappings.7.vendorField',
      /already mapped by mappings.6/,
    ],
    [
      'a CRM field is mapped once',
      (m) => [...m, { vendorField: 'MMERGE9', crmField: 'firstName', direction: 'BOTH' }],
      'mappings.6.crmField',
      /already mapped by mappings.1/,
    ],
    [
      'types must fit',
      (m) => [...m, { vendorField: 'BDAY', crmField: 'title', direction: 'BOTH' }],
      'mappings.6.crmField',
      /title is text, but BDAY is a date field that takes date: the vendor only accepts dates/,
    ],
    [
      'a required vendor field maps to a required CRM field',
      (m) => m.map((x) => (x.vendorField === 'CODE' ? { ...x, crmField: 'title' } : x)),
      'mappings.3.crmField',
      /CODE is required at the vendor.*title is optional/,
    ],
    [
      'a required vendor field must be mapped when data goes to the vendor',
      (m) => m.filter((x) => x.vendorField !== 'CODE'),
      'mappings',
      /CODE \(Customer code\) is required at the vendor/,
    ],
    [
      'a dropdown must offer every picklist value',
      (m) => m.map((x) => (x.vendorField === 'ZONEALL' ? { ...x, vendorField: 'ZONE' } : x)),
      'mappings.4.vendorField',
      /ZONE lacks choices for these organization.zone values: Occidente, Bajío, Sureste/,
    ],
    [
      'unknown keys are rejected',
      (m) => [{ ...m[0], transform: 'upper' } as Mapping, ...m.slice(1)],
      'mappings.0.transform',
      /should not exist/,
    ],
  ];

  it.each(rules)(
    'refuses: %s, naming the field and writing nothing',
    async (_rule, mutate, field, reason) => {
      const before = await savedRows();
      const res = await put(mutate(valid())).expect(400);
      expect(problems(res.body)).toEqual([{ field, reason: expect.stringMatching(reason) }]);
      expect(await savedRows()).toEqual(before);
    },
  );

  it('checks directions against the sync settings', async () => {
    await putSettings({ ...twoWay(), syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR' });
    const toCrm = valid().map((x) =>
      x.vendorField === 'SCORE' ? { ...x, direction: 'TO_CRM' as const } : x,
    );
    const pushOnly = await put(toCrm).expect(400);
    expect(problems(pushOnly.body)).toEqual([
      { field: 'mappings.5.direction', reason: expect.stringMatching(/TO_CRM never runs/) },
    ]);

    await putSettings({ ...twoWay(), syncType: 'ONE_WAY', direction: 'VENDOR_TO_CRM', targetListId: null });
    const pullOnly = await put(valid()).expect(400);
    // ZONEALL is TO_VENDOR; CODE may go unmapped-to-vendor since nothing is pushed.
    expect(problems(pullOnly.body)).toEqual([
      { field: 'mappings.4.direction', reason: expect.stringMatching(/TO_VENDOR never runs/) },
    ]);
    await putSettings(twoWay());
  });

  it('reports every problem in one answer', async () => {
    const mappings = valid()
      .filter((x) => x.vendorField !== 'CODE')
      .concat([{ vendorField: 'BDAY', crmField: 'custom.nope', direction: 'BOTH' }]);
    const res = await put(mappings).expect(400);
    expect(problems(res.body).map((p) => p.field)).toEqual(['mappings.5.crmField', 'mappings']);
  });

  it('lets only admins replace, and hides the installation from other tenants', async () => {
    const before = await savedRows();
    await put(valid(), rep.auth).expect(403);
    await put(valid(), bearer(other.adminToken)).expect(404);
    await t.http().get(url()).query({ listId }).set(bearer(other.adminToken)).expect(404);
    expect(await savedRows()).toEqual(before);
  });

  describe('creating a vendor field', () => {
    const create = (body: object, list = listId, auth = admin) =>
      t.http().post(`/api/installations/${installationId}/lists/${list}/fields`).set(auth).send(body);

    const limits: Array<[string, object, string, RegExp]> = [
      [
        'a key longer than the vendor allows',
        { label: 'Region', type: 'text', key: 'REGIONCODE1' },
        'key',
        /longer than the vendor's 10/,
      ],
      [
        'a key with characters the vendor refuses',
        { label: 'Region', type: 'text', key: 'region' },
        'key',
        /A–Z/,
      ],
      [
        'more choices than the vendor allows',
        { label: 'Region', type: 'dropdown', choices: Array.from({ length: 21 }, (_, i) => `R${i}`) },
        'choices',
        /at most 20/,
      ],
      ['a dropdown without choices', { label: 'Region', type: 'dropdown' }, 'choices', /at least one choice/],
      [
        'a choice longer than the vendor’s names',
        { label: 'Region', type: 'dropdown', choices: ['N', 'x'.repeat(101)] },
        'choices.1',
        /100 characters/,
      ],
    ];

    it.each(limits)('refuses %s before any vendor call', async (_case, body, field, reason) => {
      const calls = vendor.calls.length;
      const res = await create(body).expect(400);
      expect(problems(res.body)).toEqual([{ field, reason: expect.stringMatching(reason) }]);
      expect(vendor.calls.length).toBe(calls);
    });

    it('refuses a field over the list’s field count without writing to the vendor', async () => {
      const full = vendor.createList(
        'Full',
        Array.from({ length: fakeManifest.limits.maxFields! }, (_, i) => ({
          key: `F${i}`,
          label: `Field ${i}`,
          type: 'text' as const,
          required: false,
        })),
      );
      const calls = vendor.calls.length;
      const res = await create({ label: 'One more', type: 'text' }, full).expect(400);
      expect(problems(res.body)).toEqual([{ field: 'listId', reason: expect.stringMatching(/at most 30/) }]);
      expect(vendor.calls.slice(calls).map((c) => c.method)).toEqual(['listFields']);
    });

    it('creates a valid field at the vendor', async () => {
      const calls = vendor.calls.length;
      const res = await create({
        label: 'Región',
        type: 'dropdown',
        key: 'REGION',
        choices: ['Norte', 'Sur'],
      }).expect(201);
      expect(res.body).toEqual({
        key: 'REGION',
        label: 'Región',
        type: 'dropdown',
        required: false,
        choices: ['Norte', 'Sur'],
      });
      expect(vendor.calls.slice(calls).map((c) => c.method)).toEqual(['listFields', 'createField']);
      expect(vendor.list(listId).fields.map((f) => f.key)).toContain('REGION');
      const taken = await create({ label: 'Again', type: 'text', key: 'REGION' }).expect(400);
      expect(problems(taken.body)).toEqual([
        { field: 'key', reason: expect.stringMatching(/already a field/) },
      ]);
    });

    it('is for admins of the tenant only', async () => {
      const calls = vendor.calls.length;
      await create({ label: 'Rep field', type: 'text' }, listId, rep.auth).expect(403);
      await create({ label: 'Other field', type: 'text' }, listId, bearer(other.adminToken)).expect(404);
      expect(vendor.calls.length).toBe(calls);
    });
  });
});
