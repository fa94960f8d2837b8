import { DataSource } from 'typeorm';
import { EmailAddress } from '@crm/core';
import {
  ConnectorError,
  ConnectorErrorCode,
  EXCLUDED_RULE,
  INVALID_ADDRESS_RULE,
  RecordLink,
  SyncEngine,
  SyncRunRecord,
} from '@crm/connector-sdk';
import { FAKE_SAVED_VIEWS_MANIFEST, FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { insertContacts } from '../support/bulk-contacts';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { EngineFixture, resetVendor } from './engine-fixtures';
import { ListSubscribersFixture } from './list-subscribers-fixture';

const NO_ADDRESS = 'not added: the record has no email address';

describe.each(databaseKinds)('lists fed by saved views: update subscribers (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor, FAKE_SAVED_VIEWS_MANIFEST)]);
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    resetVendor(vendor);
    vendor.memberModules.clear();
    vendor.methodFailures.clear();
  });

  const fixture = async (name: string) =>
    new ListSubscribersFixture(await EngineFixture.create(t, vendor, name));

  it('adds what the views select with each record’s module, skips what cannot be added, and excludes and brings back', async () => {
    const s = await fixture('Views');
    const { f } = s;
    const lead = await s.lead('Acme', 'lead@views.test');
    await s.lead('Other', 'other@views.test');
    const company = await s.organization('Milano', 'info@views.test');
    const silent = await s.organization('Milano');
    const contact = await s.contact('Rossi', 'rossi@views.test');
    const broken = await s.contact('Rossi', 'broken@views.test');
    await s.corruptAddress(broken.emailId!, 'broken.at.views.test');
    const views = [
      await s.view('leads', 'company', 'Acme'),
      await s.view('organizations', 'city', 'Milano'),
      await s.view('contacts', 'lastName', 'Rossi'),
      // The same contacts again: each address goes once.
      await s.view('contacts', 'firstName', 'Ana'),
    ];
    const saved = await s.putViews(views).expect(200);
    expect(saved.body).toEqual({
      listId: f.listId,
      views: [
        { viewId: views[0], name: 'leads company = Acme', module: 'leads' },
        { viewId: views[1], name: 'organizations city = Milano', module: 'organizations' },
        { viewId: views[2], name: 'contacts lastName = Rossi', module: 'contacts' },
        { viewId: views[3], name: 'contacts firstName = Ana', module: 'contacts' },
      ],
    });
    expect(
      (
        await t
          .http()
          .get(`/api/installations/${f.installationId}/lists/${f.listId}/views`)
          .set(f.auth)
          .expect(200)
      ).body,
    ).toEqual(saved.body);

    // A dry run plans the same diff and writes nowhere.
    const dry = await s.update({ dryRun: true });
    expect(dry).toMatchObject({ status: 'SUCCEEDED', dryRun: true });
    expect(vendor.writeCalls()).toBe(0);
    expect(f.members()).toEqual([]);

    const run = await s.update();
    expect(run).toMatchObject({ status: 'SUCCEEDED', trigger: 'MANUAL', kind: 'SUBSCRIBERS' });
    expect(run.counts).toMatchObject({ added: 3, skipped: 2, failed: 0, removed: 0 });
    expect(dry.counts).toEqual(run.counts);
    const byEmail = (a: unknown[], b: unknown[]) => String(a[2]).localeCompare(String(b[2]));
    expect((await s.lines(run.id)).sort(byEmail)).toEqual([
      ['SKIP', 'TO_VENDOR', '', 'organizations', NO_ADDRESS],
      ['SKIP', 'TO_VENDOR', 'broken.at.views.test', 'contacts', INVALID_ADDRESS_RULE],
      ['ADD', 'TO_VENDOR', 'info@views.test', 'organizations', null],
      ['ADD', 'TO_VENDOR', 'lead@views.test', 'leads', null],
      ['ADD', 'TO_VENDOR', 'rossi@views.test', 'contacts', null],
    ]);
    expect((await f.lines(run.id, 'SKIP')).find((line) => line.email === '')?.crmId).toBe(silent.id);
    expect(
      f
        .members()
        .map((m) => [m.email, m.status, vendor.moduleOf(f.listId, m.email)])
        .sort(),
    ).toEqual([
      ['info@views.test', 'subscribed', 'organizations'],
      ['lead@views.test', 'subscribed', 'leads'],
      ['rossi@views.test', 'subscribed', 'contacts'],
    ]);
    expect(await s.list()).toMatchObject({ syncInProgress: false, lastSyncedAt: expect.any(String) });

    // Nothing changed: nothing written; only what cannot be added is reported again.
    const writes = vendor.writeCalls();
    const again = await s.update();
    expect(again.counts).toMatchObject({ added: 0, updated: 0, removed: 0, skipped: 2, failed: 0 });
    expect(vendor.writeCalls()).toBe(writes);

    // The lead leaves its view: excluded (archived at the vendor), its link kept.
    await s.patch('leads', lead.id, { company: 'Gone' });
    const left = await s.update();
    expect(left.counts).toMatchObject({ removed: 1, added: 0, updated: 0, failed: 0 });
    expect(await s.lines(left.id, 'REMOVE')).toEqual([
      ['REMOVE', 'TO_VENDOR', 'lead@views.test', 'leads', EXCLUDED_RULE],
    ]);
    expect(vendor.member(f.listId, 'lead@views.test')?.status).toBe('archived');
    expect(await s.memberships('leads', lead.id)).toEqual([
      expect.objectContaining({ listId: f.listId, email: 'lead@views.test', status: 'archived' }),
    ]);
    expect(vendor.member(f.listId, 'info@views.test')?.status).toBe('subscribed');

    // It matches again: back on the list, in its group.
    await s.patch('leads', lead.id, { company: 'Acme' });
    const back = await s.update();
    expect(back.counts).toMatchObject({ updated: 1, removed: 0, failed: 0 });
    expect(await s.lines(back.id, 'UPDATE')).toEqual([
      ['UPDATE', 'TO_VENDOR', 'lead@views.test', 'leads', 'back in the list: its views select it again'],
    ]);
    expect(vendor.member(f.listId, 'lead@views.test')?.status).toBe('subscribed');
    expect(vendor.moduleOf(f.listId, 'lead@views.test')).toBe('leads');

    // A deleted record is not selected any more either: excluded, never deleted at the vendor.
    await t.http().delete(`/api/contacts/${contact.id}`).set(f.auth).expect(204);
    const deleted = await s.update();
    expect(deleted.counts).toMatchObject({ removed: 1 });
    expect(vendor.member(f.listId, 'rossi@views.test')?.status).toBe('archived');
    expect(await s.memberships('organizations', company.id)).toEqual([
      expect.objectContaining({ email: 'info@views.test', status: 'subscribed' }),
    ]);
  });

  it('brings unsubscribes back from the vendor: per list, or for every list with the module’s global flag', async () => {
    const s = await fixture('Consent');
    const { f } = s;
    const other = vendor.createList('Consent other list');
    const contact = await s.contact('Verdi', 'verdi@consent.test');
    const lead = await s.lead('Acme', 'lead@consent.test');
    const views = [await s.view('contacts', 'lastName', 'Verdi'), await s.view('leads', 'company', 'Acme')];
    await s.putViews(views).expect(200);
    await s.putViews(views, other).expect(200);
    // A member added by hand at the vendor is its own.
    vendor.write(f.listId, { email: 'private@consent.test', statusIfNew: 'subscribed', fields: {} });
    const first = await s.update({ listId: null });
    expect(first.counts).toMatchObject({ added: 4, failed: 0 });

    await f.saveSettings({ globalUnsubscribe: { leads: true } });
    vendor.act(f.listId, 'verdi@consent.test', 'unsubscribe');
    vendor.act(f.listId, 'lead@consent.test', 'unsubscribe');
    vendor.act(f.listId, 'private@consent.test', 'unsubscribe');
    const pulled = await s.update({ listId: null });
    expect(pulled.counts).toMatchObject({ failed: 0, added: 0 });
    const rules = (await s.lines(pulled.id, 'UNSUBSCRIBE')).sort(
      (a, b) => a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]),
    );
    expect(rules).toEqual([
      [
        'UNSUBSCRIBE',
        'TO_CRM',
        'lead@consent.test',
        'leads',
        'consent: unsubscribed at the vendor; closed for every list',
      ],
      [
        'UNSUBSCRIBE',
        'TO_CRM',
        'verdi@consent.test',
        'contacts',
        'consent: unsubscribed at the vendor, for this list only',
      ],
      // Closed in the CRM, the lead is unsubscribed from the other list too.
      [
        'UNSUBSCRIBE',
        'TO_VENDOR',
        'lead@consent.test',
        'leads',
        'consent: CRM status UNSUBSCRIBED_BY_USER unsubscribes at the vendor',
      ],
    ]);
    expect(await s.emailStatus('leads', lead.id)).toBe('UNSUBSCRIBED_BY_USER');
    expect(await s.emailStatus('contacts', contact.id)).toBe('ACTIVE');
    expect(vendor.member(other, 'lead@consent.test')?.status).toBe('unsubscribed');
    expect(vendor.member(other, 'verdi@consent.test')?.status).toBe('subscribed');
    // The vendor's own member stays its own: no CRM record, no line.
    expect((await f.lines(pulled.id)).some((line) => line.email === 'private@consent.test')).toBe(false);
    const addresses = t.app.get(DataSource).getRepository(EmailAddress);
    expect(
      await addresses.countBy({ tenantId: f.tenant.tenantId, emailNormalized: 'private@consent.test' }),
    ).toBe(0);
    const links = await t.app
      .get(DataSource)
      .getRepository(RecordLink)
      .findBy({ installationId: f.installationId, listId: f.listId });
    expect(links.map((link) => [link.email, link.vendorStatus]).sort()).toEqual([
      ['lead@consent.test', 'unsubscribed'],
      ['verdi@consent.test', 'unsubscribed'],
    ]);

    // Never added again to that list, not even a field: the edit reaches the other list only.
    await s.patch('contacts', contact.id, { firstName: 'Giulia' });
    const edited = await s.update({ listId: null });
    expect(edited.counts).toMatchObject({ added: 0, updated: 1, failed: 0 });
    expect(await s.lines(edited.id)).toEqual(
      expect.arrayContaining([
        [
          'SKIP',
          'TO_VENDOR',
          'verdi@consent.test',
          'contacts',
          'consent: unsubscribed in this list, not re-subscribed',
        ],
        ['UPDATE', 'TO_VENDOR', 'verdi@consent.test', 'contacts', null],
      ]),
    );
    expect(vendor.member(f.listId, 'verdi@consent.test')).toMatchObject({ status: 'unsubscribed' });
    expect(vendor.member(f.listId, 'verdi@consent.test')?.fields.FNAME).toBe('Ana');
    expect(vendor.member(other, 'verdi@consent.test')?.fields.FNAME).toBe('Giulia');
    const writes = vendor.writeCalls();
    const quiet = await s.update({ listId: null });
    expect(quiet.counts).toMatchObject({ added: 0, updated: 0, skipped: 0, removed: 0, failed: 0 });
    expect(vendor.writeCalls()).toBe(writes);

    // A clean (bounce) closes the address whatever the module's flag.
    vendor.act(other, 'verdi@consent.test', 'cleaned');
    const cleaned = await s.update({ listId: other });
    expect(await s.lines(cleaned.id, 'UNSUBSCRIBE')).toEqual([
      [
        'UNSUBSCRIBE',
        'TO_CRM',
        'verdi@consent.test',
        'contacts',
        'consent: cleaned (bounced) at the vendor; closed for every list',
      ],
    ]);
    expect(await s.emailStatus('contacts', contact.id)).toBe('BOUNCED');
    expect(vendor.member(f.listId, 'private@consent.test')?.status).toBe('unsubscribed');
  });

  it('keeps the members of a list deleted at the vendor as history, and pushes nothing there again', async () => {
    const s = await fixture('Deleted');
    const { f } = s;
    const contact = await s.contact('Neri', 'neri@deleted.test');
    await s.putViews([await s.view('contacts', 'lastName', 'Neri')]).expect(200);
    await s.update();
    expect(await s.memberships('contacts', contact.id)).toEqual([
      expect.objectContaining({ status: 'subscribed' }),
    ]);

    vendor.lists.delete(f.listId);
    expect(await s.list()).toMatchObject({ status: 'DELETED' });
    expect(await s.memberships('contacts', contact.id)).toEqual([
      expect.objectContaining({ listId: f.listId, email: 'neri@deleted.test', status: 'deleted' }),
    ]);
    const refused = await t
      .http()
      .post(`/api/installations/${f.installationId}/lists/${f.listId}/subscribers/sync`)
      .set(f.auth)
      .send({})
      .expect(400);
    expect(refused.body.errors).toEqual([
      { field: 'listId', reason: "is not one of this installation's lists" },
    ]);
    // A run of every list with views finds none at the vendor: nothing to do, nothing sent.
    vendor.calls.length = 0;
    const run = await s.update({ listId: null });
    expect(run).toMatchObject({ status: 'SUCCEEDED', processed: 0 });
    expect(vendor.calls.map((call) => call.method)).toEqual(['listLists']);
  });

  it('shows the list as in progress until a run given back mid-push resumes and ends; each member once', async () => {
    const s = await fixture('Resume');
    const { f } = s;
    const dataSource = t.app.get(DataSource);
    await insertContacts(dataSource, f.tenant.tenantId, f.tenant.adminUserId, 180, { prefix: 'resume' });
    // Every one of them: 180 addresses, four write batches of at most 50.
    await s.putViews([await s.view('contacts', 'lastName', 'Last', 'startsWith')]).expect(200);
    // After the first write call the vendor is down, longer than the request budget retries a
    // call: the run is given back to the queue with its checkpoint.
    const busy = () => new ConnectorError(ConnectorErrorCode.TEMPORARY, 'MailUp is busy');
    vendor.methodFailures.set('writeMembers', [null, ...Array.from({ length: 16 }, busy)]);
    const requested = await t
      .http()
      .post(`/api/installations/${f.installationId}/lists/${f.listId}/subscribers/sync`)
      .set(f.auth)
      .send({})
      .expect(202);
    const engine = t.app.get(SyncEngine);
    await expect(engine.executeRun(requested.body.id)).rejects.toThrow('MailUp is busy');
    const given = (await t.http().get(`/api/runs/${requested.body.id}`).set(f.auth).expect(200)).body;
    expect(given).toMatchObject({ status: 'QUEUED', error: expect.stringContaining('Retrying after') });
    expect(given.processed).toBeLessThan(180);
    expect(await s.list()).toMatchObject({ syncInProgress: true });

    vendor.methodFailures.clear();
    const done = await f.execute(requested.body.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', total: 180 });
    expect(done.counts).toMatchObject({ added: 180, failed: 0, removed: 0, skipped: 0 });
    expect(await s.list()).toMatchObject({ syncInProgress: false });
    expect(f.members()).toHaveLength(180);
    expect(f.members().every((member) => member.status === 'subscribed')).toBe(true);
    const written = await dataSource.getRepository(SyncRunRecord).findBy({ runId: done.id, action: 'ADD' });
    expect(new Set(written.map((line) => line.email)).size).toBe(written.length);
    const links = await dataSource
      .getRepository(RecordLink)
      .countBy({ installationId: f.installationId, listId: f.listId });
    expect(links).toBe(180);
  });
});
