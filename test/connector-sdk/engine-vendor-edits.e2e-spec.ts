import type { ConnectorManifest } from '@crm/connector-sdk';
import { FakeConnectorModule, fakeManifest, FakeVendor } from '@crm/connector-sdk/testing';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { EngineFixture } from './engine-fixtures';

const EMAIL = 'ana@nazione.test';

/** A one-way CRM → vendor installation whose list maps NATION to the contact's custom "nation". */
async function italianList(t: TestApp, vendor: FakeVendor, name: string): Promise<EngineFixture> {
  const f = await EngineFixture.create(t, vendor, name);
  vendor.list(f.listId).fields = [{ key: 'NATION', label: 'Nazione', type: 'text', required: false }];
  await t
    .http()
    .post('/api/custom-fields')
    .set(f.auth)
    .send({ module: 'contacts', key: 'nation', label: 'Nazione', type: 'text' })
    .expect(201);
  await f.saveSettings({ syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR' });
  const mappings = [
    ...fakeManifest.defaultMappings.map(({ vendorField, crmField, direction }) => ({
      vendorField,
      crmField,
      direction,
    })),
    { vendorField: 'NATION', crmField: 'custom.nation', direction: 'TO_VENDOR' },
  ];
  await t
    .http()
    .put(`/api/installations/${f.installationId}/mappings`)
    .set(f.auth)
    .send({ listId: f.listId, mappings })
    .expect(200);
  await t
    .http()
    .post('/api/contacts')
    .set(f.auth)
    .send({ lastName: 'Rossi', emails: [{ email: EMAIL }], custom: { nation: 'Italia' } })
    .expect(201);
  return f;
}

const nation = (f: EngineFixture) => f.vendor.member(f.listId, EMAIL)?.fields.NATION;

async function startWith(
  kind: (typeof databaseKinds)[number],
  vendor: FakeVendor,
  manifest: Partial<ConnectorManifest>,
) {
  return startTestApp(kind, {}, [FakeConnectorModule.register(vendor, manifest)]);
}

/**
 * Seed 004: "Italia" entered in the CRM, corrected to "San Marino" at MailUp; at the next sync
 * the field is "Italia" on both sides. A one-way connector that declares overwriteVendorEdits
 * reads its target list back before pushing, and a member edited there gets the CRM's values.
 */
describe.each(databaseKinds)('the CRM wins over edits at the vendor (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startWith(kind, vendor, { overwriteVendorEdits: true });
  });
  afterAll(() => t.close());

  it('pushes the CRM value again over a vendor edit, then writes nothing while nothing changes', async () => {
    const f = await italianList(t, vendor, 'Italia');
    expect((await f.sync({ kind: 'FULL' })).counts).toMatchObject({ added: 1 });
    expect(nation(f)).toBe('Italia');

    vendor.editProfile(f.listId, EMAIL, { NATION: 'San Marino' });
    const dry = await f.sync({ dryRun: true, kind: 'INCREMENTAL' });
    expect(dry.counts).toMatchObject({ updated: 1 });
    expect(nation(f)).toBe('San Marino');

    const run = await f.sync({ kind: 'INCREMENTAL' });
    expect(run).toMatchObject({ kind: 'INCREMENTAL', status: 'SUCCEEDED' });
    expect(run.counts).toMatchObject({ added: 0, updated: 1 });
    expect(nation(f)).toBe('Italia');
    const lines = await f.lines(run.id);
    expect(lines.map((line) => [line.action, line.direction])).toEqual([
      ['PULL', 'TO_CRM'],
      ['UPDATE', 'TO_VENDOR'],
    ]);
    expect(lines[0]).toMatchObject({
      before: { fields: expect.objectContaining({ NATION: 'San Marino' }) },
      rule: expect.stringMatching(/CRM wins over an edit at the vendor/),
    });
    const [contact] = (await t.http().get('/api/contacts').set(f.auth).expect(200)).body.items;
    expect(contact.custom.nation).toBe('Italia');

    const writes = vendor.writeCalls();
    expect((await f.sync({ kind: 'INCREMENTAL' })).counts).toMatchObject({ updated: 0, unchanged: 1 });
    expect(vendor.writeCalls()).toBe(writes);
  });
});

describe('edits at the vendor without overwriteVendorEdits (sqlite)', () => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startWith('sqlite', vendor, {});
  });
  afterAll(() => t.close());

  it('stay until the CRM record changes, and the lists are not read back', async () => {
    const f = await italianList(t, vendor, 'San Marino');
    await f.sync({ kind: 'FULL' });
    vendor.editProfile(f.listId, EMAIL, { NATION: 'San Marino' });
    const calls = vendor.calls.length;
    expect((await f.sync()).counts).toMatchObject({ updated: 0, unchanged: 1 });
    expect(vendor.calls.slice(calls).map((call) => call.method)).not.toContain('readMembers');
    expect(nation(f)).toBe('San Marino');
  });
});
