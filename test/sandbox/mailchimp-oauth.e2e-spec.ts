import {
  SandboxAccountCredentials,
  SandboxHarness,
  rejection,
  fakeDateOnly,
} from './support/mailchimp-sandbox.harness';

const REDIRECT_URI = 'http://127.0.0.1:3999/callback?from=mailchimp';

describe('Mailchimp sandbox: OAuth 2', () => {
  let h: SandboxHarness;
  /** The account that registered the app (its client id and secret). */
  let app: SandboxAccountCredentials;
  /** The Mailchimp user who connects their account to the app. */
  let user: SandboxAccountCredentials;

  beforeAll(async () => {
    h = await SandboxHarness.start();
    app = await h.createAccount({ name: 'CRM Connect app' });
    user = await h.createAccount({ name: 'Shop of Ana' });
  });
  afterAll(async () => {
    jest.useRealTimers();
    await h.close();
  });

  const authorizeUrl = (params: Record<string, string>) =>
    `${h.baseUrl}/oauth2/authorize?${new URLSearchParams(params).toString()}`;

  const authorizeParams = (state = 'state-123') => ({
    response_type: 'code',
    client_id: app.oauth.client_id,
    redirect_uri: REDIRECT_URI,
    state,
  });

  /** Submits the login form as a browser would, without following the redirect. */
  const submitLogin = (fields: Record<string, string>) =>
    fetch(`${h.baseUrl}/oauth2/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });

  /** Runs the login step and returns the code handed to the redirect_uri. */
  async function authorizationCode(state = 'state-123'): Promise<string> {
    const response = await submitLogin({
      ...authorizeParams(state),
      username: user.login.username,
      password: user.login.password,
      decision: 'allow',
    });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!).searchParams.get('code')!;
  }

  const exchange = (fields: Record<string, string>) =>
    fetch(`${h.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  const tokenRequest = (code: string) => ({
    grant_type: 'authorization_code',
    client_id: app.oauth.client_id,
    client_secret: app.oauth.client_secret,
    redirect_uri: REDIRECT_URI,
    code,
  });

  const metadata = async (authorization: string) => {
    const response = await fetch(`${h.baseUrl}/oauth2/metadata`, { headers: { authorization } });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  it('runs the whole authorization-code flow to a token that works on /3.0', async () => {
    const page = await fetch(authorizeUrl(authorizeParams()));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<form method="post" action="authorize">');
    expect(html).toContain('name="username"');
    expect(html).toContain('type="password"');
    expect(html).toContain(`name="client_id" value="${app.oauth.client_id}"`);
    expect(html).toContain('name="state" value="state-123"');
    expect(html).toContain('CRM Connect app');

    const wrong = await submitLogin({
      ...authorizeParams(),
      username: user.login.username,
      password: 'nope',
      decision: 'allow',
    });
    expect(wrong.status).toBe(200);
    const again = await wrong.text();
    expect(again).toContain('username or password is incorrect');
    expect(again).toContain('name="state" value="state-123"');

    const allowed = await submitLogin({
      ...authorizeParams(),
      username: user.login.username,
      password: user.login.password,
      decision: 'allow',
    });
    expect(allowed.status).toBe(302);
    const location = new URL(allowed.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:3999/callback');
    expect(location.searchParams.get('from')).toBe('mailchimp');
    expect(location.searchParams.get('state')).toBe('state-123');
    const code = location.searchParams.get('code')!;
    expect(code).toMatch(/^[0-9a-f]{32}$/);

    const token = await exchange(tokenRequest(code));
    expect(token.status).toBe(200);
    const grant = (await token.json()) as { access_token: string };
    expect(grant).toEqual({ access_token: expect.any(String), expires_in: 0, scope: null });

    const reused = await exchange(tokenRequest(code));
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ error: 'invalid_grant' });

    const meta = await metadata(`OAuth ${grant.access_token}`);
    expect(meta).toEqual({
      dc: 'us1',
      role: 'owner',
      accountname: 'Shop of Ana',
      user_id: expect.any(Number),
      login: {
        email: user.login.email,
        avatar: null,
        login_id: expect.any(Number),
        login_name: user.login.username,
        login_email: user.login.email,
      },
      login_url: h.baseUrl,
      api_endpoint: h.baseUrl,
    });
    expect(await metadata(`Bearer ${grant.access_token}`)).toEqual(meta);

    // The connector's way: the official client with the token, on the endpoint metadata named.
    const client = h.client({ accessToken: grant.access_token });
    client.basePath = `${meta.api_endpoint}/3.0`;
    expect(await client.ping.get()).toEqual({ health_status: "Everything's Chimpy!" });
    // The token acts for the account that logged in, not for the app's.
    expect((await client.root.getRoot()).account_id).toBe(user.account_id);
  });

  it('answers an unknown token with 200 {"error":"invalid_token"}', async () => {
    expect(await metadata('OAuth not-a-token')).toEqual({ error: 'invalid_token' });
    const response = await fetch(`${h.baseUrl}/oauth2/metadata`);
    expect(await response.json()).toEqual({ error: 'invalid_token' });
  });

  it('redirects with access_denied when the user denies', async () => {
    const denied = await submitLogin({ ...authorizeParams('s-deny'), decision: 'deny' });
    expect(denied.status).toBe(302);
    const location = new URL(denied.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('s-deny');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('shows an error page, and never redirects, for an unknown client or a bad redirect_uri', async () => {
    const unknown = await fetch(authorizeUrl({ ...authorizeParams(), client_id: 'unknown' }), {
      redirect: 'manual',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('text/html');
    expect(await unknown.text()).toContain('Invalid client_id');

    const relative = await fetch(authorizeUrl({ ...authorizeParams(), redirect_uri: '/callback' }), {
      redirect: 'manual',
    });
    expect(relative.status).toBe(400);
    expect(await relative.text()).toContain('Invalid redirect_uri');

    const posted = await submitLogin({ ...authorizeParams(), client_id: 'unknown', decision: 'deny' });
    expect(posted.status).toBe(400);

    const unsupported = await fetch(authorizeUrl({ ...authorizeParams(), response_type: 'token' }), {
      redirect: 'manual',
    });
    expect(unsupported.status).toBe(302);
    expect(new URL(unsupported.headers.get('location')!).searchParams.get('error')).toBe(
      'unsupported_response_type',
    );
  });

  it('refuses a token request with a wrong client, secret, redirect_uri, grant type or code', async () => {
    const wrongSecret = await exchange({ ...tokenRequest(await authorizationCode()), client_secret: 'x' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'invalid_client' });

    const otherClient = await exchange({
      ...tokenRequest(await authorizationCode()),
      client_id: user.oauth.client_id,
      client_secret: user.oauth.client_secret,
    });
    expect(await otherClient.json()).toEqual({ error: 'invalid_grant' });

    const wrongRedirect = await exchange({
      ...tokenRequest(await authorizationCode()),
      redirect_uri: 'http://127.0.0.1:3999/elsewhere',
    });
    expect(wrongRedirect.status).toBe(400);
    expect(await wrongRedirect.json()).toEqual({ error: 'invalid_grant' });

    const unknownCode = await exchange(tokenRequest('0'.repeat(32)));
    expect(await unknownCode.json()).toEqual({ error: 'invalid_grant' });

    const grantType = await exchange({ ...tokenRequest(await authorizationCode()), grant_type: 'password' });
    expect(grantType.status).toBe(400);
    expect(await grantType.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('lets a code expire after 10 minutes', async () => {
    const code = await authorizationCode();
    fakeDateOnly();
    try {
      jest.setSystemTime(Date.now() + 10 * 60 * 1000 + 1000);
      expect(await (await exchange(tokenRequest(code))).json()).toEqual({ error: 'invalid_grant' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('stops a revoked token from working, on /3.0 and on metadata', async () => {
    const response = await exchange(tokenRequest(await authorizationCode()));
    const { access_token } = (await response.json()) as { access_token: string };
    const client = h.client({ accessToken: access_token });
    await expect(client.ping.get()).resolves.toBeTruthy();

    const revoked = await h.control(`/accounts/${user.account_id}/tokens`, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    expect(await rejection(client.ping.get())).toMatchObject({ status: 401, title: 'API Key Invalid' });
    expect(await metadata(`OAuth ${access_token}`)).toEqual({ error: 'invalid_token' });
    // The API key is not an OAuth grant: it keeps working.
    await expect(h.client({ apiKey: user.api_key }).ping.get()).resolves.toBeTruthy();

    const missing = await h.control('/accounts/nope/tokens', { method: 'DELETE' });
    expect(missing.status).toBe(404);
  });

  it('conforms to the OpenAPI copy of the official spec in every /3.0 exchange above', () => {
    expect(h.exchanges.length).toBeGreaterThan(3);
    expect(h.conformance()).toEqual([]);
  });
});
