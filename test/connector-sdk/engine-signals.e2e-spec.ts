import { DataSource } from 'typeorm';
import { ConnectorInstallation, NotificationView, SyncEngine } from '@crm/connector-sdk';
import { FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { signInNewUser } from '../e2e/sales-users.fixture';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { EngineFixture, resetVendor } from './engine-fixtures';

describe.each(databaseKinds)('sync engine: notifications and tag removal (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
  });
  afterAll(() => t?.close());
  beforeEach(() => resetVendor(vendor));

  const inbox = async (auth: Record<string, string>): Promise<NotificationView[]> =>
    (await t.http().get('/api/notifications').query({ pageSize: 100 }).set(auth).expect(200)).body.items;

  it('tells the users in scope who want it of vendor unsubscribes, new subscribers and profile edits, once', async () => {
    const f = await EngineFixture.create(t, vendor, 'Signals');
    const rep = await signInNewUser(t, f.tenant.tenantId, { recordAccess: 'ALL' });
    const muted = await signInNewUser(t, f.tenant.tenantId, { recordAccess: 'ALL' });
    const outside = await signInNewUser(t, f.tenant.tenantId, { recordAccess: 'ALL' });
    await t.app
      .get(DataSource)
      .getRepository(ConnectorInstallation)
      .update(
        { tenantId: f.tenant.tenantId, id: f.installationId },
        { scope: 'PROFILES', profileIds: [rep.profileId, muted.profileId] },
      );
    await t
      .http()
      .put('/api/notifications/preferences')
      .set(muted.auth)
      .send({ preferences: [{ type: 'UNSUBSCRIBE', enabled: false }] })
      .expect(200);
    const ana = await f.contact({ email: 'ana@signals.test', firstName: 'Ana' });
    const luis = await f.contact({ email: 'luis@signals.test', firstName: 'Luis' });
    await f.sync({ kind: 'FULL' });
    // Our own push, read back, is nobody's news.
    await f.sync({ kind: 'INCREMENTAL' });
    expect(await inbox(f.auth)).toEqual([]);

    // A dry run of a vendor unsubscribe shows it and tells nobody.
    vendor.act(f.listId, 'ana@signals.test', 'unsubscribe');
    const dry = await f.sync({ kind: 'INCREMENTAL', dryRun: true });
    expect(await f.lines(dry.id, 'UNSUBSCRIBE')).toHaveLength(1);
    expect(await inbox(f.auth)).toEqual([]);

    // The webhook applies it: one UNSUBSCRIBE for the admin and for the user in scope.
    await f.webhook([vendor.act(f.listId, 'ana@signals.test', 'unsubscribe')]);
    const expected = {
      type: 'UNSUBSCRIBE',
      title: 'Ana García (ana@signals.test) unsubscribed from Signals list',
      subject: { module: 'contacts', id: ana.id },
      installationId: f.installationId,
      readAt: null,
    };
    expect(await inbox(f.auth)).toEqual([expect.objectContaining(expected)]);
    expect(await inbox(rep.auth)).toEqual([expect.objectContaining(expected)]);
    expect(await inbox(muted.auth)).toEqual([]);
    expect(await inbox(outside.auth)).toEqual([]);

    // A pull that creates a contact, and a vendor profile edit.
    vendor.write(f.listId, {
      email: 'sol@signals.test',
      statusIfNew: 'subscribed',
      fields: { FNAME: 'Sol' },
    });
    vendor.editProfile(f.listId, 'luis@signals.test', { FNAME: 'Luisito' });
    const pulled = await f.sync({ kind: 'INCREMENTAL' });
    expect(pulled.counts).toMatchObject({ added: 1, failed: 0 });
    const sol = (await f.lines(pulled.id, 'ADD')).find((l) => l.email === 'sol@signals.test')!;
    const news = await inbox(rep.auth);
    expect(news.filter((n) => n.type !== 'UNSUBSCRIBE')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'NEW_SUBSCRIBER',
          title: 'Sol sol (sol@signals.test) subscribed to Signals list',
          subject: { module: 'contacts', id: sol.crmId },
        }),
        expect.objectContaining({
          type: 'PROFILE_UPDATE',
          title: 'Luisito García (luis@signals.test) updated their profile in Signals list',
          body: 'Changed: firstName',
          subject: { module: 'contacts', id: luis.id },
        }),
      ]),
    );
    expect(news).toHaveLength(3);
    // The muted user still hears of what they did not switch off.
    expect((await inbox(muted.auth)).map((n) => n.type).sort()).toEqual(['NEW_SUBSCRIBER', 'PROFILE_UPDATE']);

    // Nothing changed since: no new notifications, also not for the echo of the webhook's change.
    await f.sync({ kind: 'INCREMENTAL' });
    await f.sync({ kind: 'INCREMENTAL' });
    expect(await inbox(rep.auth)).toHaveLength(3);
    expect(await inbox(f.auth)).toHaveLength(3);
  });

  it('removes at the vendor a tag removed in the CRM, shows it in the dry run, and then writes nothing', async () => {
    const f = await EngineFixture.create(t, vendor, 'Tags');
    const contact = await f.contact({ email: 'tagged@tags.test' });
    await f.patchContact(contact.id, { tags: ['vip', 'newsletter'] });
    await f.sync({ kind: 'FULL' });
    expect(vendor.member(f.listId, 'tagged@tags.test')!.tags).toEqual(['newsletter', 'vip']);
    // A tag the vendor's own users added is not the CRM's to remove.
    vendor.write(f.listId, {
      email: 'tagged@tags.test',
      statusIfNew: 'subscribed',
      fields: {},
      tags: { add: ['vendor-only'], remove: [] },
    });

    await f.patchContact(contact.id, { tags: ['vip'] });
    const writes = vendor.writeCalls();
    const dry = await f.sync({ kind: 'INCREMENTAL', dryRun: true });
    expect(vendor.writeCalls()).toBe(writes);
    const planned = await f.lines(dry.id, 'TAGS');
    expect(planned).toEqual([
      expect.objectContaining({
        email: 'tagged@tags.test',
        direction: 'TO_VENDOR',
        after: expect.objectContaining({ tags: { add: ['vip'], remove: ['newsletter'] } }),
      }),
    ]);

    const run = await f.sync({ kind: 'INCREMENTAL' });
    expect(run.counts).toMatchObject({ updated: 1, failed: 0 });
    expect((await f.lines(run.id, 'TAGS')).map((l) => l.after)).toEqual(planned.map((l) => l.after));
    expect(vendor.member(f.listId, 'tagged@tags.test')!.tags).toEqual(['vendor-only', 'vip']);

    // The realtime path (a RECORDS run, as the outbox relay asks for one) removes the same way.
    await f.patchContact(contact.id, { tags: [] });
    const realtime = await t.app.get(SyncEngine).requestRun(f.tenant, f.installationId, {
      trigger: 'REALTIME',
      kind: 'RECORDS',
      input: { recordIds: [contact.id] },
    });
    const executed = await f.execute(realtime.id);
    expect(executed.counts).toMatchObject({ updated: 1 });
    expect(vendor.member(f.listId, 'tagged@tags.test')!.tags).toEqual(['vendor-only']);

    const settled = vendor.writeCalls();
    const again = await f.sync({ kind: 'INCREMENTAL' });
    expect(vendor.writeCalls()).toBe(settled);
    expect(again.counts).toMatchObject({ added: 0, updated: 0, failed: 0 });
  });
});
