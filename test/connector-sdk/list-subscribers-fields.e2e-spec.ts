import type { VendorField } from '@crm/connector-sdk';
import {
  FAKE_SAVED_VIEWS_MANIFEST,
  FakeConnectorModule,
  fakeManifest,
  FakeVendor,
} from '@crm/connector-sdk/testing';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { EngineFixture } from './engine-fixtures';
import { ListSubscribersFixture } from './list-subscribers-fixture';

const CONTACT = 'rossi@nazioni.test';
const LEAD = 'acme@nazioni.test';
/** MailUp-like: one dynamic field for the whole account, filled by each module its own way. */
const FIELDS: VendorField[] = [{ key: 'NATION', label: 'Nazione', type: 'text', required: false }];

const mapping = (crmField: string) => [
  ...fakeManifest.defaultMappings.map(({ vendorField, crmField, direction }) => ({
    vendorField,
    crmField,
    direction,
  })),
  { vendorField: 'NATION', crmField, direction: 'TO_VENDOR' },
];

/**
 * Seed 004 on lists fed by saved views: a mapping per entity type, and "Italia" entered in the CRM
 * stays "Italia" after someone types "San Marino" at MailUp, once the next update has run.
 */
describe.each(databaseKinds)(
  'lists fed by saved views: fields per module, the CRM over vendor edits (%s)',
  (kind) => {
    const vendor = new FakeVendor();
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp(kind, {}, [
        FakeConnectorModule.register(vendor, {
          ...FAKE_SAVED_VIEWS_MANIFEST,
          fieldsScope: 'account',
          overwriteVendorEdits: true,
        }),
      ]);
    });
    afterAll(() => t?.close());

    it('writes each record with its module’s mapping, and the next update restores what the vendor edited', async () => {
      const s = new ListSubscribersFixture(await EngineFixture.create(t, vendor, 'Nazioni'));
      const { f } = s;
      vendor.list(f.listId).fields = structuredClone(FIELDS);
      const http = () => t.http();
      for (const [module, key] of [
        ['contacts', 'nation'],
        ['leads', 'nazione'],
      ])
        await http()
          .post('/api/custom-fields')
          .set(f.auth)
          .send({ module, key, label: 'Nazione', type: 'text' })
          .expect(201);
      const mappings = `/api/installations/${f.installationId}/mappings`;
      await http()
        .put(mappings)
        .set(f.auth)
        .send({ module: 'contacts', mappings: mapping('custom.nation') })
        .expect(200);
      await http()
        .put(mappings)
        .set(f.auth)
        .send({ module: 'leads', mappings: mapping('custom.nazione') })
        .expect(200);
      const contact = (
        await http()
          .post('/api/contacts')
          .set(f.auth)
          .send({ lastName: 'Rossi', emails: [{ email: CONTACT }], custom: { nation: 'Italia' } })
          .expect(201)
      ).body;
      await http()
        .post('/api/leads')
        .set(f.auth)
        .send({
          lastName: 'Dupont',
          company: 'Acme',
          emails: [{ email: LEAD }],
          custom: { nazione: 'Francia' },
        })
        .expect(201);
      await s
        .putViews([await s.view('contacts', 'lastName', 'Rossi'), await s.view('leads', 'company', 'Acme')])
        .expect(200);
      const nations = () => [CONTACT, LEAD].map((email) => vendor.member(f.listId, email)?.fields.NATION);

      const first = await s.update();
      expect(first.counts).toMatchObject({ added: 2, failed: 0 });
      expect(nations()).toEqual(['Italia', 'Francia']);

      vendor.editProfile(f.listId, CONTACT, { NATION: 'San Marino' });
      vendor.editProfile(f.listId, LEAD, { NATION: 'Monaco' });
      const dry = await s.update({ dryRun: true });
      expect(dry.counts).toMatchObject({ updated: 2, failed: 0 });
      expect(nations()).toEqual(['San Marino', 'Monaco']);

      const run = await s.update();
      expect(run).toMatchObject({ kind: 'SUBSCRIBERS', status: 'SUCCEEDED' });
      expect(run.counts).toMatchObject({ added: 0, updated: 2, failed: 0 });
      expect(nations()).toEqual(['Italia', 'Francia']);
      const lines = await f.lines(run.id);
      expect(lines.map((line) => [line.action, line.direction, line.email, line.crmModule]).sort()).toEqual([
        ['PULL', 'TO_CRM', LEAD, 'leads'],
        ['PULL', 'TO_CRM', CONTACT, 'contacts'],
        ['UPDATE', 'TO_VENDOR', LEAD, 'leads'],
        ['UPDATE', 'TO_VENDOR', CONTACT, 'contacts'],
      ]);
      expect(lines.find((line) => line.action === 'PULL' && line.email === CONTACT)).toMatchObject({
        before: { fields: expect.objectContaining({ NATION: 'San Marino' }) },
        rule: expect.stringMatching(/CRM wins over an edit at the vendor/),
      });
      // The CRM keeps its own value: nothing of the edit came back.
      const stored = (await http().get(`/api/contacts/${contact.id}`).set(f.auth).expect(200)).body;
      expect(stored.custom.nation).toBe('Italia');

      const writes = vendor.writeCalls();
      expect((await s.update()).counts).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
      expect(vendor.writeCalls()).toBe(writes);
    });
  },
);
