import { databaseKinds } from '../support/databases';
import { storeLegacyAddress } from '../support/legacy-addresses';
import { MailupFixture, MailupTenant } from './mailup-fixture';

type RecordModule = 'leads' | 'organizations' | 'contacts';

/**
 * Seed 004's "update subscribers" with the real MailUp connector, end to end over HTTP: saved
 * views feed a MailUp list, each record lands in its module's group, records that leave their
 * views go to `esclusi` and come back, MailUp's unsubscribes come back to the CRM and are never
 * undone, and a list deleted in MailUp stays as history.
 */
describe.each(databaseKinds)('MailUp lists fed by saved views, against the sandbox (%s)', (kind) => {
  jest.setTimeout(180_000);
  let f: MailupFixture;
  let m: MailupTenant;
  const ids: Record<string, string> = {};

  const http = () => f.t.http();
  const create = async (module: RecordModule, body: Record<string, unknown>) =>
    (await http().post(`/api/${module}`).set(m.auth).send(body).expect(201)).body.id as string;
  const view = async (module: RecordModule, field: string, value: string) =>
    (
      await http()
        .post('/api/views')
        .set(m.auth)
        .send({
          module,
          name: `${module} ${field} = ${value}`,
          filter: { op: 'and', conditions: [{ field, operator: 'eq', value }] },
        })
        .expect(201)
    ).body.id as string;

  /** "Update subscribers" of the list, asked for over HTTP and run by the worker. */
  const update = () => f.updateSubscribers(m);

  const memberships = async (module: RecordModule, id: string) =>
    (await http().get('/api/memberships').query({ module, recordId: id }).set(m.auth).expect(200))
      .body as Array<{
      listId: string;
      status: string;
    }>;

  beforeAll(async () => {
    f = await MailupFixture.start(kind);
    // Updates run when the test asks for them: a scheduled one would do their work in between.
    await f.stopClockTicks();
    m = await f.tenant('Iscritti');
    ids.lead = await create('leads', {
      firstName: 'Lea',
      lastName: 'Bianchi',
      company: 'Acme',
      emails: [{ email: 'lea@iscritti.test' }],
    });
    ids.organization = await create('organizations', {
      name: 'Ditta Milano',
      kind: 'CLIENT',
      rating: 'A - Alta rentabilidad',
      clientType: 'Cliente directo',
      city: 'Milano',
      emails: [{ email: 'info@ditta.test' }],
    });
    ids.contact = await create('contacts', {
      firstName: 'Rita',
      lastName: 'Rossi',
      emails: [{ email: 'rita@iscritti.test' }],
    });
    const views = [
      await view('leads', 'company', 'Acme'),
      await view('organizations', 'city', 'Milano'),
      await view('contacts', 'lastName', 'Rossi'),
    ];
    await http()
      .put(`/api/installations/${m.installationId}/lists/${m.listId}/views`)
      .set(m.auth)
      .send({ viewIds: views })
      .expect(200);
  });
  afterAll(() => f?.close());

  it('writes what the views select into each module’s group, with the mapped fields', async () => {
    const run = await update();
    expect(run).toMatchObject({ status: 'SUCCEEDED', kind: 'SUBSCRIBERS', counts: { added: 3, failed: 0 } });
    const groups = await f.groups(m);
    expect(groups.get('CRM Lead')).toEqual(['lea@iscritti.test']);
    expect(groups.get('CRM Aziende')).toEqual(['info@ditta.test']);
    expect(groups.get('CRM Contatti')).toEqual(['rita@iscritti.test']);
    expect(groups.get('esclusi')).toEqual([]);
    const statuses = await f.statuses(m);
    expect([...statuses.values()]).toEqual(['OPTIN', 'OPTIN', 'OPTIN']);
    const [rita] = await f.consoleAll<{ Fields: Array<{ Id: number; Value: string }> }>(
      m,
      `/List/${m.listId}/Recipients/Subscribed?filterby="Email == 'rita@iscritti.test'"`,
    );
    expect(rita.Fields.filter((field) => field.Value).map(({ Id, Value }) => ({ Id, Value }))).toEqual([
      { Id: 1, Value: 'Rita' },
      { Id: 2, Value: 'Rossi' },
    ]);
    expect(await memberships('leads', ids.lead)).toEqual([
      expect.objectContaining({ listId: m.listId, status: 'subscribed' }),
    ]);

    // Nothing changed: the next update writes nothing to MailUp.
    const again = await update();
    expect(again.counts).toMatchObject({ added: 0, updated: 0, removed: 0, failed: 0 });
  });

  it('writes the CRM’s values back over an edit made in MailUp, on the next full sync', async () => {
    const [before] = await f.consoleAll<{ idRecipient: number }>(
      m,
      `/List/${m.listId}/Recipients/Subscribed?filterby="Email == 'rita@iscritti.test'"`,
    );
    await f.mailupCall(m, 'console', '/Recipient/Detail', {
      method: 'PUT',
      body: {
        idRecipient: before.idRecipient,
        Email: 'rita@iscritti.test',
        Fields: [{ Id: 1, Value: 'Margherita' }],
      },
    });
    const requested = await http()
      .post(`/api/installations/${m.installationId}/sync`)
      .set(m.auth)
      .send({ kind: 'FULL' })
      .expect(202);
    const run = await f.waitForRun(m, requested.body.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { updated: 1, failed: 0 } });
    const [after] = await f.consoleAll<{ Fields: Array<{ Id: number; Value: string }> }>(
      m,
      `/List/${m.listId}/Recipients/Subscribed?filterby="Email == 'rita@iscritti.test'"`,
    );
    expect(after.Fields.find((field) => field.Id === 1)?.Value).toBe('Rita');
  });

  it('moves a record that leaves its views to esclusi, still subscribed, and back when it matches again', async () => {
    await http().patch(`/api/leads/${ids.lead}`).set(m.auth).send({ company: 'Altra' }).expect(200);
    const left = await update();
    expect(left.counts).toMatchObject({ removed: 1, failed: 0 });
    let groups = await f.groups(m);
    expect(groups.get('esclusi')).toEqual(['lea@iscritti.test']);
    expect(groups.get('CRM Lead')).toEqual([]);
    expect((await f.statuses(m)).get('lea@iscritti.test')).toBe('OPTIN');
    expect(await memberships('leads', ids.lead)).toEqual([expect.objectContaining({ status: 'archived' })]);

    await http().patch(`/api/leads/${ids.lead}`).set(m.auth).send({ company: 'Acme' }).expect(200);
    const back = await update();
    expect(back.counts).toMatchObject({ updated: 1, failed: 0 });
    groups = await f.groups(m);
    expect(groups.get('esclusi')).toEqual([]);
    expect(groups.get('CRM Lead')).toEqual(['lea@iscritti.test']);
    expect(await memberships('leads', ids.lead)).toEqual([expect.objectContaining({ status: 'subscribed' })]);
  });

  it('makes the groups someone deleted in MailUp again at the next update, their members back in place', async () => {
    await http()
      .patch(`/api/organizations/${ids.organization}`)
      .set(m.auth)
      .send({ city: 'Roma' })
      .expect(200);
    expect((await update()).counts).toMatchObject({ removed: 1, failed: 0 });
    expect((await f.groups(m)).get('esclusi')).toEqual(['info@ditta.test']);
    // Someone deletes the leads' group and `esclusi` in MailUp's console: their members stay on
    // the list, outside any group, so the organization gets the list's messages again.
    const groups = await f.consoleAll<{ idGroup: number; Name: string }>(m, `/List/${m.listId}/Groups`);
    for (const name of ['CRM Lead', 'esclusi']) {
      const group = groups.find((g) => g.Name === name)!;
      await f.mailupCall(m, 'console', `/List/${m.listId}/Group/${group.idGroup}`, { method: 'DELETE' });
    }
    expect([...(await f.groups(m)).keys()]).not.toEqual(expect.arrayContaining(['CRM Lead']));

    // Nothing changed in the CRM: the update still puts everyone back where they were.
    const run = await update();
    expect(run.counts).toMatchObject({ added: 0, updated: 1, removed: 1, failed: 0 });
    const again = await f.groups(m);
    expect(again.get('CRM Lead')).toEqual(['lea@iscritti.test']);
    expect(again.get('esclusi')).toEqual(['info@ditta.test']);
    expect(again.get('CRM Contatti')).toEqual(['rita@iscritti.test']);
    expect((await f.statuses(m)).get('info@ditta.test')).toBe('OPTIN');
    expect(await memberships('organizations', ids.organization)).toEqual([
      expect.objectContaining({ status: 'archived' }),
    ]);
    expect((await update()).counts).toMatchObject({ added: 0, updated: 0, removed: 0, failed: 0 });
  });

  it('brings an unsubscribe made in MailUp back to the CRM, and no later update subscribes it again', async () => {
    await f.control(m, '/recipients/unsubscribe', { email: 'rita@iscritti.test', idList: Number(m.listId) });
    const run = await update();
    expect(run.status).toBe('SUCCEEDED');
    expect(await memberships('contacts', ids.contact)).toEqual([
      expect.objectContaining({ listId: m.listId, status: 'unsubscribed' }),
    ]);
    await http().patch(`/api/contacts/${ids.contact}`).set(m.auth).send({ firstName: 'Ritina' }).expect(200);
    await update();
    expect((await f.statuses(m)).get('rita@iscritti.test')).toBe('OPTOUT');
  });

  it('discards what cannot be a recipient with the reason: no address, an address that is not one, one MailUp refuses', async () => {
    // A tenant of its own, so this list holds nothing else.
    const d = await f.tenant('Scartati');
    const person = async (firstName: string, address?: string) =>
      (
        await http()
          .post('/api/contacts')
          .set(d.auth)
          .send({ firstName, lastName: 'Scarto', emails: address ? [{ email: address }] : [] })
          .expect(201)
      ).body as { id: string; emails: Array<{ id: string }> };
    const silent = await person('Muto');
    await person('Giusto', 'giusto@scartati.test');
    const broken = await person('Rotto', 'rotto@scartati.test');
    await storeLegacyAddress(f.t.app, broken.emails[0].id, 'rotto.at.scartati.test');
    // A well-formed address by the CRM's rules that MailUp does not take (a non-ASCII domain ending).
    await person('Rosa', 'rosa@esempio.itàlia');
    const view = await http()
      .post('/api/views')
      .set(d.auth)
      .send({
        module: 'contacts',
        name: 'Scarto',
        filter: { op: 'and', conditions: [{ field: 'lastName', operator: 'eq', value: 'Scarto' }] },
      })
      .expect(201);
    await http()
      .put(`/api/installations/${d.installationId}/lists/${d.listId}/views`)
      .set(d.auth)
      .send({ viewIds: [view.body.id] })
      .expect(200);

    const run = await f.updateSubscribers(d);
    expect(run.counts).toMatchObject({ added: 1, skipped: 2, failed: 1 });
    const lines = await f.lines(d, run.id);
    expect(
      lines
        .filter((line) => line.action !== 'ADD')
        .map((line) => [line.action, line.email, line.crmId, line.rule]),
    ).toEqual(
      expect.arrayContaining([
        ['SKIP', '', silent.id, 'not added: the record has no email address'],
        ['SKIP', 'rotto.at.scartati.test', broken.id, 'not added: not a valid email address'],
        ['FAIL', 'rosa@esempio.itàlia', expect.any(String), expect.anything()],
      ]),
    );
    const failures = (
      await http().get(`/api/installations/${d.installationId}/failures`).set(d.auth).expect(200)
    ).body as { groups: Array<{ reasonCode: string; samples: Array<{ email: string; message: string }> }> };
    expect(failures.groups).toEqual([
      expect.objectContaining({
        reasonCode: 'VALIDATION',
        samples: [
          expect.objectContaining({
            email: 'rosa@esempio.itàlia',
            message: expect.stringContaining('MailUp did not take rosa@esempio.itàlia'),
          }),
        ],
      }),
    ]);
    expect(Object.fromEntries(await f.statuses(d))).toEqual({ 'giusto@scartati.test': 'OPTIN' });
  });

  it('keeps a list deleted in MailUp as DELETED history, its members with it', async () => {
    const deleted = await f.sandbox.control(`/accounts/${m.account.username}/lists/${m.listId}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    const lists = (await http().get(`/api/installations/${m.installationId}/lists`).set(m.auth).expect(200))
      .body;
    expect(lists).toEqual([expect.objectContaining({ listId: m.listId, status: 'DELETED' })]);
    expect(await memberships('leads', ids.lead)).toEqual([expect.objectContaining({ status: 'deleted' })]);
  });
});
