import { NOTIFICATION_TYPES, NotificationsService } from '@crm/connector-sdk';
import { FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { insertContact, insertTeam, signInNewUser, SignedInUser } from '../e2e/sales-users.fixture';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

describe.each(databaseKinds)('notifications (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Record<string, string>;
  let repA: SignedInUser;
  let repB: SignedInUser;
  let other: TestTenant;
  let installationId: string;
  let notifications: NotificationsService;

  const inbox = async (auth: Record<string, string>, query = '') =>
    (await t.http().get(`/api/notifications${query}`).set(auth).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
    tenant = await t.createTenant('Signals');
    admin = bearer(tenant.adminToken);
    repA = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL' });
    repB = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL' });
    other = await t.createTenant('Elsewhere');
    ({ installationId } = await installFakeConnector(t, tenant, vendor, {
      scope: 'PROFILES',
      profileIds: [repA.profileId],
    }));
    notifications = t.app.get(NotificationsService);
  });
  afterAll(() => t.close());

  it('has every type on by default and saves a user’s choices', async () => {
    const defaults = await t.http().get('/api/notifications/preferences').set(repA.auth).expect(200);
    expect(defaults.body).toEqual(NOTIFICATION_TYPES.map((type) => ({ type, enabled: true })));
    const saved = await t
      .http()
      .put('/api/notifications/preferences')
      .set(repA.auth)
      .send({ preferences: [{ type: 'PROFILE_UPDATE', enabled: false }] })
      .expect(200);
    expect(saved.body).toContainEqual({ type: 'PROFILE_UPDATE', enabled: false });
    expect(saved.body.filter((p: { enabled: boolean }) => p.enabled)).toHaveLength(
      NOTIFICATION_TYPES.length - 1,
    );
    // Another user's defaults are untouched.
    const theirs = await t.http().get('/api/notifications/preferences').set(repB.auth).expect(200);
    expect(theirs.body).toContainEqual({ type: 'PROFILE_UPDATE', enabled: true });
    const bad = await t
      .http()
      .put('/api/notifications/preferences')
      .set(repA.auth)
      .send({ preferences: [{ type: 'NEWSLETTER', enabled: true }] })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['preferences.0.type']);
    const twice = await t
      .http()
      .put('/api/notifications/preferences')
      .set(repA.auth)
      .send({
        preferences: [
          { type: 'UNSUBSCRIBE', enabled: false },
          { type: 'UNSUBSCRIBE', enabled: true },
        ],
      })
      .expect(400);
    expect(twice.body.errors.map((e: { field: string }) => e.field)).toEqual(['preferences.1.type']);
  });

  it('reaches the users in the installation’s scope who want the type', async () => {
    const subject = { module: 'contacts', id: '11111111-1111-1111-1111-111111111111' };
    const recipients = { kind: 'installation-users' as const, installationId };
    expect(
      await notifications.notify(
        tenant.tenantId,
        { type: 'NEW_SUBSCRIBER', title: 'Ana subscribed', body: 'to List 1', subject, installationId },
        recipients,
      ),
    ).toBe(2); // the admin and repA; repB's profile is outside the scope
    expect(
      await notifications.notify(
        tenant.tenantId,
        { type: 'PROFILE_UPDATE', title: 'Ana changed' },
        recipients,
      ),
    ).toBe(1); // repA switched profile updates off
    expect(
      await notifications.notify(
        tenant.tenantId,
        { type: 'AUTHORIZATION_NEEDED', title: 'Re-authorize' },
        {
          kind: 'admins',
        },
      ),
    ).toBe(1);
    expect(
      await notifications.notify(
        tenant.tenantId,
        { type: 'UNSUBSCRIBE', title: 'Bo left' },
        {
          kind: 'users',
          userIds: [repB.userId, other.adminUserId],
        },
      ),
    ).toBe(1); // another tenant's user is not a recipient
    expect(
      await notifications.notify(
        other.tenantId,
        { type: 'UNSUBSCRIBE', title: 'x' },
        {
          kind: 'installation-users',
          installationId,
        },
      ),
    ).toBe(0);

    const mine = await inbox(repA.auth);
    expect(mine).toMatchObject({ total: 1, unreadCount: 1, page: 1 });
    expect(mine.items).toEqual([
      expect.objectContaining({
        type: 'NEW_SUBSCRIBER',
        title: 'Ana subscribed',
        body: 'to List 1',
        subject,
        installationId,
        readAt: null,
      }),
    ]);
    expect(mine.items[0]).not.toHaveProperty('userId');
    expect(await inbox(repB.auth)).toMatchObject({ total: 1, unreadCount: 1, items: [{ title: 'Bo left' }] });
    expect(await inbox(bearer(other.adminToken))).toMatchObject({ total: 0, unreadCount: 0, items: [] });
    const adminInbox = await inbox(admin);
    expect(adminInbox).toMatchObject({ total: 3, unreadCount: 3 });
    expect(adminInbox.items.map((n: { title: string }) => n.title).sort()).toEqual([
      'Ana changed',
      'Ana subscribed',
      'Re-authorize',
    ]);
    const times = adminInbox.items.map((n: { createdAt: string }) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a)); // newest first
  });

  it('keeps notifications private and counts what is unread', async () => {
    const adminItems = (await inbox(admin)).items as Array<{ id: string; title: string }>;
    const first = adminItems[0];
    await t.http().post(`/api/notifications/${first.id}/read`).set(repA.auth).expect(404);
    await t.http().post(`/api/notifications/${first.id}/read`).set(bearer(other.adminToken)).expect(404);
    expect((await inbox(admin)).unreadCount).toBe(3);

    const read = await t.http().post(`/api/notifications/${first.id}/read`).set(admin).expect(200);
    expect(read.body).toMatchObject({ id: first.id });
    expect(Date.parse(read.body.readAt)).toBeGreaterThan(Date.now() - 60_000);
    const unread = await inbox(admin, '?unread=true');
    expect(unread).toMatchObject({ total: 2, unreadCount: 2 });
    expect(unread.items.map((n: { id: string }) => n.id)).not.toContain(first.id);

    const page2 = await inbox(admin, '?page=2&pageSize=2');
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items.map((n: { id: string }) => n.id)).toEqual([adminItems[2].id]);

    const all = await t.http().post('/api/notifications/read-all').set(admin).expect(200);
    expect(all.body).toEqual({ marked: 2 });
    expect(await inbox(admin)).toMatchObject({ total: 3, unreadCount: 0 });
    // Other users' notifications were not touched.
    expect((await inbox(repA.auth)).unreadCount).toBe(1);
    expect((await inbox(repB.auth)).unreadCount).toBe(1);
    await t.http().get('/api/notifications?unread=maybe').set(admin).expect(400);
  });

  it('tells of a record only the users who may open it', async () => {
    const tenantId = tenant.tenantId;
    const team = await insertTeam(t, tenantId, 'Norte');
    const own = await signInNewUser(t, tenantId, { recordAccess: 'OWN' });
    const teamRep = await signInNewUser(t, tenantId, { recordAccess: 'TEAM', teamIds: [team] });
    const noContacts = await signInNewUser(t, tenantId, { recordAccess: 'ALL', modules: ['deals'] });
    const everyone = [repB.userId, own.userId, teamRep.userId, noContacts.userId];
    const told = async (subject: { module: string; id: string }, title: string) => {
      await notifications.notify(
        tenantId,
        { type: 'UNSUBSCRIBE', title, subject },
        { kind: 'users', userIds: everyone },
      );
      const reached: string[] = [];
      for (const [name, user] of Object.entries({ repB, own, teamRep, noContacts }))
        if ((await inbox(user.auth)).items.some((n: { title: string }) => n.title === title))
          reached.push(name);
      return reached;
    };
    const ofAdmin = await insertContact(t, tenantId, 'Admin', { ownerId: tenant.adminUserId });
    const ofOwn = await insertContact(t, tenantId, 'Own', { ownerId: own.userId });
    const ofTeam = await insertContact(t, tenantId, 'Team', { ownerId: tenant.adminUserId, teamId: team });
    expect(await told({ module: 'contacts', id: ofAdmin }, 'Admin left')).toEqual(['repB']);
    expect(await told({ module: 'contacts', id: ofOwn }, 'Own left')).toEqual(['repB', 'own']);
    expect(await told({ module: 'contacts', id: ofTeam }, 'Team left')).toEqual(['repB', 'teamRep']);
  });
});
