import express, { Router, type Request, type Response } from 'express';
import { AuthorizationCodes } from '../../shared/authorization-codes';
import { isAbsoluteHttpUrl, redirectTo } from '../../shared/redirect-uri';
import type { MailupContext } from '../context';
import type { MailupAccount } from '../state';
import { logOnErrorPage, logOnPage, type LogOnRequest } from './logon-page';
import { issueTokens, refreshTokens } from './tokens';

/**
 * MailUp's OAuth 2 server (services.mailup.com/Authorization/OAuth): the resource-owner password
 * grant, the authorization-code grant through a log-on page, and refresh. A client (API keys)
 * works with any account: the user who logs on (or whose password is sent) chooses the account.
 */

/** Codes are short-lived: the client must exchange them at once. */
const CODE_TTL_MS = 5 * 60 * 1000;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function logOnRequest(source: Record<string, unknown>): LogOnRequest {
  return {
    client_id: text(source.client_id),
    response_type: text(source.response_type),
    redirect_uri: text(source.redirect_uri),
    state: text(source.state),
  };
}

/** The request's client is known and its redirect_uri usable; else an HTML error page (never a redirect). */
function checkClient(context: MailupContext, request: LogOnRequest, res: Response): boolean {
  const problem = !context.state.byClientId(request.client_id)
    ? 'Invalid client_id: no application is registered with this client id.'
    : !isAbsoluteHttpUrl(request.redirect_uri)
      ? 'Invalid redirect_uri: it must be an absolute http(s) URL.'
      : null;
  if (problem) res.status(400).type('html').send(logOnErrorPage(problem));
  return !problem;
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
}

/** The token request's parameters: the query, then the form body over it. */
function tokenParams(req: Request): Record<string, string> {
  const params: Record<string, string> = {};
  for (const source of [req.query, req.body as Record<string, unknown> | undefined])
    for (const [key, value] of Object.entries(source ?? {}))
      if (typeof value === 'string') params[key] = value;
  return params;
}

/** Client credentials from HTTP Basic, else from the parameters. */
function clientCredentials(req: Request, params: Record<string, string>): { id: string; secret: string } {
  const [scheme, value = ''] = (req.get('authorization') ?? '').split(' ');
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  return { id: params.client_id ?? '', secret: params.client_secret ?? '' };
}

export function oauthRouter(context: MailupContext): Router {
  const codes = new AuthorizationCodes(CODE_TTL_MS);
  const router = Router();
  router.use(express.urlencoded({ extended: false }));

  router.get('/LogOn', (req, res) => {
    const request = logOnRequest(req.query);
    if (!checkClient(context, request, res)) return;
    if (request.response_type !== 'code')
      return redirectTo(res, request.redirect_uri, {
        error: 'unsupported_response_type',
        state: request.state,
      });
    res.type('html').send(logOnPage(request));
  });

  router.post('/LogOn', (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const request = logOnRequest(form);
    if (!checkClient(context, request, res)) return;
    const account = context.state.byUsername(text(form.username));
    if (!account || account.user.password !== text(form.password))
      return res.type('html').send(logOnPage(request, 'Wrong username or password.'));
    const code = codes.issue({
      clientId: request.client_id,
      redirectUri: request.redirect_uri,
      accountId: String(account.accountId),
    });
    redirectTo(res, request.redirect_uri, { code, state: request.state });
  });

  const token = (req: Request, res: Response) => {
    const params = tokenParams(req);
    const grantType = params.grant_type;
    if (!grantType) return oauthError(res, 400, 'invalid_request', 'grant_type is required');
    if (!['password', 'authorization_code', 'refresh_token'].includes(grantType))
      return oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
    if (req.method === 'GET' && grantType !== 'authorization_code')
      return oauthError(res, 400, 'invalid_request', 'only the authorization_code grant may use GET');
    const credentials = clientCredentials(req, params);
    const client = context.state.byClientId(credentials.id);
    if (!client || client.oauthClient.clientSecret !== credentials.secret)
      return oauthError(res, 401, 'invalid_client', 'Client credentials are invalid');

    let account: MailupAccount | undefined;
    if (grantType === 'password') {
      if (!params.username || !params.password)
        return oauthError(res, 400, 'invalid_request', 'username and password are required');
      account = context.state.byUsername(params.username);
      if (!account || account.user.password !== params.password)
        return oauthError(res, 400, 'invalid_grant', 'Username or password are invalid');
    } else if (grantType === 'authorization_code') {
      if (!params.code) return oauthError(res, 400, 'invalid_request', 'code is required');
      const grant = codes.take(params.code);
      account = grant && context.state.account(Number(grant.accountId));
      const redirectMismatch =
        params.redirect_uri !== undefined && params.redirect_uri !== grant?.redirectUri;
      if (!grant || !account || grant.clientId !== credentials.id || redirectMismatch)
        return oauthError(res, 400, 'invalid_grant', 'The authorization code is invalid or expired');
    } else {
      const refreshToken = params.refresh_token ?? '';
      account = refreshToken ? context.state.byRefreshToken(refreshToken) : undefined;
      const issuedTo = account?.refreshTokens.find((r) => r.token === refreshToken)?.clientId;
      if (!account || issuedTo !== credentials.id)
        return oauthError(res, 400, 'invalid_grant', 'The refresh token is invalid');
      const answer = refreshTokens(account, refreshToken, credentials.id);
      context.changed();
      return res.set('Cache-Control', 'no-store').json(answer);
    }
    const answer = issueTokens(account, credentials.id);
    context.changed();
    res.set('Cache-Control', 'no-store').json(answer);
  };
  router.post('/Token', token);
  // The official PHP sample exchanges the code with a GET and a query string.
  router.get('/Token', token);

  return router;
}
