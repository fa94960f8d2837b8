import { DataSource } from 'typeorm';
import {
  ConnectorError,
  ConnectorErrorCode,
  ConnectorInstallation,
  RecordLineView,
  SyncEngine,
} from '@crm/connector-sdk';
import { FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { signInNewUser } from '../e2e/sales-users.fixture';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { EngineFixture, resetVendor } from './engine-fixtures';

describe.each(databaseKinds)('sync engine (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
  });
  afterAll(() => t?.close());
  beforeEach(() => resetVendor(vendor));

  it('pushes every eligible address once, skips the others with reasons, and then writes nothing', async () => {
    const f = await EngineFixture.create(t, vendor);
    await f.contact({ email: 'ana@example.test', firstName: 'Ana' });
    await f.contact({ email: 'Luis@Example.test', firstName: 'Luis', lastName: 'Pérez' });
    await f.contact({ email: 'off@example.test', useInMarketing: false });
    await f.contact({ email: 'optout@example.test', emailOptOut: true });
    await f.contact({ email: 'bounced@example.test', status: 'BOUNCED' });

    const full = await f.sync({ kind: 'FULL' });

    expect(full).toMatchObject({
      status: 'SUCCEEDED',
      trigger: 'MANUAL',
      kind: 'FULL',
      processed: 5,
      total: 5,
    });
    expect(full.counts).toMatchObject({ added: 2, skipped: 3, failed: 0 });
    expect(
      f
        .members()
        .map((m) => [m.email, m.status, m.fields.FNAME])
        .sort(),
    ).toEqual([
      ['ana@example.test', 'subscribed', 'Ana'],
      ['luis@example.test', 'subscribed', 'Luis'],
    ]);
    const skips = await f.lines(full.id, 'SKIP');
    expect(skips.map((l) => [l.email, l.rule]).sort()).toEqual([
      ['bounced@example.test', 'not marketing: status BOUNCED'],
      ['off@example.test', 'not marketing: not used in marketing'],
      ['optout@example.test', 'not marketing: record opted out'],
    ]);
    const adds = await f.lines(full.id, 'ADD');
    expect(adds).toHaveLength(2);
    expect(adds[0]).toMatchObject({
      direction: 'TO_VENDOR',
      before: null,
      after: { statusIfNew: 'subscribed' },
    });
    expect(adds[0].vendorResponse).toMatchObject({ status: 'subscribed' });

    const writes = vendor.writeCalls();
    const again = await f.sync({ kind: 'INCREMENTAL' });

    expect(vendor.writeCalls()).toBe(writes);
    expect(again.status).toBe('SUCCEEDED');
    // 5 CRM addresses unchanged, and the 2 members our own push changed read back as echoes.
    expect(again.counts).toMatchObject({ added: 0, updated: 0, skipped: 0, failed: 0, unchanged: 7 });
    expect(await f.lines(again.id)).toEqual([]);
  });

  describe.each(['CRM', 'VENDOR'] as const)('conflicts when %s wins', (winner) => {
    it('applies one-sided changes either way and resolves two-sided ones by the winner', async () => {
      const f = await EngineFixture.create(t, vendor, `Conflict ${winner}`);
      await f.saveSettings({ conflictWinner: winner });
      const crmSide = await f.contact({ email: 'crm@example.test', firstName: 'Carla' });
      const vendorSide = await f.contact({ email: 'vendor@example.test', firstName: 'Vera' });
      const both = await f.contact({ email: 'both@example.test', firstName: 'Berta' });
      await f.sync({ kind: 'FULL' });

      await f.patchContact(crmSide.id, { firstName: 'Carla CRM' });
      vendor.editProfile(f.listId, 'vendor@example.test', { FNAME: 'Vera Vendor' });
      await f.patchContact(both.id, { firstName: 'Berta CRM' });
      vendor.editProfile(f.listId, 'both@example.test', { FNAME: 'Berta Vendor' });
      const run = await f.sync({ kind: 'INCREMENTAL' });

      expect(run.status).toBe('SUCCEEDED');
      expect(vendor.member(f.listId, 'crm@example.test')!.fields.FNAME).toBe('Carla CRM');
      expect((await f.getContact(vendorSide.id)).firstName).toBe('Vera Vendor');
      const expected = winner === 'CRM' ? 'Berta CRM' : 'Berta Vendor';
      expect((await f.getContact(both.id)).firstName).toBe(expected);
      expect(vendor.member(f.listId, 'both@example.test')!.fields.FNAME).toBe(expected);
      const conflict = (await f.lines(run.id)).find(
        (l) => l.email === 'both@example.test' && l.direction === 'TO_CRM',
      );
      expect(conflict?.rule).toContain(`conflict: ${winner === 'CRM' ? 'CRM' : 'vendor'} wins`);

      // Settled: nothing more to write either way.
      const writes = vendor.writeCalls();
      const settled = await f.sync({ kind: 'INCREMENTAL' });
      expect(vendor.writeCalls()).toBe(writes);
      expect(settled.counts).toMatchObject({ added: 0, updated: 0, failed: 0 });
    });
  });

  it('never re-subscribes a member who unsubscribed at the vendor, whatever the CRM does', async () => {
    const f = await EngineFixture.create(t, vendor, 'Consent');
    const contact = await f.contact({ email: 'leaver@example.test', firstName: 'Lea' });
    await f.sync({ kind: 'FULL' });

    vendor.act(f.listId, 'leaver@example.test', 'unsubscribe');
    const pulled = await f.sync({ kind: 'INCREMENTAL' });
    const afterPull = await f.getContact(contact.id);
    expect(afterPull.emails[0].status).toBe('UNSUBSCRIBED_BY_USER');
    expect(afterPull.emailOptOut).toBe(true);
    expect((await f.lines(pulled.id, 'UNSUBSCRIBE'))[0]).toMatchObject({
      direction: 'TO_CRM',
      rule: 'consent: unsubscribed at the vendor',
    });

    await f.patchContact(contact.id, { firstName: 'Lea edited' });
    const edited = await f.sync({ kind: 'INCREMENTAL' });
    expect(vendor.member(f.listId, 'leaver@example.test')!.status).toBe('unsubscribed');

    // Even a CRM user re-activating the address only updates fields at the vendor.
    await f.patchContact(contact.id, {
      emailOptOut: false,
      emails: [{ id: contact.emailId, email: 'leaver@example.test', status: 'ACTIVE' }],
    });
    const reactivated = await f.sync({ kind: 'INCREMENTAL' });
    expect(vendor.member(f.listId, 'leaver@example.test')).toMatchObject({
      status: 'unsubscribed',
      fields: { FNAME: 'Lea edited' },
    });
    const update = (await f.lines(reactivated.id, 'UPDATE')).find((l) => l.direction === 'TO_VENDOR');
    expect(update?.rule).toBe('consent: unsubscribed at the vendor, fields only');
    const everyLine = [...(await f.lines(edited.id)), ...(await f.lines(reactivated.id))];
    expect(
      everyLine.filter(
        (l) => l.direction === 'TO_VENDOR' && (l.after as { status?: string })?.status === 'subscribed',
      ),
    ).toEqual([]);

    // Only the person's own re-opt-in at the vendor (double opt-in: pending, then subscribed) lifts it.
    await f.patchContact(contact.id, {
      emailOptOut: true,
      emails: [{ id: contact.emailId, email: 'leaver@example.test', status: 'UNSUBSCRIBED_BY_USER' }],
    });
    const member = vendor.member(f.listId, 'leaver@example.test')!;
    member.status = 'pending';
    member.changedAt = new Date(Date.now() + 10_000);
    await f.sync({ kind: 'INCREMENTAL' });
    expect((await f.getContact(contact.id)).emails[0].status).toBe('UNSUBSCRIBED_BY_USER');
    vendor.act(f.listId, 'leaver@example.test', 'subscribe');
    member.changedAt = new Date(Date.now() + 20_000);
    const reOptIn = await f.sync({ kind: 'INCREMENTAL' });
    const lifted = await f.getContact(contact.id);
    expect(lifted.emails[0].status).toBe('ACTIVE');
    expect(lifted.emailOptOut).toBe(false);
    expect((await f.lines(reOptIn.id, 'RESUBSCRIBE'))[0].rule).toContain('re-opt-in');
  });

  it('unsubscribes at the vendor when the CRM opts a record out', async () => {
    const f = await EngineFixture.create(t, vendor, 'Optout');
    const contact = await f.contact({ email: 'quits@example.test' });
    await f.sync({ kind: 'FULL' });
    expect(vendor.member(f.listId, 'quits@example.test')!.status).toBe('subscribed');

    await f.patchContact(contact.id, { emailOptOut: true });
    const run = await f.sync({ kind: 'INCREMENTAL' });

    expect(vendor.member(f.listId, 'quits@example.test')!.status).toBe('unsubscribed');
    expect((await f.lines(run.id, 'UNSUBSCRIBE'))[0]).toMatchObject({
      direction: 'TO_VENDOR',
      after: { status: 'unsubscribed' },
      rule: 'consent: CRM record opted out unsubscribes at the vendor',
    });
    const writes = vendor.writeCalls();
    await f.sync({ kind: 'INCREMENTAL' });
    expect(vendor.writeCalls()).toBe(writes);
  });

  it('suppresses echoes: reading back its own writes changes nothing in the CRM', async () => {
    const f = await EngineFixture.create(t, vendor, 'Echo');
    const ids = [];
    for (const name of ['uno', 'dos', 'tres'])
      ids.push((await f.contact({ email: `${name}@example.test`, firstName: name })).id);
    await f.sync({ kind: 'FULL' });
    const events = await f.outboxEvents();
    const before = await Promise.all(ids.map((id) => f.getContact(id)));

    const echo = await f.sync({ kind: 'FULL' });

    expect(echo.counts).toMatchObject({ unchanged: 6, added: 0, updated: 0 });
    expect(await f.outboxEvents()).toBe(events);
    expect(await Promise.all(ids.map((id) => f.getContact(id)))).toEqual(before);
  });

  it('plans in a dry run exactly the diff the real run then makes, writing nothing', async () => {
    const f = await EngineFixture.create(t, vendor, 'Dry');
    const changed = await f.contact({ email: 'changed@example.test', firstName: 'Old' });
    const leaving = await f.contact({ email: 'leaving@example.test' });
    await f.contact({ email: 'profile@example.test', firstName: 'Pia' });
    await f.sync({ kind: 'FULL' });
    await f.contact({ email: 'new@example.test', firstName: 'Nuevo' });
    await f.contact({ email: 'nomarketing@example.test', useInMarketing: false });
    await f.patchContact(changed.id, { firstName: 'New' });
    await f.patchContact(leaving.id, { emailOptOut: true });
    vendor.editProfile(f.listId, 'profile@example.test', { FNAME: 'Pia Vendor' });
    vendor.write(f.listId, {
      email: 'signup@example.test',
      statusIfNew: 'subscribed',
      fields: { FNAME: 'Sol', LNAME: 'Web' },
    });
    const writes = vendor.writeCalls();
    const events = await f.outboxEvents();

    const dry = await f.sync({ kind: 'INCREMENTAL', dryRun: true });

    expect(dry).toMatchObject({ status: 'SUCCEEDED', dryRun: true });
    expect(vendor.writeCalls()).toBe(writes);
    expect(await f.outboxEvents()).toBe(events);
    expect((await f.getContact(changed.id)).firstName).toBe('New');
    expect(vendor.member(f.listId, 'changed@example.test')!.fields.FNAME).toBe('Old');

    const real = await f.sync({ kind: 'INCREMENTAL' });

    const diff = (lines: RecordLineView[]) =>
      lines.map(({ listId, email, action, direction, rule, after }) => ({
        listId,
        email,
        action,
        direction,
        rule,
        after,
      }));
    const planned = diff(await f.lines(dry.id));
    expect(planned).toEqual(diff(await f.lines(real.id)));
    // The same counts: the dry push reads back the contact its pull would have created, as the real one does.
    expect(dry.counts).toEqual(real.counts);
    expect(planned.map((l) => [l.email, l.action, l.direction]).sort()).toEqual([
      ['changed@example.test', 'UPDATE', 'TO_VENDOR'],
      ['leaving@example.test', 'UNSUBSCRIBE', 'TO_VENDOR'],
      ['new@example.test', 'ADD', 'TO_VENDOR'],
      ['nomarketing@example.test', 'SKIP', 'TO_VENDOR'],
      ['profile@example.test', 'UPDATE', 'TO_CRM'],
      ['signup@example.test', 'ADD', 'TO_CRM'],
    ]);
  });

  it('parks a rejected address in the failure queue and replays it once fixed', async () => {
    const f = await EngineFixture.create(t, vendor, 'Replay');
    await f.contact({ email: 'good@example.test' });
    const bad = await f.contact({ email: 'fake@example.test' });
    vendor.rejectedEmails.add('fake@example.test');

    const run = await f.sync({ kind: 'FULL' });

    expect(run.status).toBe('PARTIAL');
    expect(run.counts).toMatchObject({ added: 1, failed: 1 });
    const failures = (
      await t.http().get(`/api/installations/${f.installationId}/failures`).set(f.auth).expect(200)
    ).body;
    expect(failures).toMatchObject({
      total: 1,
      groups: [
        {
          reasonCode: 'VALIDATION',
          count: 1,
          samples: [
            {
              email: 'fake@example.test',
              crmId: bad.id,
              message: 'Invalid Resource: address looks fake',
              attempts: 1,
            },
          ],
        },
      ],
    });
    // Still failing: the next sync tries again and counts an attempt, not a second failure.
    await f.sync({ kind: 'INCREMENTAL' });
    const again = (
      await t.http().get(`/api/installations/${f.installationId}/failures`).set(f.auth).expect(200)
    ).body;
    expect(again.groups[0]).toMatchObject({ count: 1, samples: [{ attempts: 2 }] });

    vendor.rejectedEmails.delete('fake@example.test');
    const replay = await t
      .http()
      .post(`/api/installations/${f.installationId}/failures/replay`)
      .set(f.auth)
      .send({ reasonCode: 'VALIDATION' })
      .expect(202);
    expect(replay.body).toMatchObject({
      replayed: 1,
      run: { trigger: 'REPLAY', kind: 'RECORDS', status: 'QUEUED' },
    });
    const replayed = await f.execute(replay.body.run.id);

    expect(replayed).toMatchObject({ status: 'SUCCEEDED', counts: { added: 1, failed: 0 } });
    expect(vendor.member(f.listId, 'fake@example.test')!.status).toBe('subscribed');
    const after = (
      await t.http().get(`/api/installations/${f.installationId}/failures`).set(f.auth).expect(200)
    ).body;
    expect(after).toEqual({ total: 0, groups: [] });
    await t
      .http()
      .post(`/api/installations/${f.installationId}/failures/replay`)
      .set(f.auth)
      .send({ reasonCode: 'VALIDATION' })
      .expect(400);
  });

  it('retries members the vendor refused for a passing reason within the run; parks those that keep failing', async () => {
    const f = await EngineFixture.create(t, vendor, 'Member retry');
    await f.contact({ email: 'steady@retry.test' });
    await f.contact({ email: 'blip@retry.test' });
    await f.contact({ email: 'down@retry.test' });
    vendor.flakyEmails.set('blip@retry.test', 2);
    vendor.flakyEmails.set('down@retry.test', 100);

    const run = await f.sync({ kind: 'FULL' });

    expect(run.counts).toMatchObject({ added: 2, failed: 1 });
    expect(vendor.member(f.listId, 'blip@retry.test')?.status).toBe('subscribed');
    expect(vendor.member(f.listId, 'down@retry.test')).toBeUndefined();
    // Only the refused members are sent again: the batch, then blip and down twice, then down alone.
    expect(vendor.calls.filter((c) => c.method === 'writeMembers').map((c) => c.count)).toEqual([3, 2, 2, 1]);
    const failures = (
      await t.http().get(`/api/installations/${f.installationId}/failures`).set(f.auth).expect(200)
    ).body;
    expect(failures).toMatchObject({
      total: 1,
      groups: [{ reasonCode: 'TEMPORARY', samples: [{ email: 'down@retry.test' }] }],
    });
  });

  it('fails the run and flags the installation when the vendor revokes access', async () => {
    const f = await EngineFixture.create(t, vendor, 'Revoked');
    await f.contact({ email: 'x@example.test' });
    vendor.pendingFailures.push(new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'API key revoked'));

    const run = await f.sync({ kind: 'FULL' });

    expect(run.status).toBe('FAILED');
    expect(run.error).toContain('re-authorize');
    const installation = await t.app
      .get(DataSource)
      .getRepository(ConnectorInstallation)
      .findOneByOrFail({ id: f.installationId });
    expect(installation.status).toBe('NEEDS_REAUTHORIZATION');
    await t.http().post(`/api/installations/${f.installationId}/sync`).set(f.auth).send({}).expect(409);
  });

  it('gives a run back to the queue when the vendor is down, and resumes it', async () => {
    const f = await EngineFixture.create(t, vendor, 'Temporary');
    await f.contact({ email: 'y@example.test' });
    // Down for the first try and the budget's three retries of the call.
    vendor.pendingFailures.push(
      ...Array.from(
        { length: 4 },
        () => new ConnectorError(ConnectorErrorCode.TEMPORARY, 'Service unavailable'),
      ),
    );
    const requested = await t
      .http()
      .post(`/api/installations/${f.installationId}/sync`)
      .set(f.auth)
      .send({})
      .expect(202);

    await expect(t.app.get(SyncEngine).executeRun(requested.body.id)).rejects.toThrow('Service unavailable');
    const waiting = (await t.http().get(`/api/runs/${requested.body.id}`).set(f.auth).expect(200)).body;
    expect(waiting).toMatchObject({ status: 'QUEUED', error: 'Retrying after: Service unavailable' });

    expect(await f.execute(requested.body.id)).toMatchObject({ status: 'SUCCEEDED', counts: { added: 1 } });
  });

  it('applies vendor events (webhooks) through the same rules, renaming on an email change', async () => {
    const f = await EngineFixture.create(t, vendor, 'Events');
    const gone = await f.contact({ email: 'gone@example.test' });
    const moved = await f.contact({ email: 'old@example.test' });
    await f.sync({ kind: 'FULL' });

    const run = await t.app.get(SyncEngine).applyVendorEvents(f.tenant.tenantId, f.installationId, [
      { type: 'unsubscribe', listId: f.listId, email: 'gone@example.test', firedAt: new Date() },
      {
        type: 'upemail',
        listId: f.listId,
        email: 'old@example.test',
        newEmail: 'new@example.test',
        firedAt: new Date(),
      },
    ]);

    expect(run).toMatchObject({ trigger: 'WEBHOOK', status: 'SUCCEEDED', counts: { updated: 2 } });
    expect((await f.getContact(gone.id)).emails[0].status).toBe('UNSUBSCRIBED_BY_USER');
    expect((await f.getContact(moved.id)).emails[0].email).toBe('new@example.test');
    const memberships = await t
      .http()
      .get('/api/memberships')
      .query({ module: 'contacts', recordId: moved.id })
      .set(f.auth)
      .expect(200);
    expect(memberships.body).toEqual([
      expect.objectContaining({
        installationId: f.installationId,
        listId: f.listId,
        email: 'new@example.test',
        status: 'subscribed',
      }),
    ]);

    // Two events about a member the CRM does not know yet, in one delivery: one new contact.
    const signup = await t.app.get(SyncEngine).applyVendorEvents(f.tenant.tenantId, f.installationId, [
      {
        type: 'subscribe',
        listId: f.listId,
        email: 'Nora@example.test',
        vendorId: 'v-nora',
        firedAt: new Date(),
      },
      {
        type: 'profile',
        listId: f.listId,
        email: 'nora@example.test',
        fields: { FNAME: 'Nora' },
        firedAt: new Date(),
      },
    ]);
    expect(signup).toMatchObject({ status: 'SUCCEEDED', counts: { added: 1, updated: 1 } });
    const found = await t
      .http()
      .get('/api/contacts')
      .query({ q: 'nora@example.test' })
      .set(f.auth)
      .expect(200);
    expect(found.body.items).toEqual([expect.objectContaining({ firstName: 'Nora', lastName: 'nora' })]);
  });

  it('shows runs, a record’s history and memberships only to those who may see them', async () => {
    const f = await EngineFixture.create(t, vendor, 'Access', { scope: 'ADMINS' });
    const contact = await f.contact({ email: 'seen@example.test' });
    const first = await f.sync({ kind: 'FULL' });
    const second = await f.sync({ kind: 'INCREMENTAL' });

    const runs = await t.http().get(`/api/installations/${f.installationId}/runs`).set(f.auth).expect(200);
    expect(runs.body).toMatchObject({ total: 2, page: 1, items: [{ id: second.id }, { id: first.id }] });
    expect(first.durationMs).toEqual(expect.any(Number));
    const history = await t
      .http()
      .get('/api/sync-records')
      .query({ module: 'contacts', recordId: contact.id })
      .set(f.auth)
      .expect(200);
    expect(history.body.items.map((l: RecordLineView) => [l.runId, l.action])).toEqual([[first.id, 'ADD']]);

    const rep = await signInNewUser(t, f.tenant.tenantId, { recordAccess: 'ALL' });
    const other = await t.createTenant('Outsider');
    for (const auth of [rep.auth, { Authorization: `Bearer ${other.adminToken}` }]) {
      await t.http().get(`/api/installations/${f.installationId}/runs`).set(auth).expect(404);
      await t.http().get(`/api/runs/${first.id}`).set(auth).expect(404);
      await t.http().get(`/api/runs/${first.id}/records`).set(auth).expect(404);
      await t.http().get(`/api/installations/${f.installationId}/failures`).set(auth).expect(404);
      await t.http().post(`/api/installations/${f.installationId}/sync`).set(auth).send({}).expect(404);
    }
    // Out of scope, the record's sync history and memberships show nothing of the installation.
    const hidden = await t
      .http()
      .get('/api/memberships')
      .query({ module: 'contacts', recordId: contact.id })
      .set(rep.auth)
      .expect(200);
    expect(hidden.body).toEqual([]);
    await t
      .http()
      .get('/api/memberships')
      .query({ module: 'contacts', recordId: contact.id })
      .set({ Authorization: `Bearer ${other.adminToken}` })
      .expect(404);

    // In scope but not an admin: may follow runs, may not start them.
    const everyone = await EngineFixture.create(t, vendor, 'Everyone');
    const seller = await signInNewUser(t, everyone.tenant.tenantId, { recordAccess: 'OWN' });
    await t.http().get(`/api/installations/${everyone.installationId}/runs`).set(seller.auth).expect(200);
    await t
      .http()
      .post(`/api/installations/${everyone.installationId}/sync`)
      .set(seller.auth)
      .send({})
      .expect(403);
    const notHers = await everyone.contact({ email: 'boss@example.test' });
    await t
      .http()
      .get('/api/sync-records')
      .query({ module: 'contacts', recordId: notHers.id })
      .set(seller.auth)
      .expect(404);
    await t
      .http()
      .post(`/api/installations/${everyone.installationId}/sync`)
      .set(everyone.auth)
      .send({ kind: 'SOMETIMES', extra: 1 })
      .expect(400);
  });
});
