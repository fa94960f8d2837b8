import type { Server } from 'node:http';
import { MAILUP_DEMO_ACCOUNT } from '@crm/sandbox';
import { SandboxHost } from '../../apps/api/src/sandboxes/sandbox-host';
import { fieldsOf } from '../e2e/sales-users.fixture';
import { bearer, startTestApp, TestApp } from '../support/test-app';
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

  it('uninstalls without touching MailUp: the CRM drops its MailUp records, the groups and recipients stay', async () => {
    const m = await f.tenant('Disinstalla');
    const context = await f.context(m);
    await f.connector.writeMembers(context, m.listId, [
      { email: 'resta@disinstalla.test', statusIfNew: 'subscribed', fields: {} },
    ]);
    const tags = (await f.t.http().get(`/api/installations/${m.installationId}/tags`).set(m.auth).expect(200))
      .body;
    expect(tags.map((tag: { name: string }) => tag.name).sort()).toEqual([
      'CRM Aziende',
      'CRM Contatti',
      'CRM Lead',
      'TEST',
      'esclusi',
    ]);
    const uninstalled = await f.t
      .http()
      .delete(`/api/installations/${m.installationId}`)
      .set(m.auth)
      .expect(200);
    expect(uninstalled.body).toMatchObject({
      removed: { installation: 1, lists: 1, tags: 5, webhooks: 0 },
      warnings: [],
    });
    const groups = await f.groups(m);
    expect(groups.get('CRM Contatti')).toEqual(['resta@disinstalla.test']);
    expect((await f.statuses(m)).get('resta@disinstalla.test')).toBe('OPTIN');
  });
});

describe('MailUp connector in embedded mode', () => {
  jest.setTimeout(120_000);
  let t: TestApp;

  beforeAll(async () => {
    // Nothing configured for MailUp: the API's own sandbox and its demo account's OAuth app.
    t = await startTestApp('sqlite', { sandboxes: true, runWorkerInApi: true });
    await new Promise<void>((resolve) => (t.app.getHttpServer() as Server).listen(0, '127.0.0.1', resolve));
    await t.app.get(SandboxHost).mailup.seedDemo();
  });
  afterAll(() => t?.close());

  it('connects to the sandbox below the API with the demo account, and offers its log-on page', async () => {
    const tenant = await t.createTenant('Demo');
    const auth = bearer(tenant.adminToken);
    const installed = await t
      .http()
      .post('/api/marketplace/mailup/install')
      .set(auth)
      .send({ scope: 'ALL_USERS', acceptTerms: true })
      .expect(201);
    const { username, password } = MAILUP_DEMO_ACCOUNT.user;
    await t
      .http()
      .post(`/api/installations/${installed.body.id}/credentials`)
      .set(auth)
      .send({ fields: { username, password } })
      .expect(200);
    const lists = (await t.http().get(`/api/installations/${installed.body.id}/lists`).set(auth).expect(200))
      .body;
    expect(lists.map((list: { name: string }) => list.name).sort()).toEqual(['Clienti', 'Prospect']);

    const begin = await t
      .http()
      .get(`/api/installations/${installed.body.id}/authorize`)
      .set(auth)
      .set('Accept', 'application/json')
      .expect(200);
    const logOn = new URL(begin.body.url);
    expect(logOn.pathname).toBe('/sandbox/mailup/Authorization/OAuth/LogOn');
    expect(logOn.searchParams.get('client_id')).toBe(MAILUP_DEMO_ACCOUNT.oauthClient.clientId);
    expect((await fetch(logOn)).status).toBe(200);
  });
});
