import { SyncEngine } from '@crm/connector-sdk';
import { FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { EngineFixture, resetVendor } from './engine-fixtures';

describe.each(databaseKinds)('sync engine: removing members (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
  });
  afterAll(() => t?.close());
  beforeEach(() => resetVendor(vendor));

  const marketing = (f: EngineFixture, contact: { id: string; emailId: string }, useInMarketing: boolean) =>
    t
      .http()
      .patch(`/api/contacts/${contact.id}/emails/${contact.emailId}`)
      .set(f.auth)
      .send({ useInMarketing })
      .expect(200);

  it('removes a member whose address is no longer used in marketing, after showing it in the dry run', async () => {
    const f = await EngineFixture.create(t, vendor, 'Remove marketing');
    const contact = await f.contact({ email: 'off@remove.test' });
    await f.contact({ email: 'stays@remove.test' });
    await f.sync({ kind: 'FULL' });
    expect(vendor.member(f.listId, 'off@remove.test')?.status).toBe('subscribed');

    await marketing(f, contact, false);
    const writes = vendor.writeCalls();
    const dry = await f.sync({ kind: 'INCREMENTAL', dryRun: true });
    expect(vendor.writeCalls()).toBe(writes);
    expect(vendor.member(f.listId, 'off@remove.test')?.status).toBe('subscribed');
    expect(dry.counts).toMatchObject({ removed: 1, failed: 0 });
    const planned = await f.lines(dry.id, 'REMOVE');
    expect(planned.map((l) => [l.email, l.direction, l.rule])).toEqual([
      ['off@remove.test', 'TO_VENDOR', 'removed: not used in marketing'],
    ]);

    const run = await f.sync({ kind: 'INCREMENTAL' });
    expect(run.counts).toMatchObject({ removed: 1, added: 0, updated: 0, failed: 0 });
    expect((await f.lines(run.id, 'REMOVE')).map((l) => [l.email, l.rule])).toEqual(
      planned.map((l) => [l.email, l.rule]),
    );
    expect(vendor.member(f.listId, 'off@remove.test')?.status).toBe('archived');
    expect(vendor.member(f.listId, 'stays@remove.test')?.status).toBe('subscribed');
    // The consent of the CRM address is untouched: only its use in marketing changed.
    expect((await f.getContact(contact.id)).emails[0]).toMatchObject({ status: 'ACTIVE' });

    const settled = vendor.writeCalls();
    for (const kind of ['INCREMENTAL', 'FULL'] as const) {
      const again = await f.sync({ kind });
      expect(again.counts).toMatchObject({ removed: 0, added: 0, updated: 0, skipped: 0, failed: 0 });
      expect(await f.lines(again.id)).toEqual([]);
    }
    expect(vendor.writeCalls()).toBe(settled);

    // Used in marketing again: the archived member comes back, as the vendor allows.
    await marketing(f, contact, true);
    const back = await f.sync({ kind: 'INCREMENTAL' });
    expect(back.counts).toMatchObject({ updated: 1, failed: 0 });
    expect(vendor.member(f.listId, 'off@remove.test')?.status).toBe('subscribed');
  });

  it('removes the member of a deleted contact in a full run and a records run, once', async () => {
    const f = await EngineFixture.create(t, vendor, 'Remove deleted');
    const full = await f.contact({ email: 'full@remove.test' });
    const records = await f.contact({ email: 'records@remove.test' });
    await f.sync({ kind: 'FULL' });

    await t.http().delete(`/api/contacts/${full.id}`).set(f.auth).expect(204);
    const dry = await f.sync({ kind: 'FULL', dryRun: true });
    expect(dry.counts).toMatchObject({ removed: 1 });
    expect(vendor.member(f.listId, 'full@remove.test')?.status).toBe('subscribed');
    const run = await f.sync({ kind: 'FULL' });
    expect(run.counts).toMatchObject({ removed: 1, failed: 0 });
    // The removal was found on the way, beyond the estimate: the progress still ends at 100%.
    expect(run.processed).toBe(run.total);
    expect((await f.lines(run.id, 'REMOVE')).map((l) => [l.email, l.crmId, l.rule])).toEqual([
      ['full@remove.test', full.id, 'removed: address deleted in the CRM'],
    ]);
    expect(vendor.member(f.listId, 'full@remove.test')?.status).toBe('archived');

    // The realtime path: the relay asks for a RECORDS run of the deleted record.
    await t.http().delete(`/api/contacts/${records.id}`).set(f.auth).expect(204);
    const realtime = await t.app.get(SyncEngine).requestRun(f.tenant, f.installationId, {
      trigger: 'REALTIME',
      kind: 'RECORDS',
      input: { recordIds: [records.id] },
    });
    expect((await f.execute(realtime.id)).counts).toMatchObject({ removed: 1, failed: 0 });
    expect(vendor.member(f.listId, 'records@remove.test')?.status).toBe('archived');

    const settled = vendor.writeCalls();
    const again = await f.sync({ kind: 'FULL' });
    expect(again.counts).toMatchObject({ removed: 0, added: 0, updated: 0, skipped: 0, failed: 0 });
    expect(await f.lines(again.id)).toEqual([]);
    expect(vendor.writeCalls()).toBe(settled);
  });

  it('never removes an unsubscribed member: it stays unsubscribed', async () => {
    const f = await EngineFixture.create(t, vendor, 'Remove consent');
    const optedOut = await f.contact({ email: 'optout@remove.test' });
    const leaver = await f.contact({ email: 'leaver@remove.test' });
    await f.sync({ kind: 'FULL' });

    // Opted out in the CRM: an explicit unsubscribe, not a removal, even with marketing also off.
    await f.patchContact(optedOut.id, { emailOptOut: true });
    await marketing(f, optedOut, false);
    // Unsubscribed at the vendor, then taken out of marketing or deleted in the CRM.
    vendor.act(f.listId, 'leaver@remove.test', 'unsubscribe');
    await f.sync({ kind: 'INCREMENTAL' });
    await t.http().delete(`/api/contacts/${leaver.id}`).set(f.auth).expect(204);
    const run = await f.sync({ kind: 'FULL' });

    expect(run.counts).toMatchObject({ removed: 0, failed: 0 });
    expect(vendor.member(f.listId, 'optout@remove.test')?.status).toBe('unsubscribed');
    expect(vendor.member(f.listId, 'leaver@remove.test')?.status).toBe('unsubscribed');
    expect(vendor.calls.filter((c) => c.method === 'removeMembers')).toEqual([]);
  });

  it('renames the member when an address is edited in the CRM, instead of removing and re-adding it', async () => {
    const f = await EngineFixture.create(t, vendor, 'Rename');
    const moved = await f.contact({ email: 'old@rename.test' });
    const leaver = await f.contact({ email: 'leaver@rename.test' });
    await f.sync({ kind: 'FULL' });
    const member = vendor.member(f.listId, 'old@rename.test')!;
    vendor.act(f.listId, 'leaver@rename.test', 'unsubscribe');
    await f.sync({ kind: 'INCREMENTAL' });

    const rename = (contact: { id: string; emailId: string }, email: string) =>
      t
        .http()
        .patch(`/api/contacts/${contact.id}/emails/${contact.emailId}`)
        .set(f.auth)
        .send({ email })
        .expect(200);
    await rename(moved, 'new@rename.test');
    await rename(leaver, 'left@rename.test');

    const writes = vendor.writeCalls();
    const dry = await f.sync({ kind: 'FULL', dryRun: true });
    expect(vendor.writeCalls()).toBe(writes);
    expect(dry.counts).toMatchObject({ added: 0, updated: 1, removed: 0, failed: 0 });
    // Addresses are pushed in id order; compare them by email.
    const byEmail = (a: { email: string }, b: { email: string }) => a.email.localeCompare(b.email);
    const planned = (await f.lines(dry.id)).sort(byEmail);
    expect(planned.map((l) => [l.email, l.action, l.rule])).toEqual([
      // Its CRM address followed the vendor's unsubscribe: nothing to send for it, and nobody to add.
      ['left@rename.test', 'SKIP', 'not marketing: status UNSUBSCRIBED_BY_USER'],
      ['new@rename.test', 'UPDATE', 'email changed in the CRM: member renamed from old@rename.test'],
    ]);
    expect(planned[1].before).toMatchObject({ email: 'old@rename.test', vendorStatus: 'subscribed' });

    const run = await f.sync({ kind: 'FULL' });
    expect(run.counts).toMatchObject({ added: 0, updated: 1, removed: 0, failed: 0 });
    expect((await f.lines(run.id)).sort(byEmail).map((l) => [l.email, l.action, l.rule])).toEqual(
      planned.map((l) => [l.email, l.action, l.rule]),
    );
    expect(vendor.calls.filter((c) => c.method === 'removeMembers')).toEqual([]);
    // The same member under its new address; the one who left is still unsubscribed.
    expect(vendor.member(f.listId, 'old@rename.test')).toBeUndefined();
    expect(vendor.member(f.listId, 'new@rename.test')).toMatchObject({
      vendorId: member.vendorId,
      status: 'subscribed',
    });
    expect(vendor.member(f.listId, 'leaver@rename.test')?.status).toBe('unsubscribed');
    expect(vendor.member(f.listId, 'left@rename.test')).toBeUndefined();
    expect(f.members()).toHaveLength(2);

    // A records run (the realtime path) renames too.
    await rename(moved, 'newer@rename.test');
    const realtime = await t.app.get(SyncEngine).requestRun(f.tenant, f.installationId, {
      trigger: 'REALTIME',
      kind: 'RECORDS',
      input: { recordIds: [moved.id] },
    });
    expect((await f.execute(realtime.id)).counts).toMatchObject({ updated: 1, added: 0, removed: 0 });
    expect(vendor.member(f.listId, 'newer@rename.test')?.vendorId).toBe(member.vendorId);
    expect(f.members()).toHaveLength(2);

    const settled = vendor.writeCalls();
    const again = await f.sync({ kind: 'FULL' });
    expect(again.counts).toMatchObject({ added: 0, updated: 0, removed: 0, skipped: 0, failed: 0 });
    expect(vendor.writeCalls()).toBe(settled);
  });

  it('leaves the old member to the record that still has the old address', async () => {
    const f = await EngineFixture.create(t, vendor, 'Rename shared');
    const first = await f.contact({ email: 'shared@rename.test' });
    await f.sync({ kind: 'FULL' });
    await f.contact({ email: 'shared@rename.test', firstName: 'Second' });
    await t
      .http()
      .patch(`/api/contacts/${first.id}/emails/${first.emailId}`)
      .set(f.auth)
      .send({ email: 'own@rename.test' })
      .expect(200);

    const run = await f.sync({ kind: 'FULL' });
    expect(run.counts).toMatchObject({ failed: 0, removed: 0 });
    expect(vendor.member(f.listId, 'shared@rename.test')?.status).toBe('subscribed');
    expect(vendor.member(f.listId, 'own@rename.test')?.status).toBe('subscribed');
  });
});
