import express, { Router, type Request, type Response } from 'express';
import type { SandboxContext } from '../context';
import type { SandboxAccount } from '../state';
import { AuthorizationCodes } from '../../shared/authorization-codes';
import { isAbsoluteHttpUrl, redirectTo } from '../../shared/redirect-uri';
import { authorizeErrorPage, authorizePage, type AuthorizeRequest } from './authorize-page';

/**
 * Mailchimp's OAuth 2 server (login.mailchimp.com/oauth2): authorization-code grant only.
 * The login page signs a sandbox account in; its owner allows or denies the client. Tokens never
 * expire and carry no refresh token; they stop working when revoked (control API).
 */

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function authorizeRequest(source: Record<string, unknown>): AuthorizeRequest {
  return {
    response_type: text(source.response_type),
    client_id: text(source.client_id),
    redirect_uri: text(source.redirect_uri),
    state: text(source.state),
  };
}

/** The client the request names, or an HTML error page (nothing may be sent to an unchecked redirect). */
function checkClient(
  context: SandboxContext,
  request: AuthorizeRequest,
  res: Response,
): SandboxAccount | null {
  const client = request.client_id ? context.state.byClientId(request.client_id) : undefined;
  const problem = !client
    ? 'Invalid client_id: no app is registered with this client id.'
    : !isAbsoluteHttpUrl(request.redirect_uri)
      ? 'Invalid redirect_uri: it must be an absolute http(s) URL.'
      : null;
  if (!problem) return client!;
  res.status(400).type('html').send(authorizeErrorPage(problem));
  return null;
}

function oauthError(res: Response, status: number, error: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error });
}

/** The token of an `Authorization: OAuth <token>` (or Bearer) header. */
function presentedToken(req: Request): string {
  const [scheme, token = ''] = (req.get('authorization') ?? '').split(' ');
  return /^(oauth|bearer)$/i.test(scheme) ? token : '';
}

export function oauthRouter(context: SandboxContext): Router {
  const codes = new AuthorizationCodes();
  const router = Router();
  router.use(express.urlencoded({ extended: false }));

  router.get('/authorize', (req, res) => {
    const request = authorizeRequest(req.query);
    const client = checkClient(context, request, res);
    if (!client) return;
    if (request.response_type !== 'code')
      return redirectTo(res, request.redirect_uri, {
        error: 'unsupported_response_type',
        state: request.state,
      });
    res.type('html').send(authorizePage(request, client.name));
  });

  router.post('/authorize', (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const request = authorizeRequest(form);
    const client = checkClient(context, request, res);
    if (!client) return;
    if (form.decision === 'deny')
      return redirectTo(res, request.redirect_uri, { error: 'access_denied', state: request.state });
    const account = context.state.byLogin(text(form.username));
    if (!account || account.login.password !== text(form.password))
      return res
        .type('html')
        .send(authorizePage(request, client.name, 'Sorry, that username or password is incorrect.'));
    const code = codes.issue({
      clientId: request.client_id,
      redirectUri: request.redirect_uri,
      accountId: account.id,
    });
    redirectTo(res, request.redirect_uri, { code, state: request.state });
  });

  router.post('/token', (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (!form.grant_type) return oauthError(res, 400, 'invalid_request');
    if (form.grant_type !== 'authorization_code') return oauthError(res, 400, 'unsupported_grant_type');
    const client = context.state.byClientId(text(form.client_id));
    if (!client || client.oauthClient.clientSecret !== text(form.client_secret))
      return oauthError(res, 401, 'invalid_client');
    if (!form.code || !form.redirect_uri) return oauthError(res, 400, 'invalid_request');
    const grant = codes.take(text(form.code));
    const account = grant && context.state.account(grant.accountId);
    if (
      !grant ||
      !account ||
      grant.clientId !== client.oauthClient.clientId ||
      grant.redirectUri !== form.redirect_uri
    )
      return oauthError(res, 400, 'invalid_grant');
    const accessToken = context.state.issueToken(account);
    context.changed();
    res.set('Cache-Control', 'no-store').json({ access_token: accessToken, expires_in: 0, scope: null });
  });

  router.get('/metadata', (req, res) => {
    const token = presentedToken(req);
    const account = token ? context.state.byAccessToken(token) : undefined;
    // Mailchimp answers an unknown token with 200 and an error body, not 401.
    if (!account) return res.json({ error: 'invalid_token' });
    const userId = Number.parseInt(account.id.slice(0, 7), 16);
    res.json({
      dc: account.dc,
      role: 'owner',
      accountname: account.name,
      user_id: userId,
      login: {
        email: account.login.email,
        avatar: null,
        login_id: userId,
        login_name: account.login.username,
        login_email: account.login.email,
      },
      login_url: context.baseUrl(),
      api_endpoint: context.baseUrl(),
    });
  });

  return router;
}
