import { asTenantId } from '@crm/platform';
import { ConnectionContextFactory, ConnectorErrorCode } from '@crm/connector-sdk';
import { MailupFixture, MailupTenant } from './mailup-fixture';

/**
 * Authorizing MailUp and keeping it authorized, against the sandbox over HTTP: the authorization
 * code through MailUp's log-on page, hour-long access tokens renewed with rotating refresh
 * tokens (stored sealed, so the next sync has the live one), and the cases where only a new
 * authorization helps.
 */
describe('MailUp authorization against the sandbox', () => {
  jest.setTimeout(120_000);
  let f: MailupFixture;

  beforeAll(async () => {
    f = await MailupFixture.start();
  });
  afterAll(() => f?.close());

  /** The admin goes through MailUp's log-on page; answers where the browser lands in the product. */
  async function authorizeByCode(
    installationId: string,
    auth: Record<string, string>,
    login: { username: string; password: string },
  ) {
    const begin = await f.t
      .http()
      .get(`/api/installations/${installationId}/authorize`)
      .set(auth)
      .set('Accept', 'application/json')
      .expect(200);
    const logOn = new URL(begin.body.url);
    expect(`${logOn.origin}${logOn.pathname}`).toBe(`${f.sandbox.baseUrl}/Authorization/OAuth/LogOn`);
    expect(logOn.searchParams.get('client_id')).toBe(f.app.clientId);
    expect(logOn.searchParams.get('response_type')).toBe('code');
    const page = await fetch(logOn);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('password');
    const signedIn = await fetch(`${f.sandbox.baseUrl}/Authorization/OAuth/LogOn`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(logOn.searchParams), ...login }),
    });
    expect(signedIn.status).toBe(302);
    const callback = new URL(signedIn.headers.get('location')!);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const landed = await f.t.http().get(`${callback.pathname}${callback.search}`).expect(302);
    return landed.headers.location as string;
  }

  /** Whether the sandbox still takes a refresh token. */
  async function refreshWorks(refreshToken: string): Promise<boolean> {
    const response = await f.sandbox.tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: f.app.clientId,
      client_secret: f.app.clientSecret,
    });
    return response.status === 200;
  }

  it('authorizes with the code from MailUp’s log-on page; a non-administrator is told why', async () => {
    const tenant = await f.t.createTenant('Codice');
    const auth = { Authorization: `Bearer ${tenant.adminToken}` };
    const installationId = await f.install(tenant);
    const { account: user } = await f.account('Codice utente', false);
    const refused = await authorizeByCode(installationId, auth, user);
    expect(refused).toBe(`/?installation=${installationId}&authorization_error=account_not_permitted`);
    const pending = (await f.t.http().get(`/api/installations/${installationId}`).set(auth).expect(200)).body;
    expect(pending.status).toBe('PENDING_AUTHORIZATION');
    expect(pending.statusReason).toContain(`The MailUp user “${user.username}” is not an administrator`);

    const { account, listId } = await f.account('Codice');
    const landed = await authorizeByCode(installationId, auth, account);
    expect(landed).toBe(`/?installation=${installationId}&authorized=1`);
    const installation = (await f.t.http().get(`/api/installations/${installationId}`).set(auth).expect(200))
      .body;
    expect(installation).toMatchObject({ status: 'ACTIVE' });
    const m: MailupTenant = {
      tenant,
      auth,
      installationId,
      listId,
      account,
      mailup: await f.sandbox.connect(account),
    };
    const { row, credentials } = await f.storedConnection(m);
    expect(row).toMatchObject({ authKind: 'oauth2', accountId: String(account.accountId) });
    expect(Object.keys(credentials).sort()).toEqual(['accessToken', 'accessTokenExpiresAt', 'refreshToken']);
    const lists = (await f.t.http().get(`/api/installations/${installationId}/lists`).set(auth).expect(200))
      .body;
    expect(lists).toEqual([expect.objectContaining({ listId, status: 'ACTIVE' })]);
  });

  it('renews an expired access token with the refresh token, and stores the rotated one', async () => {
    const m = await f.tenant('Scaduto');
    const before = await f.storedConnection(m);
    const older = await f.context(m);
    await f.control(m, '/tokens/expire');

    // Any call of the product: the catalog reads the lists.
    await f.t.http().get(`/api/installations/${m.installationId}/lists`).set(m.auth).expect(200);
    const after = await f.storedConnection(m);
    expect(after.credentials.accessToken).not.toBe(before.credentials.accessToken);
    expect(after.credentials.refreshToken).not.toBe(before.credentials.refreshToken);
    expect(after.row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    // The refresh token rotated: the old one is dead at MailUp, the stored one is live.
    expect(await refreshWorks(before.credentials.refreshToken)).toBe(false);

    // A sync that began before the refresh carries the dead tokens: it takes the stored ones, no second refresh.
    const lists = await f.connector.listLists(older);
    expect(lists.map((list) => list.id)).toEqual([m.listId]);
    expect(older.credentials).toEqual(after.credentials);
    expect((await f.storedConnection(m)).credentials).toEqual(after.credentials);
  });

  it('renews ahead of expiry on the credential check, and once on a 401 in the middle of a sync', async () => {
    const m = await f.tenant('Controllo');
    const first = await f.storedConnection(m);
    // An hour has almost gone by: the check refreshes first.
    await f.t.app.get(ConnectionContextFactory).saveConnection(
      asTenantId(m.tenant.tenantId),
      m.installationId,
      'credentials',
      {
        accountId: first.row.accountId,
        label: first.row.accountLabel,
        credentials: first.credentials,
        metadata: first.row.metadata,
        expiresAt: new Date(Date.now() + 60_000),
      },
      m.tenant.adminUserId,
    );
    const checked = await f.t
      .http()
      .post(`/api/installations/${m.installationId}/health-check`)
      .set(m.auth)
      .expect(200);
    expect(checked.body).toMatchObject({ outcome: 'healthy', status: 'ACTIVE' });
    const second = await f.storedConnection(m);
    expect(second.credentials.refreshToken).not.toBe(first.credentials.refreshToken);

    // MailUp refuses a token once: one refresh, the call repeated.
    const context = await f.context(m);
    await f.control(m, '/faults', { status: 401, count: 1 });
    await expect(f.connector.listLists(context)).resolves.toHaveLength(1);
    const third = await f.storedConnection(m);
    expect(third.credentials.refreshToken).not.toBe(second.credentials.refreshToken);
    // Refused again right after a refresh: the access is gone.
    await f.control(m, '/faults', { status: 401, count: 2 });
    await expect(f.connector.listLists(context)).rejects.toMatchObject({
      code: ConnectorErrorCode.AUTH_REVOKED,
    });
  });

  it('gets new tokens with the stored login when the refresh token is lost; an OAuth one needs a new authorization', async () => {
    const m = await f.tenant('Perso');
    const stored = await f.storedConnection(m);
    const contexts = f.t.app.get(ConnectionContextFactory);
    const save = (credentials: Record<string, string>) =>
      contexts.saveConnection(
        asTenantId(m.tenant.tenantId),
        m.installationId,
        'credentials',
        {
          accountId: stored.row.accountId,
          label: stored.row.accountLabel,
          credentials,
          metadata: stored.row.metadata,
          expiresAt: stored.row.expiresAt ?? undefined,
        },
        m.tenant.adminUserId,
      );
    await save({ ...stored.credentials, refreshToken: 'lost' });
    await f.control(m, '/tokens/expire');
    await f.t.http().get(`/api/installations/${m.installationId}/lists`).set(m.auth).expect(200);
    const renewed = await f.storedConnection(m);
    expect(renewed.credentials.refreshToken).not.toBe('lost');
    expect(await refreshWorks(renewed.credentials.refreshToken)).toBe(true);

    // Without a login to fall back on (an OAuth authorization), a dead refresh token is the end.
    const { username: _username, password: _password, ...oauthLike } = renewed.credentials;
    await save({ ...oauthLike, refreshToken: 'lost' });
    await f.control(m, '/tokens/expire');
    const checked = await f.t
      .http()
      .post(`/api/installations/${m.installationId}/health-check`)
      .set(m.auth)
      .expect(200);
    expect(checked.body).toMatchObject({ outcome: 'needs_reauthorization', status: 'NEEDS_REAUTHORIZATION' });
    expect(checked.body.statusReason).toContain('MailUp rejected the stored credentials');
    expect(checked.body.statusReason).toContain('refresh token');
  });
});
