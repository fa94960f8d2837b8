import { signInNewUser, SignedInUser } from '../e2e/sales-users.fixture';
import { databaseKinds } from '../support/databases';
import { eventually, MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

interface Notice {
  type: string;
  title: string;
  body: string | null;
  subject: { module: string; id: string } | null;
}

/**
 * Seed 001's SalesSignals from Mailchimp: new subscriber, unsubscribe and profile update, raised
 * by Mailchimp's webhooks and by the maintenance sweep, routed per user: the type switched on,
 * the installation's scope, and the record's visibility. The real product against the sandbox.
 */
describe.each(databaseKinds)('Mailchimp notifications (%s)', (kind) => {
  jest.setTimeout(120_000);
  let f: MailchimpFixture;
  let m: MailchimpTenant;
  /** In the installation's scope, sees every record, wants every type. */
  let sales: SignedInUser;
  /** In scope, sees every record, switched unsubscribes off. */
  let quiet: SignedInUser;
  /** In scope, sees only the records they own. */
  let own: SignedInUser;
  /** Sees every record, but the installation is not for their profile. */
  let outsider: SignedInUser;

  const inbox = async (user: { auth: Record<string, string> }): Promise<Notice[]> =>
    (await f.t.http().get('/api/notifications').query({ pageSize: 100 }).set(user.auth).expect(200)).body
      .items;
  const titles = async (user: { auth: Record<string, string> }) =>
    (await inbox(user)).map((notice) => `${notice.type}: ${notice.title}`).sort();

  beforeAll(async () => {
    f = await MailchimpFixture.start(kind);
    m = await f.tenant('Señales', {}, async (tenant) => {
      sales = await signInNewUser(f.t, tenant.tenantId, { recordAccess: 'ALL' });
      quiet = await signInNewUser(f.t, tenant.tenantId, { recordAccess: 'ALL' });
      own = await signInNewUser(f.t, tenant.tenantId, { recordAccess: 'OWN' });
      outsider = await signInNewUser(f.t, tenant.tenantId, { recordAccess: 'ALL' });
      return { scope: 'PROFILES', profileIds: [sales.profileId, quiet.profileId, own.profileId] };
    });
    await f.t
      .http()
      .put('/api/notifications/preferences')
      .set(quiet.auth)
      .send({ preferences: [{ type: 'UNSUBSCRIBE', enabled: false }] })
      .expect(200);
  });
  afterAll(() => f?.close());

  const admin = () => ({ auth: m.auth });

  it('raises each signal from Mailchimp’s webhooks for the users who want it and may see the contact', async () => {
    // A contact of the OWN-access user, pushed by the sync; our own push is nobody's news.
    const olga = await f.contact(m, {
      firstName: 'Olga',
      lastName: 'Ruiz',
      ownerId: own.userId,
      emails: [{ email: 'olga@senales.test' }],
    });
    await f.sync(m);
    expect(await inbox(admin())).toEqual([]);

    // Someone signs up on Mailchimp's form: a new contact (owned by the admin) and a NEW_SUBSCRIBER.
    await f.control(m, `/lists/${m.listId}/signups`, {
      email_address: 'nora@senales.test',
      merge_fields: { FNAME: 'Nora', LNAME: 'Vidal' },
    });
    const signedUp = 'NEW_SUBSCRIBER: Nora Vidal (nora@senales.test) subscribed to Señales audience';
    await eventually(async () => expect(await titles(admin())).toEqual([signedUp]));
    const nora = (await f.t.http().get('/api/contacts').query({ q: 'nora' }).set(m.auth).expect(200)).body
      .items[0];
    expect(await inbox(sales)).toEqual([
      expect.objectContaining({
        type: 'NEW_SUBSCRIBER',
        title: 'Nora Vidal (nora@senales.test) subscribed to Señales audience',
        subject: { module: 'contacts', id: nora.id },
      }),
    ]);

    // Olga unsubscribes from an email's link.
    await f.control(m, `/lists/${m.listId}/members/olga@senales.test/unsubscribe`, { by: 'user' });
    const left = 'UNSUBSCRIBE: Olga Ruiz (olga@senales.test) unsubscribed from Señales audience';
    await eventually(async () => expect(await titles(admin())).toEqual([signedUp, left].sort()));

    // Nora edits her profile.
    await f.control(
      m,
      `/lists/${m.listId}/members/nora@senales.test/profile`,
      { merge_fields: { FNAME: 'Norma' } },
      'PATCH',
    );
    const edited =
      'PROFILE_UPDATE: Norma Vidal (nora@senales.test) updated their profile in Señales audience';
    await eventually(async () => expect(await titles(admin())).toEqual([signedUp, left, edited].sort()));
    expect((await inbox(admin())).find((notice) => notice.type === 'PROFILE_UPDATE')).toMatchObject({
      body: 'Changed: firstName',
      subject: { module: 'contacts', id: nora.id },
    });

    // The same notices reach each user as far as their settings, the scope and the record allow.
    expect(await titles(sales)).toEqual([signedUp, left, edited].sort());
    expect(await titles(quiet)).toEqual([signedUp, edited].sort());
    expect(await titles(own)).toEqual([left]);
    expect(await titles(outsider)).toEqual([]);
    expect((await inbox(own))[0].subject).toEqual({ module: 'contacts', id: olga.id });
  });

  it('raises them from the maintenance sweep when no webhook came', async () => {
    const before = (await inbox(sales)).length;
    // The webhook is gone at Mailchimp (removed there by hand): only the sweep can tell.
    const { webhooks } = (await m.mailchimp.lists.getListWebhooks(m.listId)) as {
      webhooks: Array<{ id: string }>;
    };
    for (const webhook of webhooks) await m.mailchimp.lists.deleteListWebhook(m.listId, webhook.id);
    await f.control(m, `/lists/${m.listId}/members/nora@senales.test/unsubscribe`, { by: 'user' });

    const sweep = await f.sync(m, { kind: 'INCREMENTAL' });
    expect(sweep).toMatchObject({ status: 'SUCCEEDED', counts: { updated: 1, failed: 0 } });
    const left = 'UNSUBSCRIBE: Norma Vidal (nora@senales.test) unsubscribed from Señales audience';
    expect(await titles(sales)).toContain(left);
    expect(await inbox(sales)).toHaveLength(before + 1);
    expect(await titles(quiet)).not.toContain(left);
    expect(await titles(own)).not.toContain(left);
    expect(await titles(outsider)).toEqual([]);

    // A second sweep finds nothing new and says nothing.
    await f.sync(m, { kind: 'INCREMENTAL' });
    expect(await inbox(sales)).toHaveLength(before + 1);
  });
});
