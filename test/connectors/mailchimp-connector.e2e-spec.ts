import { DataSource } from 'typeorm';
import { ConnectorInstallation, Notification, RecordLink } from '@crm/connector-sdk';
import { databaseKinds } from '../support/databases';
import { eventually, MailchimpFixture } from './mailchimp-fixture';

/**
 * The Mailchimp connector end to end: the real product (API + worker), the real connector and
 * the official client, against the Mailchimp sandbox over HTTP.
 */
describe.each(databaseKinds)('Mailchimp connector against the sandbox (%s)', (kind) => {
  jest.setTimeout(120_000);
  let f: MailchimpFixture;

  beforeAll(async () => {
    f = await MailchimpFixture.start(kind);
  });
  afterAll(() => f?.close());

  it('connects with an API key: the account and data center are learned, the webhook is registered without the API source', async () => {
    const m = await f.tenant('Conexión');
    const installation = (
      await f.t.http().get(`/api/installations/${m.installationId}`).set(m.auth).expect(200)
    ).body;
    expect(installation).toMatchObject({ status: 'ACTIVE' });
    const webhooks = (await m.mailchimp.lists.getListWebhooks(m.listId)) as {
      webhooks: Array<{ url: string; sources: Record<string, boolean>; events: Record<string, boolean> }>;
    };
    expect(webhooks.webhooks).toHaveLength(1);
    expect(webhooks.webhooks[0].url).toContain(`/api/webhooks/mailchimp/${m.installationId}/`);
    expect(webhooks.webhooks[0].sources).toEqual({ user: true, admin: true, api: false });
    expect(webhooks.webhooks[0].events).toMatchObject({ unsubscribe: true, cleaned: true, upemail: true });

    const lists = (
      await f.t.http().get(`/api/installations/${m.installationId}/lists`).set(m.auth).expect(200)
    ).body;
    expect(lists).toEqual([expect.objectContaining({ listId: m.listId, name: 'Conexión audience' })]);
    const fields = (
      await f.t
        .http()
        .get(`/api/installations/${m.installationId}/lists/${m.listId}/fields`)
        .set(m.auth)
        .expect(200)
    ).body.map((field: { key: string }) => field.key);
    expect(fields).toEqual(expect.arrayContaining(['EMAIL', 'FNAME', 'LNAME']));
  });

  it('refuses a malformed or unknown API key, naming the field', async () => {
    const tenant = await f.t.createTenant('Clave');
    const installationId = await f.install(tenant);
    const auth = { Authorization: `Bearer ${tenant.adminToken}` };
    const malformed = await f.t
      .http()
      .post(`/api/installations/${installationId}/credentials`)
      .set(auth)
      .send({ fields: { apiKey: 'not-a-key' } })
      .expect(400);
    expect(JSON.stringify(malformed.body)).toContain('fields.apiKey');
    await f.t
      .http()
      .post(`/api/installations/${installationId}/credentials`)
      .set(auth)
      .send({ fields: { apiKey: `${'0'.repeat(31)}9-us1` } })
      .expect(400);
  });

  it('pushes marketing-enabled ACTIVE addresses with status_if_new semantics, merge fields and classification tags', async () => {
    const m = await f.tenant('Empuje');
    const org = await f.t
      .http()
      .post('/api/organizations')
      .set(m.auth)
      .send({
        name: 'Tacos del Norte',
        kind: 'CLIENT',
        rating: 'A - Alta rentabilidad',
        clientType: 'Cliente directo',
        zone: 'Norte',
      })
      .expect(201);
    await f.contact(m, {
      firstName: 'Lucía',
      lastName: 'Méndez',
      organizationId: org.body.id,
      emails: [{ email: 'lucia@empuje.test' }],
    });
    await f.contact(m, {
      lastName: 'Sin Marketing',
      emails: [{ email: 'no@empuje.test', useInMarketing: false }],
    });
    await f.contact(m, {
      lastName: 'Baja',
      emails: [{ email: 'baja@empuje.test', status: 'UNSUBSCRIBED_BY_USER' }],
    });

    // The creations reach Mailchimp in real time already; the full sync finds nothing left to do.
    const run = await f.sync(m);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
    const lucia = await f.member(m, 'lucia@empuje.test');
    expect(lucia).toMatchObject({ status: 'subscribed', merge_fields: { FNAME: 'Lucía', LNAME: 'Méndez' } });
    expect(lucia!.tags.map((tag) => tag.name).sort()).toEqual([
      'Calificación: A - Alta rentabilidad',
      'Tipo de Cliente/Prospecto: Cliente directo',
      'Zona: Norte',
    ]);
    expect(await f.member(m, 'no@empuje.test')).toBeUndefined();
    expect(await f.member(m, 'baja@empuje.test')).toBeUndefined();

    // Nothing changed: the next full sync writes nothing.
    const again = await f.sync(m);
    expect(again).toMatchObject({ status: 'SUCCEEDED', counts: { added: 0, updated: 0 } });

    // A classification change swaps the tag within about a second of the edit (outbox → relay → connector).
    const edited = Date.now();
    await f.t.http().patch(`/api/organizations/${org.body.id}`).set(m.auth).send({ zone: 'Sur' }).expect(200);
    await eventually(async () => {
      const tags = (await f.member(m, 'lucia@empuje.test'))!.tags.map((tag) => tag.name);
      expect(tags).toContain('Zona: Sur');
      expect(tags).not.toContain('Zona: Norte');
    }, 5000);
    // Generous for a loaded CI machine; bench/mailchimp-realtime measures the real latency.
    expect(Date.now() - edited).toBeLessThan(5000);
  });

  it('brings an unsubscribe made in Mailchimp back within seconds, and a later CRM edit never re-subscribes', async () => {
    const m = await f.tenant('Baja');
    const contact = await f.contact(m, { firstName: 'Pepe', emails: [{ email: 'pepe@baja.test' }] });
    await f.sync(m);
    expect(await f.member(m, 'pepe@baja.test')).toMatchObject({ status: 'subscribed' });

    await f.control(m, `/lists/${m.listId}/members/pepe@baja.test/unsubscribe`, { by: 'user' });
    await eventually(async () => {
      const record = await f.getContact(m, contact.id);
      expect(record.emails[0].status).toBe('UNSUBSCRIBED_BY_USER');
      expect(record.emailOptOut).toBe(true);
    });
    // The webhook's link update commits after the CRM's status change.
    await eventually(async () => {
      const membership = (
        await f.t
          .http()
          .get('/api/memberships')
          .query({ module: 'contacts', recordId: contact.id })
          .set(m.auth)
          .expect(200)
      ).body;
      expect(membership).toEqual([expect.objectContaining({ status: 'unsubscribed' })]);
    });

    await f.t.http().patch(`/api/contacts/${contact.id}`).set(m.auth).send({ firstName: 'José' }).expect(200);
    await f.sync(m);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await f.member(m, 'pepe@baja.test')).toMatchObject({ status: 'unsubscribed' });
  });

  it('marks a cleaned address BOUNCED, follows profile edits, and renames the same CRM address on upemail', async () => {
    const m = await f.tenant('Limpieza');
    const bounced = await f.contact(m, { emails: [{ email: 'rebote@limpieza.test' }] });
    const moved = await f.contact(m, { firstName: 'Eva', emails: [{ email: 'eva@limpieza.test' }] });
    await f.sync(m);

    await f.control(m, `/lists/${m.listId}/members/rebote@limpieza.test/bounce`, { reason: 'hard' });
    await eventually(async () =>
      expect((await f.getContact(m, bounced.id)).emails[0].status).toBe('BOUNCED'),
    );

    await f.control(
      m,
      `/lists/${m.listId}/members/eva@limpieza.test/profile`,
      { merge_fields: { FNAME: 'Evangelina' } },
      'PATCH',
    );
    await eventually(async () => expect((await f.getContact(m, moved.id)).firstName).toBe('Evangelina'));

    await f.control(m, `/lists/${m.listId}/members/eva@limpieza.test/email-change`, {
      new_email: 'eva.nueva@limpieza.test',
    });
    await eventually(async () => {
      const record = await f.getContact(m, moved.id);
      expect(record.emails.map((e: { email: string }) => e.email)).toEqual(['eva.nueva@limpieza.test']);
    });
    const contacts = (await f.t.http().get('/api/contacts').query({ q: 'eva' }).set(m.auth).expect(200)).body;
    expect(contacts.total ?? contacts.items?.length).toBe(1);
  });

  it('ends with every member synced exactly once despite 20% injected 5xx, dropped connections and 429s', async () => {
    const m = await f.tenant('Fallos');
    await f.control(
      m,
      '/settings',
      // Real-time changes share runs, so the calls are few: two 500s are certain, the rest at random.
      { faults: { errorRate: 0.15, dropRate: 0.05, tooManyRequests: 3, internalServerErrors: 2 } },
      'PATCH',
    );
    // Real-time pushes of each creation, then a full sync, all through the faults.
    const emails = Array.from({ length: 60 }, (_, i) => `persona${i}@fallos.test`);
    for (const email of emails) await f.contact(m, { lastName: email.split('@')[0], emails: [{ email }] });
    const run = await f.sync(m, { kind: 'FULL' }, 90_000);
    await f.control(m, '/settings', { faults: { errorRate: 0, dropRate: 0, tooManyRequests: 0 } }, 'PATCH');
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
    // The faults did happen: Mailchimp answered some of the calls with 500 and 429.
    const statuses = new Set(f.sandbox.exchanges.map((exchange) => exchange.status));
    expect([...statuses]).toEqual(expect.arrayContaining([500, 429]));
    const failures = (
      await f.t.http().get(`/api/installations/${m.installationId}/failures`).set(m.auth).expect(200)
    ).body;
    expect(failures.groups ?? failures).toEqual([]);
    const members = (await m.mailchimp.lists.getListMembersInfo(m.listId, { count: 1000 })) as {
      members: Array<{ email_address: string }>;
      total_items: number;
    };
    expect(members.total_items).toBe(60);
    expect(new Set(members.members.map((member) => member.email_address))).toEqual(new Set(emails));
    const links = await f.t.app
      .get(DataSource)
      .getRepository(RecordLink)
      .countBy({ installationId: m.installationId });
    expect(links).toBe(60);
  });

  it('marks the installation for re-authorization and tells the admins when the key is revoked', async () => {
    const m = await f.tenant('Revocada');
    await f.contact(m, { emails: [{ email: 'a@revocada.test' }] });
    // The real-time push of the new contact must land first: a push failing on the revoked key
    // would mark the installation before the run this test requests.
    await eventually(async () => expect(await f.member(m, 'a@revocada.test')).toBeDefined());
    // The account owner deletes the account (and with it every key) at Mailchimp.
    const response = await f.sandbox.control(`/accounts/${m.account.account_id}`, { method: 'DELETE' });
    expect(response.ok).toBe(true);
    const run = await f.sync(m);
    expect(run).toMatchObject({ status: 'FAILED' });
    const installation = await f.t.app
      .get(DataSource)
      .getRepository(ConnectorInstallation)
      .findOneByOrFail({ id: m.installationId });
    expect(installation.status).toBe('NEEDS_REAUTHORIZATION');
    const notices = await f.t.app
      .get(DataSource)
      .getRepository(Notification)
      .findBy({ tenantId: m.tenant.tenantId, userId: m.tenant.adminUserId });
    expect(notices.map((notice) => notice.type)).toContain('AUTHORIZATION_NEEDED');
  });
});
