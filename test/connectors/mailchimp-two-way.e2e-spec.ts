import { databaseKinds } from '../support/databases';
import { audienceInput } from '../sandbox/support/mailchimp-sandbox.harness';
import { eventually, MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

interface PersonRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  emailOptOut: boolean;
  emails: Array<{ email: string; status: string }>;
}

/**
 * Mailchimp → CRM and the statuses both ways, against the sandbox over HTTP: audiences as CRM
 * records, bulk and selective lists, subscribers becoming contacts or leads, the conflict winner,
 * CRM opt-outs reaching Mailchimp, and the sweep that catches changes no webhook announced.
 */
describe.each(databaseKinds)('Mailchimp → CRM and statuses both ways (%s)', (kind) => {
  jest.setTimeout(120_000);
  let f: MailchimpFixture;

  beforeAll(async () => {
    f = await MailchimpFixture.start(kind);
  });
  afterAll(() => f?.close());

  /** The CRM people of a module with an address (searched as the API's users search). */
  async function people(
    m: MailchimpTenant,
    module: 'contacts' | 'leads',
    email: string,
  ): Promise<PersonRow[]> {
    const page = (await f.t.http().get(`/api/${module}`).query({ q: email }).set(m.auth).expect(200)).body;
    return page.items;
  }

  /** A second audience on the tenant's account, created by the account owner in Mailchimp. */
  async function secondAudience(m: MailchimpTenant, name: string): Promise<string> {
    return ((await m.mailchimp.lists.createList(audienceInput(name))) as { id: string }).id;
  }

  /** Another application on the account writing through the API (no webhook announces it). */
  async function apiMember(m: MailchimpTenant, listId: string, email: string, body: Record<string, unknown>) {
    await m.mailchimp.lists.setListMember(listId, email, { email_address: email, ...body });
  }

  it('keeps the audiences as CRM records with their details; one deleted in Mailchimp stays as DELETED history', async () => {
    const m = await f.tenant('Audiencias');
    const other = await secondAudience(m, 'Audiencias boletín');
    await apiMember(m, other, 'uno@audiencias.test', { status_if_new: 'subscribed' });
    const lists = (
      await f.t.http().get(`/api/installations/${m.installationId}/lists`).set(m.auth).expect(200)
    ).body as Array<{ listId: string; name: string; status: string; memberCount: number | null }>;
    expect(lists).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ listId: m.listId, name: 'Audiencias audience', status: 'ACTIVE' }),
        expect.objectContaining({
          listId: other,
          name: 'Audiencias boletín',
          status: 'ACTIVE',
          memberCount: 1,
        }),
      ]),
    );
    expect(lists).toHaveLength(2);

    await m.mailchimp.lists.deleteList(other);
    const after = (
      await f.t.http().get(`/api/installations/${m.installationId}/lists`).set(m.auth).expect(200)
    ).body as Array<{ listId: string; status: string }>;
    expect(after.find((list) => list.listId === other)).toMatchObject({ status: 'DELETED' });
    expect(after.find((list) => list.listId === m.listId)).toMatchObject({ status: 'ACTIVE' });
  });

  it('brings subscribers into the module the settings name, from the chosen audiences only', async () => {
    const m = await f.tenant('Selectiva');
    const ignored = await secondAudience(m, 'Selectiva otra');
    await f.saveSettings(m, { listSelection: 'SELECTIVE', listIds: [m.listId], subscriberModule: 'leads' });
    await apiMember(m, m.listId, 'nuevo@selectiva.test', {
      status_if_new: 'subscribed',
      merge_fields: { FNAME: 'Nuevo', LNAME: 'Suscriptor' },
    });
    await apiMember(m, ignored, 'fuera@selectiva.test', { status_if_new: 'subscribed' });

    const run = await f.sync(m);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
    expect(await people(m, 'leads', 'nuevo@selectiva.test')).toEqual([
      expect.objectContaining({
        firstName: 'Nuevo',
        lastName: 'Suscriptor',
        emails: [expect.objectContaining({ email: 'nuevo@selectiva.test', status: 'ACTIVE' })],
      }),
    ]);
    expect(await people(m, 'contacts', 'nuevo@selectiva.test')).toEqual([]);
    expect(await people(m, 'leads', 'fuera@selectiva.test')).toEqual([]);
    expect(await people(m, 'contacts', 'fuera@selectiva.test')).toEqual([]);

    // A signup on the form reaches the CRM through the webhook, as a lead too.
    await f.control(m, `/lists/${m.listId}/signups`, {
      email_address: 'form@selectiva.test',
      merge_fields: { FNAME: 'Formulario' },
    });
    await eventually(async () =>
      expect(await people(m, 'leads', 'form@selectiva.test')).toEqual([
        expect.objectContaining({ firstName: 'Formulario' }),
      ]),
    );
  });

  it.each([
    ['CRM', 'Crm'],
    ['VENDOR', 'Mailchimp'],
  ])(
    'follows the conflict winner (%s) when the first sync meets a person both sides already have',
    async (winner, expected) => {
      const m = await f.tenant(`Conflicto ${winner}`);
      // Before the two-way settings: the CRM and the audience each hold the person, differently.
      await f.saveSettings(m, { syncType: 'ONE_WAY', direction: 'VENDOR_TO_CRM' });
      const contact = await f.contact(m, { firstName: 'Crm', emails: [{ email: 'choque@conflicto.test' }] });
      await f.outboxDrained(m);
      await apiMember(m, m.listId, 'choque@conflicto.test', {
        status_if_new: 'subscribed',
        merge_fields: { FNAME: 'Mailchimp' },
      });
      await f.saveSettings(m, { syncType: 'TWO_WAY', direction: null, conflictWinner: winner });

      const run = await f.sync(m);
      expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
      expect((await f.getContact(m, contact.id)).firstName).toBe(expected);
      expect(await f.member(m, 'choque@conflicto.test')).toMatchObject({
        status: 'subscribed',
        merge_fields: expect.objectContaining({ FNAME: expected }),
      });
      // Settled: the next run changes nothing on either side.
      const again = await f.sync(m);
      expect(again).toMatchObject({ status: 'SUCCEEDED', counts: { added: 0, updated: 0, failed: 0 } });
      expect((await f.getContact(m, contact.id)).firstName).toBe(expected);
      expect(await people(m, 'contacts', 'choque@conflicto.test')).toHaveLength(1);
    },
  );

  it('unsubscribes in Mailchimp when the CRM opts a contact out or changes the address status', async () => {
    const m = await f.tenant('Salida');
    const optOut = await f.contact(m, { emails: [{ email: 'optout@salida.test' }] });
    const byUs = await f.contact(m, { emails: [{ email: 'nosotros@salida.test' }] });
    await eventually(async () => {
      expect(await f.member(m, 'optout@salida.test')).toMatchObject({ status: 'subscribed' });
      expect(await f.member(m, 'nosotros@salida.test')).toMatchObject({ status: 'subscribed' });
    });

    await f.t.http().patch(`/api/contacts/${optOut.id}`).set(m.auth).send({ emailOptOut: true }).expect(200);
    await f.t
      .http()
      .patch(`/api/contacts/${byUs.id}/emails/${byUs.emailId}`)
      .set(m.auth)
      .send({ status: 'UNSUBSCRIBED_BY_US' })
      .expect(200);
    await eventually(async () => {
      expect(await f.member(m, 'optout@salida.test')).toMatchObject({ status: 'unsubscribed' });
      expect(await f.member(m, 'nosotros@salida.test')).toMatchObject({ status: 'unsubscribed' });
    });
    // And the next full sync leaves them so.
    await f.sync(m);
    expect(await f.member(m, 'optout@salida.test')).toMatchObject({ status: 'unsubscribed' });
    expect(await f.member(m, 'nosotros@salida.test')).toMatchObject({ status: 'unsubscribed' });
  });

  it("puts a member Mailchimp refuses in the failed-record queue with Mailchimp's reason, and pushes the rest", async () => {
    const m = await f.tenant('Rechazo');
    await f.saveSettings(m, { syncType: 'ONE_WAY', direction: 'VENDOR_TO_CRM' });
    const refused = await f.contact(m, { emails: [{ email: 'test@example.com' }] });
    await f.contact(m, { emails: [{ email: 'buena@rechazo.test' }] });
    await f.outboxDrained(m);
    await f.saveSettings(m, {});

    const run = await f.sync(m);
    expect(run).toMatchObject({ status: 'PARTIAL', counts: { added: 1, failed: 1 } });
    expect(await f.member(m, 'buena@rechazo.test')).toMatchObject({ status: 'subscribed' });
    const failures = (
      await f.t.http().get(`/api/installations/${m.installationId}/failures`).set(m.auth).expect(200)
    ).body;
    expect(failures).toMatchObject({
      total: 1,
      groups: [
        {
          reasonCode: 'VALIDATION',
          samples: [
            {
              email: 'test@example.com',
              crmId: refused.id,
              message: expect.stringContaining('looks fake or invalid'),
            },
          ],
        },
      ],
    });
  });

  it('catches, in the incremental sweep, an unsubscribe and a profile change that no webhook announced', async () => {
    const m = await f.tenant('Barrido');
    const contact = await f.contact(m, { firstName: 'Rosa', emails: [{ email: 'rosa@barrido.test' }] });
    await f.sync(m);
    expect(await f.member(m, 'rosa@barrido.test')).toMatchObject({ status: 'subscribed' });

    // Another application on the account, through the API: the webhook (sources.api off) stays silent.
    await apiMember(m, m.listId, 'rosa@barrido.test', {
      status: 'unsubscribed',
      merge_fields: { LNAME: 'Desde Otra App' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await f.getContact(m, contact.id)).emails[0].status).toBe('ACTIVE');

    const sweep = await f.sync(m, { kind: 'INCREMENTAL' });
    expect(sweep).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
    const record = await f.getContact(m, contact.id);
    expect(record.emails[0].status).toBe('UNSUBSCRIBED_BY_USER');
    expect(record.emailOptOut).toBe(true);
    expect(record.lastName).toBe('Desde Otra App');
    const memberships = (
      await f.t
        .http()
        .get('/api/memberships')
        .query({ module: 'contacts', recordId: contact.id })
        .set(m.auth)
        .expect(200)
    ).body;
    expect(memberships).toEqual([expect.objectContaining({ listId: m.listId, status: 'unsubscribed' })]);
  });
});
