import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  used: boolean;
}

/**
 * A tiny OAuth 2 authorization server on 127.0.0.1 for the authorization tests, shaped like
 * Mailchimp's: `/authorize` (the consent page, answered at once with a redirect), `/token`
 * (authorization_code and refresh_token grants, form-encoded, codes single-use and bound to
 * their redirect_uri) and `/metadata` (who the token belongs to, as Mailchimp's metadata
 * endpoint tells the data center).
 */
export class FakeOAuthProvider {
  readonly clientId = 'fake-oauth-client';
  readonly clientSecret = 'fake-oauth-secret';
  /** The account every token belongs to. */
  accountId = 'oauth-account-1';
  accountName = 'Fake OAuth Account';
  /** When set, the consent page answers `error=access_denied` as if the user clicked "Deny". */
  deny = false;
  /** Lifetime of issued access tokens, in seconds. */
  expiresIn = 3600;
  /** Every request the provider served: path and grant, never secrets. */
  readonly requests: Array<{ path: string; grant?: string }> = [];
  readonly accessTokens = new Set<string>();
  readonly refreshTokens = new Set<string>();
  private readonly codes = new Map<string, IssuedCode>();
  private server?: Server;
  private origin = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch(() => json(res, 500, { error: 'server_error' }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get baseUrl(): string {
    if (!this.origin) throw new Error('FakeOAuthProvider is not started');
    return this.origin;
  }

  get authorizationUrl(): string {
    return `${this.baseUrl}/authorize`;
  }

  get tokenUrl(): string {
    return `${this.baseUrl}/token`;
  }

  get metadataUrl(): string {
    return `${this.baseUrl}/metadata`;
  }

  /** The user revokes the app's access at the vendor: every token stops working. */
  revokeAll(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    if (req.method === 'GET' && url.pathname === '/authorize') return this.authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/token') return this.token(req, res);
    if (req.method === 'GET' && url.pathname === '/metadata') return this.metadata(req, res);
    json(res, 404, { error: 'not_found' });
  }

  private authorize(url: URL, res: ServerResponse): void {
    this.requests.push({ path: '/authorize' });
    const query = url.searchParams;
    const redirectUri = query.get('redirect_uri');
    if (query.get('client_id') !== this.clientId || !redirectUri || query.get('response_type') !== 'code')
      return json(res, 400, { error: 'invalid_request' });
    const back = new URL(redirectUri);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    if (this.deny) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied access');
    } else {
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, { clientId: this.clientId, redirectUri, used: false });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { Location: back.toString() }).end();
  }

  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const grant = form.get('grant_type') ?? undefined;
    this.requests.push({ path: '/token', grant });
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    const [clientId, clientSecret] = basic
      ? Buffer.from(basic[1], 'base64').toString('utf8').split(':')
      : [form.get('client_id'), form.get('client_secret')];
    if (clientId !== this.clientId || clientSecret !== this.clientSecret)
      return json(res, 401, { error: 'invalid_client' });
    if (grant === 'authorization_code') {
      const issued = this.codes.get(form.get('code') ?? '');
      if (!issued || issued.used || issued.redirectUri !== form.get('redirect_uri'))
        return json(res, 400, { error: 'invalid_grant' });
      issued.used = true;
      return json(res, 200, this.issueTokens());
    }
    if (grant === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.delete(refreshToken)) return json(res, 400, { error: 'invalid_grant' });
      return json(res, 200, this.issueTokens());
    }
    json(res, 400, { error: 'unsupported_grant_type' });
  }

  private metadata(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push({ path: '/metadata' });
    // Mailchimp's metadata endpoint takes `Authorization: OAuth <token>`; accept Bearer too.
    const token = /^(?:OAuth|Bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.accessTokens.has(token)) return json(res, 401, { error: 'invalid_token' });
    json(res, 200, {
      user_id: this.accountId,
      accountname: this.accountName,
      dc: 'us7',
      api_endpoint: `${this.origin}/api`,
    });
  }

  private issueTokens() {
    const accessToken = `at-${randomBytes(16).toString('hex')}`;
    const refreshToken = `rt-${randomBytes(16).toString('hex')}`;
    this.accessTokens.add(accessToken);
    this.refreshTokens.add(refreshToken);
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: this.expiresIn,
      token_type: 'bearer',
    };
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += (chunk as Buffer).toString('utf8');
  return body;
}
