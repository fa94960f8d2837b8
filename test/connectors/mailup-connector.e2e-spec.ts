import { fieldsOf } from '../e2e/sales-users.fixture';
import { MailupFixture } from './mailup-fixture';

/**
 * The MailUp connector end to end: the real product (API + worker) and the real connector,
 * against the MailUp sandbox over HTTP — connecting, the administrator check, lists and fields.
 */
describe('MailUp connector against the sandbox: connecting, lists and fields', () => {
  jest.setTimeout(120_000);
  let f: MailupFixture;

  beforeAll(async () => {
    f = await MailupFixture.start();
  });
  afterAll(() => f?.close());

  it('connects with an administrator’s username and password: the account is learned, the tokens sealed', async () => {
    const m = await f.tenant('Connessione');
    const installation = (
      await f.t.http().get(`/api/installations/${m.installationId}`).set(m.auth).expect(200)
    ).body;
    expect(installation).toMatchObject({ status: 'ACTIVE' });
    const { row, credentials } = await f.storedConnection(m);
    expect(row).toMatchObject({
      authKind: 'credentials',
      accountId: String(m.account.accountId),
      accountLabel: `Connessione (${m.account.username})`,
    });
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(Object.keys(credentials).sort()).toEqual(
      ['accessToken', 'accessTokenExpiresAt', 'password', 'refreshToken', 'username'].sort(),
    );
    // The installation answers without any credential in it.
    expect(JSON.stringify(installation)).not.toContain(credentials.accessToken);
  });

  it('refuses a wrong password naming the field, and a non-administrator user saying why', async () => {
    const tenant = await f.t.createTenant('Rifiuti');
    const auth = { Authorization: `Bearer ${tenant.adminToken}` };
    const installationId = await f.install(tenant);
    const { account } = await f.account('Rifiuti');
    const wrong = await f.t
      .http()
      .post(`/api/installations/${installationId}/credentials`)
      .set(auth)
      .send({ fields: { username: account.username, password: 'not-the-password' } })
      .expect(400);
    expect(fieldsOf(wrong.body)).toEqual(['fields.password']);
    expect(JSON.stringify(wrong.body)).toContain('MailUp did not accept this username and password');

    const { account: user } = await f.account('Utente semplice', false);
    const notAdmin = await f.t
      .http()
      .post(`/api/installations/${installationId}/credentials`)
      .set(auth)
      .send({ fields: { username: user.username, password: user.password } })
      .expect(400);
    expect(fieldsOf(notAdmin.body)).toEqual(['fields.username']);
    expect(JSON.stringify(notAdmin.body)).toContain(
      `The MailUp user “${user.username}” is not an administrator`,
    );
    const installation = (await f.t.http().get(`/api/installations/${installationId}`).set(auth).expect(200))
      .body;
    expect(installation.status).toBe('PENDING_AUTHORIZATION');
  });

  it('keeps the lists as CRM records with their details; one deleted in MailUp stays as DELETED history', async () => {
    const m = await f.tenant('Liste');
    const other = String(await f.sandbox.createList(m.account, 'Liste clienti'));
    const lists = (
      await f.t.http().get(`/api/installations/${m.installationId}/lists`).set(m.auth).expect(200)
    ).body as Array<{ listId: string; name: string; status: string; details: Record<string, unknown> }>;
    expect(lists).toHaveLength(2);
    expect(lists).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ listId: m.listId, name: 'Liste newsletter', status: 'ACTIVE' }),
        expect.objectContaining({ listId: other, name: 'Liste clienti', status: 'ACTIVE' }),
      ]),
    );
    expect(lists[0].details).toEqual({
      description: null,
      company: expect.anything(),
      guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    const deleted = await f.sandbox.control(`/accounts/${m.account.username}/lists/${other}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    const after = (
      await f.t.http().get(`/api/installations/${m.installationId}/lists`).set(m.auth).expect(200)
    ).body as Array<{ listId: string; status: string }>;
    expect(after.find((list) => list.listId === other)).toMatchObject({ status: 'DELETED' });
    expect(after.find((list) => list.listId === m.listId)).toMatchObject({ status: 'ACTIVE' });
  });

  it('lists the account’s dynamic fields by id, the address first, and maps first and last name by default', async () => {
    const m = await f.tenant('Campi');
    const fields = (
      await f.t
        .http()
        .get(`/api/installations/${m.installationId}/lists/${m.listId}/fields`)
        .set(m.auth)
        .expect(200)
    ).body as Array<{ key: string; label: string; type: string; maxLength?: number }>;
    expect(fields[0]).toMatchObject({ key: 'Email', type: 'email', required: true });
    expect(fields.slice(1, 3)).toEqual([
      expect.objectContaining({ key: '1', label: 'FirstName', type: 'text', maxLength: 200 }),
      expect.objectContaining({ key: '2', label: 'LastName', type: 'text', maxLength: 200 }),
    ]);
    // More than one default page of MailUp (20): every field is read.
    expect(fields).toHaveLength(27);
    const mappings = (
      await f.t
        .http()
        .get(`/api/installations/${m.installationId}/mappings`)
        .query({ listId: m.listId })
        .set(m.auth)
        .expect(200)
    ).body;
    expect(mappings.mappings).toEqual([
      expect.objectContaining({ vendorField: 'Email', crmField: 'email', locked: true }),
      expect.objectContaining({ vendorField: '1', crmField: 'firstName', locked: true }),
      expect.objectContaining({ vendorField: '2', crmField: 'lastName', locked: true }),
    ]);
  });
});
