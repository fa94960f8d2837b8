import { fakeDateOnly } from './support/mailchimp-sandbox.harness';
import {
  CONSOLE,
  MailupClient,
  MailupCredentials,
  MailupHarness,
  TokenAnswer,
} from './support/mailup-sandbox.harness';

const REDIRECT_URI = 'http://127.0.0.1:3999/callback?from=mailup';

/** The `error` of an OAuth error answer. */
const errorOf = async (response: Response | Promise<Response>) =>
  ((await (await response).json()) as { error: string }).error;

describe('MailUp sandbox: OAuth 2', () => {
  let h: MailupHarness;
  /** The account whose API keys (OAuth client) the app uses. */
  let app: MailupCredentials;
  /** The MailUp console user who connects their account to the app. */
  let user: MailupCredentials;

  beforeAll(async () => {
    h = await MailupHarness.start();
    app = await h.createAccount({ company: 'CRM Connect app' });
    user = await h.createAccount({ company: 'Negozio di Ana' });
  });
  afterAll(async () => {
    jest.useRealTimers();
    await h.close();
  });

  const logOnParams = (state = 'state-123') => ({
    client_id: app.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    state,
  });

  /** Submits the log-on form as a browser would, without following the redirect. */
  const submitLogOn = (fields: Record<string, string>) =>
    fetch(`${h.baseUrl}/Authorization/OAuth/LogOn`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });

  async function authorizationCode(state = 'state-123'): Promise<string> {
    const response = await submitLogOn({
      ...logOnParams(state),
      username: user.username,
      password: user.password,
    });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!).searchParams.get('code')!;
  }

  const codeExchange = (code: string) => ({
    grant_type: 'authorization_code',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    code,
  });

  const info = (token: string) =>
    new MailupClient(h.baseUrl, token).raw('GET', `${CONSOLE}/Authentication/Info`);

  it('grants a token for the password of a console user, with client credentials in the body or HTTP Basic', async () => {
    const inBody = await h.tokenRequest({
      grant_type: 'password',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      username: user.username,
      password: user.password,
    });
    expect(inBody.status).toBe(200);
    expect(inBody.headers.get('cache-control')).toBe('no-store');
    const grant = (await inBody.json()) as TokenAnswer;
    expect(grant).toEqual({
      access_token: expect.any(String),
      expires_in: 3600,
      refresh_token: expect.any(String),
    });

    // The token acts for the user who logged in, whichever account registered the client.
    const who = await info(grant.access_token);
    expect(who).toEqual({
      status: 200,
      body: {
        Company: 'Negozio di Ana',
        IsTrial: false,
        UID: String(user.accountId),
        Username: user.username,
        Version: expect.any(String),
      },
    });

    const basic = Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64');
    const viaBasic = await h.tokenRequest(
      { grant_type: 'password', username: user.username, password: user.password },
      { headers: { authorization: `Basic ${basic}` } },
    );
    expect(viaBasic.status).toBe(200);
  });

  it('refuses bad token requests with OAuth errors', async () => {
    const cases: Array<[Record<string, string>, number, string]> = [
      [
        {
          grant_type: 'password',
          client_id: app.clientId,
          client_secret: 'nope',
          username: user.username,
          password: user.password,
        },
        401,
        'invalid_client',
      ],
      [
        {
          grant_type: 'password',
          client_id: app.clientId,
          client_secret: app.clientSecret,
          username: user.username,
          password: 'nope',
        },
        400,
        'invalid_grant',
      ],
      [
        { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret },
        400,
        'invalid_request',
      ],
      [
        { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret },
        400,
        'unsupported_grant_type',
      ],
      [{ client_id: app.clientId, client_secret: app.clientSecret }, 400, 'invalid_request'],
      [{ ...codeExchange('0'.repeat(32)) }, 400, 'invalid_grant'],
    ];
    for (const [params, status, error] of cases) {
      const response = await h.tokenRequest(params);
      expect({ params, status: response.status }).toEqual({ params, status });
      expect(await response.json()).toEqual({ error, error_description: expect.any(String) });
    }
  });

  it('runs the authorization-code flow through the log-on page, and exchanges the code once (POST or GET)', async () => {
    const page = await fetch(`${h.baseUrl}/Authorization/OAuth/LogOn?${new URLSearchParams(logOnParams())}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<form method="post" action="LogOn">');
    expect(html).toContain('name="username"');
    expect(html).toContain('type="password"');
    expect(html).toContain('name="state" value="state-123"');
    expect(html).toContain(`name="client_id" value="${app.clientId}"`);

    const wrong = await submitLogOn({ ...logOnParams(), username: user.username, password: 'nope' });
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain('Wrong username or password');

    const loggedOn = await submitLogOn({
      ...logOnParams(),
      username: user.username,
      password: user.password,
    });
    expect(loggedOn.status).toBe(302);
    const location = new URL(loggedOn.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:3999/callback');
    expect(location.searchParams.get('from')).toBe('mailup');
    expect(location.searchParams.get('state')).toBe('state-123');
    const code = location.searchParams.get('code')!;

    const exchanged = await h.tokenRequest({ ...codeExchange(code), redirect_uri: REDIRECT_URI });
    expect(exchanged.status).toBe(200);
    const grant = (await exchanged.json()) as TokenAnswer;
    expect(grant.expires_in).toBe(3600);
    expect((await info(grant.access_token)).body.Username).toBe(user.username);
    expect(await errorOf(h.tokenRequest(codeExchange(code)))).toBe('invalid_grant');

    // The official PHP sample's way: GET with a query string.
    const viaGet = await h.tokenRequest(codeExchange(await authorizationCode()), { method: 'GET' });
    expect(viaGet.status).toBe(200);
    // A password sent by GET is refused.
    const passwordByGet = await h.tokenRequest(
      {
        grant_type: 'password',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        username: user.username,
        password: user.password,
      },
      { method: 'GET' },
    );
    expect(passwordByGet.status).toBe(400);
  });

  it('binds a code to its client and redirect_uri, and shows an error page for unknown clients', async () => {
    const otherClient = await h.tokenRequest({
      ...codeExchange(await authorizationCode()),
      client_id: user.clientId,
      client_secret: user.clientSecret,
    });
    expect(await errorOf(otherClient)).toBe('invalid_grant');
    const otherRedirect = await h.tokenRequest({
      ...codeExchange(await authorizationCode()),
      redirect_uri: 'http://127.0.0.1:3999/elsewhere',
    });
    expect(await errorOf(otherRedirect)).toBe('invalid_grant');

    const unknown = await fetch(
      `${h.baseUrl}/Authorization/OAuth/LogOn?${new URLSearchParams({ ...logOnParams(), client_id: 'unknown' })}`,
      { redirect: 'manual' },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Invalid client_id');
    const relative = await submitLogOn({
      ...logOnParams(),
      redirect_uri: '/callback',
      username: user.username,
      password: user.password,
    });
    expect(relative.status).toBe(400);
    expect(await relative.text()).toContain('Invalid redirect_uri');
  });

  it('rotates the refresh token: the new one works, the old one is dead', async () => {
    const first = await h.passwordGrant(user);
    const refresh = (token: string, client = app) =>
      h.tokenRequest({
        grant_type: 'refresh_token',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        refresh_token: token,
      });
    // A refresh token works only for the client it was issued to.
    const stranger = await h.createAccount();
    expect(await errorOf(refresh(first.refresh_token, stranger))).toBe('invalid_grant');

    const second = (await (await refresh(first.refresh_token, user)).json()) as TokenAnswer;
    expect(second).toEqual({
      access_token: expect.any(String),
      expires_in: 3600,
      refresh_token: expect.any(String),
    });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await info(second.access_token)).status).toBe(200);
    const reused = await refresh(first.refresh_token, user);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await refresh(second.refresh_token, user)).status).toBe(200);
  });

  it('answers 401 in MailUp’s shape once an access token is an hour old, and for unknown tokens', async () => {
    const grant = await h.passwordGrant(user);
    expect((await info(grant.access_token)).status).toBe(200);
    fakeDateOnly();
    try {
      jest.setSystemTime(Date.now() + 3600 * 1000 + 1000);
      expect(await info(grant.access_token)).toEqual({
        status: 401,
        body: {
          ErrorCode: '401',
          ErrorDescription: 'Authorization error: Access token is expired',
          ErrorName: 'Unauthorized',
          ErrorStack: null,
        },
      });
      // The refresh token outlives the access token.
      const renewed = await h.tokenRequest({
        grant_type: 'refresh_token',
        client_id: user.clientId,
        client_secret: user.clientSecret,
        refresh_token: grant.refresh_token,
      });
      expect((await info(((await renewed.json()) as TokenAnswer).access_token)).status).toBe(200);
    } finally {
      jest.useRealTimers();
    }
    const unknown = await info('not-a-token');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ ErrorCode: '401', ErrorName: 'Unauthorized' });
    const missing = await fetch(`${h.baseUrl}${CONSOLE}/Authentication/Info`);
    expect(missing.status).toBe(401);
  });

  it('expires every access token of an account through the control API', async () => {
    const a = await h.passwordGrant(user);
    const b = await h.passwordGrant(user);
    const expired = await h.controlOk<{ expired: number }>(`/accounts/${user.username}/tokens/expire`);
    expect(expired.expired).toBeGreaterThanOrEqual(2);
    for (const grant of [a, b])
      expect((await info(grant.access_token)).body.ErrorDescription).toBe(
        'Authorization error: Access token is expired',
      );
    expect((await h.control('/accounts/m1/tokens/expire')).status).toBe(404);
  });
});
