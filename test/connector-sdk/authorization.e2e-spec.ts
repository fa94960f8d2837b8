import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { asTenantId, InProcessQueueDriver, JobRegistry, QUEUE_PORT, QueuedJob } from '@crm/platform';
import { User } from '@crm/core';
import {
  ConnectionContextFactory,
  ConnectorConnection,
  ConnectorInstallation,
  InstallationHealthService,
  Notification,
  OAuthState,
  OAuthStateStore,
} from '@crm/connector-sdk';
import {
  FAKE_OAUTH_CONNECTOR_KEY,
  FakeConnectorModule,
  FakeOAuthConnectorModule,
  FakeOAuthProvider,
  FakeVendor,
} from '@crm/connector-sdk/testing';
import { fieldsOf, signInNewUser, SignedInUser } from '../e2e/sales-users.fixture';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

/** SecretBox's AES-256-GCM envelope: v1.<keyVersion>.<iv>.<authTag>.<ciphertext>. */
const ENVELOPE = /^v1\.\d+\.[\w-]+\.[\w-]+\.[\w-]+$/;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe.each(databaseKinds)('connector authorization (%s)', (kind) => {
  const vendor = new FakeVendor();
  const provider = new FakeOAuthProvider();
  let t: TestApp;
  let base: string;
  let tenant: TestTenant;
  let admin: Record<string, string>;
  let secondAdminId: string;
  let rep: SignedInUser;
  let other: TestTenant;
  /** Every response body the API gave, to prove no token or key ever appears in one. */
  const bodies: string[] = [];

  const seen = (res: Response) => {
    bodies.push(res.text ?? '');
    return res;
  };
  const db = () => t.app.get(DataSource);
  const installation = (id: string) => db().getRepository(ConnectorInstallation).findOneByOrFail({ id });

  async function install(key: string, auth = admin, scope = 'ALL_USERS'): Promise<string> {
    const res = seen(
      await t.http().post(`/api/marketplace/${key}/install`).set(auth).send({ scope, acceptTerms: true }),
    );
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** Admin asks to authorize; returns the vendor URL the browser is sent to. */
  async function startAuthorization(id: string, auth = admin): Promise<URL> {
    const res = seen(await t.http().get(`/api/installations/${id}/authorize`).set(auth).expect(302));
    return new URL(res.headers.location);
  }

  /** The browser at the vendor's consent page: returns where the vendor sends it back. */
  async function atVendor(authorizeUrl: URL): Promise<URL> {
    const res = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  /** The browser back at our callback. */
  async function callback(url: URL | string) {
    const path = typeof url === 'string' ? url : `${url.pathname}${url.search}`;
    return seen(await t.http().get(path));
  }

  beforeAll(async () => {
    await provider.start();
    t = await startTestApp(kind, {}, [
      FakeConnectorModule.register(vendor),
      FakeOAuthConnectorModule.register(provider),
    ]);
    // A real listening server: redirect_uri carries our origin, which must be the same at both ends.
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    tenant = await t.createTenant('Authz');
    admin = bearer(tenant.adminToken);
    rep = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL' });
    const users = db().getRepository(User);
    const second = await users.save(
      users.create({
        tenantId: tenant.tenantId,
        email: `second-admin@${tenant.slug}.test`,
        name: 'Second Admin',
        passwordHash: 'not-used',
        profileId: tenant.profiles.ADMINISTRATOR,
        active: true,
        locale: 'en',
      }),
    );
    secondAdminId = second.id;
    other = await t.createTenant('Other');
  });

  afterAll(async () => {
    await t.close();
    await provider.stop();
  });

  describe('OAuth 2', () => {
    let oauthId: string;
    let lastCallback: URL;

    it('sends the admin to the vendor with a server-side state bound to tenant, user, installation and connector', async () => {
      oauthId = await install(FAKE_OAUTH_CONNECTOR_KEY);
      const url = await startAuthorization(oauthId);
      expect(`${url.origin}${url.pathname}`).toBe(provider.authorizationUrl);
      expect(url.searchParams.get('client_id')).toBe(provider.clientId);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('redirect_uri')).toBe(`${base}/api/oauth/fake-oauth/callback`);
      const state = url.searchParams.get('state')!;
      expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes

      const rows = await db().getRepository(OAuthState).findBy({ installationId: oauthId });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        tenantId: tenant.tenantId,
        userId: tenant.adminUserId,
        connectorKey: FAKE_OAUTH_CONNECTOR_KEY,
        stateHash: sha256(state),
        consumedAt: null,
      });
      const ttl = rows[0].expiresAt.getTime() - Date.now();
      expect(ttl).toBeGreaterThan(9 * 60_000);
      expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    });

    it('answers a JSON client with {url} instead of a redirect', async () => {
      const res = seen(
        await t
          .http()
          .get(`/api/installations/${oauthId}/authorize`)
          .set(admin)
          .set('Accept', 'application/json')
          .expect(200),
      );
      expect(new URL(res.body.url).pathname).toBe('/authorize');
      expect(new URL(res.body.url).searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('exchanges the code, reads the account from the metadata endpoint and activates the installation', async () => {
      lastCallback = await atVendor(await startAuthorization(oauthId));
      expect(lastCallback.pathname).toBe('/api/oauth/fake-oauth/callback');
      const res = await callback(lastCallback);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/?installation=${oauthId}&authorized=1`);

      const view = seen(await t.http().get(`/api/installations/${oauthId}`).set(admin).expect(200));
      expect(view.body).toMatchObject({
        status: 'ACTIVE',
        statusReason: null,
        account: { id: 'oauth-account-1', label: 'Fake OAuth Account' },
      });
      const connection = await db()
        .getRepository(ConnectorConnection)
        .createQueryBuilder('c')
        .addSelect('c.credentialsEnvelope')
        .where('c.installationId = :id', { id: oauthId })
        .getOneOrFail();
      expect(connection).toMatchObject({
        authKind: 'oauth2',
        connectedById: tenant.adminUserId,
        metadata: { dc: 'us7' },
      });
      expect(connection.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
      // Sealed at rest: an envelope, and none of the issued tokens in it.
      expect(connection.credentialsEnvelope).toMatch(ENVELOPE);
      for (const token of [...provider.accessTokens, ...provider.refreshTokens])
        expect(connection.credentialsEnvelope).not.toContain(token);
      expect(provider.requests.filter((r) => r.grant === 'authorization_code')).toHaveLength(1);
    });

    it('refuses a replayed callback and changes nothing', async () => {
      const before = await db()
        .getRepository(ConnectorConnection)
        .findOneByOrFail({ installationId: oauthId });
      const exchanges = provider.requests.filter((r) => r.path === '/token').length;
      const res = await callback(lastCallback);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['state']);
      const after = await db()
        .getRepository(ConnectorConnection)
        .findOneByOrFail({ installationId: oauthId });
      expect(after.updatedAt).toEqual(before.updatedAt);
      expect(provider.requests.filter((r) => r.path === '/token')).toHaveLength(exchanges);
    });

    it('refuses an expired state', async () => {
      const id = await install(FAKE_OAUTH_CONNECTOR_KEY);
      const back = await atVendor(await startAuthorization(id));
      await db()
        .getRepository(OAuthState)
        .update(
          { stateHash: sha256(back.searchParams.get('state')!) },
          { expiresAt: new Date(Date.now() - 1000) },
        );
      const res = await callback(back);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['state']);
      expect((await installation(id)).status).toBe('PENDING_AUTHORIZATION');
    });

    it('binds the state to its connector key', async () => {
      const id = await install(FAKE_OAUTH_CONNECTOR_KEY);
      const back = await atVendor(await startAuthorization(id));
      const state = back.searchParams.get('state')!;
      // Another connector's store cannot consume it, and the credentials connector has no callback.
      expect(await new OAuthStateStore(db().getRepository(OAuthState), 'fake').consume(state)).toBeNull();
      expect((await callback(`/api/oauth/fake/callback${back.search}`)).status).toBe(404);
      expect((await callback(`/api/oauth/nope/callback${back.search}`)).status).toBe(404);
      // Still unused: the right connector's callback completes it.
      expect((await callback(back)).headers.location).toBe(`/?installation=${id}&authorized=1`);
    });

    it("cannot authorize our installation with another tenant's state", async () => {
      const ours = await install(FAKE_OAUTH_CONNECTOR_KEY);
      const otherAdmin = bearer(other.adminToken);
      await t.http().get(`/api/installations/${ours}/authorize`).set(otherAdmin).expect(404);
      const theirs = await install(FAKE_OAUTH_CONNECTOR_KEY, otherAdmin);
      const back = await atVendor(await startAuthorization(theirs, otherAdmin));
      const res = await callback(back);
      expect(res.headers.location).toBe(`/?installation=${theirs}&authorized=1`);
      expect(await installation(ours)).toMatchObject({
        status: 'PENDING_AUTHORIZATION',
        tenantId: tenant.tenantId,
      });
      expect(await installation(theirs)).toMatchObject({ status: 'ACTIVE', tenantId: other.tenantId });
      expect(await db().getRepository(ConnectorConnection).countBy({ installationId: ours })).toBe(0);
    });

    it('keeps standard users out of authorize', async () => {
      const id = await install(FAKE_OAUTH_CONNECTOR_KEY, admin, 'ALL_USERS');
      await t.http().get(`/api/installations/${id}/authorize`).set(rep.auth).expect(403);
      await t.http().get(`/api/installations/${id}/authorize`).expect(401);
      expect(await db().getRepository(OAuthState).countBy({ installationId: id })).toBe(0);
    });

    it('reports a denied consent to the web UI and consumes the state', async () => {
      const id = await install(FAKE_OAUTH_CONNECTOR_KEY);
      provider.deny = true;
      const back = await atVendor(await startAuthorization(id)).finally(() => (provider.deny = false));
      expect(back.searchParams.get('error')).toBe('access_denied');
      const res = await callback(back);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/?installation=${id}&authorization_error=access_denied`);
      expect((await callback(back)).status).toBe(400);
      expect((await installation(id)).status).toBe('PENDING_AUTHORIZATION');
    });

    it('reports a failed token exchange to the web UI', async () => {
      const id = await install(FAKE_OAUTH_CONNECTOR_KEY);
      const back = await atVendor(await startAuthorization(id));
      back.searchParams.set('code', 'not-a-code-the-vendor-issued');
      const res = await callback(back);
      expect(res.headers.location).toBe(`/?installation=${id}&authorization_error=token_exchange_failed`);
      expect((await installation(id)).status).toBe('PENDING_AUTHORIZATION');
      expect((await callback(back)).status).toBe(400);
    });

    it('answers 400 naming state when the state identifies nothing', async () => {
      for (const query of ['?code=abc&state=forged', '?code=abc', '?error=access_denied&state=forged', '']) {
        const res = await callback(`/api/oauth/fake-oauth/callback${query}`);
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual(['state']);
      }
    });

    it('renews credentials through the context once for concurrent callers; a context made before takes what was stored', async () => {
      const contexts = t.app.get(ConnectionContextFactory);
      const tenantId = asTenantId(tenant.tenantId);
      const refreshes = () => provider.requests.filter((r) => r.grant === 'refresh_token').length;
      const before = refreshes();
      const { context, connector } = await contexts.forInstallation(tenantId, oauthId);
      const { context: older } = await contexts.forInstallation(tenantId, oauthId);
      const first = context.credentials;

      await Promise.all([context.renewCredentials!(), context.renewCredentials!()]);
      expect(refreshes()).toBe(before + 1);
      expect(context.credentials.refreshToken).not.toBe(first.refreshToken);
      // The rotated refresh token is what is stored: the next context has it.
      expect((await contexts.forInstallation(tenantId, oauthId)).context.credentials).toEqual(
        context.credentials,
      );
      // The older context's refresh token is dead: it takes the stored credentials, no refresh.
      await older.renewCredentials!();
      expect(refreshes()).toBe(before + 1);
      expect(older.credentials).toEqual(context.credentials);
      await expect(connector.checkHealth(older)).resolves.toBeUndefined();
    });

    it('believes a refused refresh only when no other process stored newer credentials meanwhile', async () => {
      const contexts = t.app.get(ConnectionContextFactory);
      const tenantId = asTenantId(tenant.tenantId);
      const { context, connector } = await contexts.forInstallation(tenantId, oauthId);
      const { context: elsewhere } = await contexts.forInstallation(tenantId, oauthId);
      // Another process refreshes first (the refresh token rotates) and stores the result a moment later.
      const won = await connector.refreshCredentials!(elsewhere);
      const stored = new Promise((resolve) => setTimeout(resolve, 100)).then(() =>
        contexts.saveConnection(tenantId, oauthId, 'oauth2', won, tenant.adminUserId),
      );
      await context.renewCredentials!();
      await stored;
      expect(context.credentials).toEqual(won.credentials);
      await expect(connector.checkHealth(context)).resolves.toBeUndefined();
    });

    it('refreshes an expiring token before the health check, and flags a revoked one', async () => {
      await db()
        .getRepository(ConnectorConnection)
        .update({ installationId: oauthId }, { expiresAt: new Date(Date.now() + 60_000) });
      const refreshes = () => provider.requests.filter((r) => r.grant === 'refresh_token').length;
      const before = refreshes();
      const healthy = seen(
        await t.http().post(`/api/installations/${oauthId}/health-check`).set(admin).expect(200),
      );
      expect(healthy.body).toMatchObject({ outcome: 'healthy', status: 'ACTIVE', error: null });
      expect(refreshes()).toBe(before + 1);
      const refreshed = await db()
        .getRepository(ConnectorConnection)
        .findOneByOrFail({ installationId: oauthId });
      expect(refreshed.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);

      provider.revokeAll();
      const revoked = seen(
        await t.http().post(`/api/installations/${oauthId}/health-check`).set(admin).expect(200),
      );
      expect(revoked.body).toMatchObject({
        outcome: 'needs_reauthorization',
        status: 'NEEDS_REAUTHORIZATION',
      });
      expect(revoked.body.statusReason).toContain('Fake OAuth Mail rejected the stored credentials on');
      expect(revoked.body.statusReason).toContain('The access token was revoked');
    });
  });

  describe('credentials', () => {
    let credId: string;
    const submit = (id: string, fields: unknown, auth = admin) =>
      t.http().post(`/api/installations/${id}/credentials`).set(auth).send({ fields }).then(seen);

    beforeAll(async () => {
      credId = await install('fake');
    });

    it('validates the fields against the manifest and names the field', async () => {
      const unknown = await submit(credId, { apiKey: 'fake-key', account: 'a1', region: 'eu' });
      expect(unknown.status).toBe(400);
      expect(fieldsOf(unknown.body)).toEqual(['fields.region']);
      const missing = await submit(credId, { apiKey: 'fake-key' });
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing.body)).toEqual(['fields.account']);
      const notString = await submit(credId, { apiKey: 42, account: 'a1' });
      expect(fieldsOf(notString.body)).toEqual(['fields.apiKey']);
      const noObject = await t
        .http()
        .post(`/api/installations/${credId}/credentials`)
        .set(admin)
        .send({})
        .then(seen);
      expect(noObject.status).toBe(400);
      expect(fieldsOf(noObject.body)).toEqual(['fields']);
      expect((await installation(credId)).status).toBe('PENDING_AUTHORIZATION');
    });

    it("answers a key the vendor refuses with 400 naming the field and the vendor's message", async () => {
      const res = await submit(credId, { apiKey: 'wrong-key', account: 'a1' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'fields.apiKey', reason: 'The API key was not accepted' }]);
      expect(await db().getRepository(ConnectorConnection).countBy({ installationId: credId })).toBe(0);
    });

    it('keeps standard users and the other auth kind out', async () => {
      await submit(credId, { apiKey: 'fake-key', account: 'a1' }, rep.auth).then((r) =>
        expect(r.status).toBe(403),
      );
      await submit(credId, { apiKey: 'fake-key', account: 'a1' }, bearer(other.adminToken)).then((r) =>
        expect(r.status).toBe(404),
      );
      const authorize = seen(
        await t.http().get(`/api/installations/${credId}/authorize`).set(admin).expect(400),
      );
      expect(fieldsOf(authorize.body)).toEqual(['installationId']);
      const oauthId = await install(FAKE_OAUTH_CONNECTOR_KEY);
      expect(fieldsOf((await submit(oauthId, { apiKey: 'x' })).body)).toEqual(['installationId']);
    });

    it('connects with a good key, seals it and never echoes it', async () => {
      const res = await submit(credId, { apiKey: ' fake-key\n', account: 'acct-7' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: credId,
        status: 'ACTIVE',
        account: { id: 'acct-7', label: 'Fake account acct-7' },
      });
      const raw = await db()
        .getRepository(ConnectorConnection)
        .createQueryBuilder('c')
        .addSelect('c.credentialsEnvelope')
        .where('c.installationId = :id', { id: credId })
        .getOneOrFail();
      expect(raw.credentialsEnvelope).toMatch(ENVELOPE);
      expect(raw.credentialsEnvelope).not.toContain('fake-key');
    });

    it('flags revoked credentials once, notifying each admin once', async () => {
      const check = () => t.http().post(`/api/installations/${credId}/health-check`).set(admin).then(seen);
      const healthy = await check();
      expect(healthy.body).toMatchObject({ outcome: 'healthy', status: 'ACTIVE' });
      expect(Date.parse(healthy.body.lastHealthCheckAt)).toBeGreaterThan(Date.now() - 60_000);
      await t.http().post(`/api/installations/${credId}/health-check`).set(rep.auth).expect(403);

      vendor.validApiKey = 'rotated';
      try {
        const revoked = await check();
        expect(revoked.body).toMatchObject({
          outcome: 'needs_reauthorization',
          status: 'NEEDS_REAUTHORIZATION',
          error: { code: 'AUTH_REVOKED', message: 'The API key was revoked' },
        });
        const today = new Date().toISOString().slice(0, 10);
        expect(revoked.body.statusReason).toBe(
          `Fake Mail rejected the stored credentials on ${today}: The API key was revoked`,
        );
        const notified = () =>
          db().getRepository(Notification).findBy({ installationId: credId, type: 'AUTHORIZATION_NEEDED' });
        expect((await notified()).map((n) => n.userId).sort()).toEqual(
          [tenant.adminUserId, secondAdminId].sort(),
        );
        expect((await notified())[0].title).toBe('Fake Mail needs to be re-authorized');

        expect((await check()).body).toMatchObject({ outcome: 'needs_reauthorization' });
        expect(
          await t.app
            .get(InstallationHealthService)
            .markNeedsReauthorization(asTenantId(tenant.tenantId), credId, 'a sync call was refused'),
        ).toBe(false);
        expect(await notified()).toHaveLength(2);
        const inbox = seen(await t.http().get('/api/notifications').set(admin).expect(200));
        expect(
          inbox.body.items.filter((n: { installationId: string }) => n.installationId === credId),
        ).toHaveLength(1);
      } finally {
        vendor.validApiKey = 'fake-key';
      }
      // Working credentials again: the installation is usable again.
      expect((await check()).body).toMatchObject({
        outcome: 'healthy',
        status: 'ACTIVE',
        statusReason: null,
      });
    });

    it('leaves the status alone when the vendor cannot tell (temporary failure, throttling)', async () => {
      const { ConnectorError, ConnectorErrorCode } = await import('@crm/connector-sdk');
      // (RATE_LIMITED is first retried by the account's budget; what survives it is treated alike.)
      const before = await installation(credId);
      // Down for the first try and the budget's three retries.
      vendor.pendingFailures.push(
        ...Array.from(
          { length: 4 },
          () => new ConnectorError(ConnectorErrorCode.TEMPORARY, 'Vendor is down'),
        ),
      );
      const res = seen(
        await t.http().post(`/api/installations/${credId}/health-check`).set(admin).expect(200),
      );
      expect(res.body).toMatchObject({
        outcome: 'inconclusive',
        status: 'ACTIVE',
        statusReason: null,
        error: { code: 'TEMPORARY', message: 'Vendor is down' },
      });
      expect((await installation(credId)).lastHealthCheckAt).toEqual(before.lastHealthCheckAt);
    });

    it('checks every ACTIVE installation through one queued job each', async () => {
      const queue = t.app.get<InProcessQueueDriver>(QUEUE_PORT);
      const handlers = t.app.get(JobRegistry).handlersByQueue().get('connector-health')!;
      expect([...handlers.keys()]).toEqual(['CheckInstallationHealthJob']);
      // Test apps do not consume queues; consume this one as a worker would.
      await queue.consume('connector-health', (job: QueuedJob) =>
        handlers.get(job.name)!.handle(job.data, job),
      );
      vendor.validApiKey = 'rotated';
      try {
        const active = await db().getRepository(ConnectorInstallation).countBy({ status: 'ACTIVE' });
        expect(await t.app.get(InstallationHealthService).checkAll()).toBe(active);
        await queue.whenIdle();
      } finally {
        vendor.validApiKey = 'fake-key';
      }
      expect((await installation(credId)).status).toBe('NEEDS_REAUTHORIZATION');
    });
  });

  afterAll(() => {
    const secrets = [
      ...provider.accessTokens,
      ...provider.refreshTokens,
      provider.clientSecret,
      'fake-key',
      'wrong-key',
    ];
    for (const body of bodies) for (const secret of secrets) expect(body).not.toContain(secret);
    expect(bodies.length).toBeGreaterThan(20);
  });
});
