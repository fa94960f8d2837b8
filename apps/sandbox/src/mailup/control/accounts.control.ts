import type { Router } from 'express';
import type { MailupContext } from '../context';
import { MailupError } from '../http/mailup-error';
import { expireAccessTokens } from '../oauth/tokens';
import { InjectedFault, MailupAccount, MAX_DYNAMIC_FIELDS } from '../state';
import {
  accountNamed,
  bodyOf,
  optionalBoolean,
  optionalInteger,
  optionalText,
  requiredInteger,
  requiredText,
} from './control-input';

/** What a new account's owner needs: its console user and an OAuth client (API keys). */
export const accountCredentials = (account: MailupAccount) => ({
  accountId: account.accountId,
  username: account.user.username,
  password: account.user.password,
  clientId: account.oauthClient.clientId,
  clientSecret: account.oauthClient.clientSecret,
  admin: account.user.admin,
  company: account.company,
});

const FAULT_STATUSES: ReadonlyArray<InjectedFault['status']> = [401, 429, 500, 503];

/**
 * The outside world's side of the sandbox: consoles made and removed, dynamic fields added in the
 * console, and the conditions of the service (import delay, throttle, latency, faults, token
 * expiry). Not part of MailUp's API; tests and the demo use it.
 */
export function accountControl(router: Router, context: MailupContext): void {
  router.post('/accounts', (req, res) => {
    const body = bodyOf(req);
    const admin = optionalBoolean(body, 'admin');
    const company = optionalText(body, 'company');
    const account = context.state.createAccount({ admin, company });
    context.changed();
    res.status(201).json(accountCredentials(account));
  });

  router.get('/accounts/:username', (req, res) => {
    const account = accountNamed(context, req);
    res.json({ ...accountCredentials(account), settings: account.settings });
  });

  router.delete('/accounts/:username', (req, res) => {
    context.state.deleteAccount(accountNamed(context, req).accountId);
    context.changed();
    res.status(204).end();
  });

  // `{importDelayMs?, requestsPerSecond?}`
  router.post('/accounts/:username/settings', (req, res) => {
    const account = accountNamed(context, req);
    const body = bodyOf(req);
    const importDelayMs = optionalInteger(body, 'importDelayMs', 0);
    const requestsPerSecond = optionalInteger(body, 'requestsPerSecond', 1);
    if (importDelayMs !== undefined) account.settings.importDelayMs = importDelayMs;
    if (requestsPerSecond !== undefined) account.settings.requestsPerSecond = requestsPerSecond;
    context.changed();
    res.json(account.settings);
  });

  // `{ms}`: every API request of the account waits this long first.
  router.post('/accounts/:username/latency', (req, res) => {
    const account = accountNamed(context, req);
    account.settings.latencyMs = requiredInteger(bodyOf(req), 'ms', 0);
    context.changed();
    res.json(account.settings);
  });

  // `{status: 401|429|500|503, count, pathContains?}`: the next `count` matching requests fail so.
  router.post('/accounts/:username/faults', (req, res) => {
    const account = accountNamed(context, req);
    const body = bodyOf(req);
    const status = body.status as InjectedFault['status'];
    if (!FAULT_STATUSES.includes(status))
      throw MailupError.badRequest(`status: must be one of ${FAULT_STATUSES.join(', ')}`);
    const fault: InjectedFault = { status, remaining: requiredInteger(body, 'count', 1) };
    const pathContains = optionalText(body, 'pathContains');
    if (pathContains) fault.pathContains = pathContains;
    account.settings.faults.push(fault);
    context.changed();
    res.json(account.settings);
  });

  // `?since=<ms since the epoch>`: the account's API requests, oldest first, with arrival time,
  // route and status: what MailUp's throttle counted.
  router.get('/accounts/:username/requests', (req, res) => {
    const account = accountNamed(context, req);
    const raw = typeof req.query.since === 'string' ? req.query.since : undefined;
    const since = raw === undefined ? 0 : Number(raw);
    if (!/^\d+$/.test(raw ?? '0') || !Number.isSafeInteger(since))
      throw MailupError.badRequest(`since: must be a time in ms since the epoch, got "${raw}"`);
    res.json(context.requests.requests(account.accountId, since));
  });

  router.delete('/accounts/:username/requests', (req, res) => {
    context.requests.clear(accountNamed(context, req).accountId);
    res.status(204).end();
  });

  router.post('/accounts/:username/tokens/expire', (req, res) => {
    const expired = expireAccessTokens(accountNamed(context, req));
    context.changed();
    res.json({ expired });
  });

  // `{description}`: a dynamic field added in the console (ids go on from 27, at most 39 fields).
  router.post('/accounts/:username/fields', (req, res) => {
    const account = accountNamed(context, req);
    const description = requiredText(bodyOf(req), 'description');
    if (account.fields.length >= MAX_DYNAMIC_FIELDS)
      throw MailupError.badRequest(
        `description: the account has ${MAX_DYNAMIC_FIELDS} dynamic fields, the most MailUp allows`,
      );
    const field = { Id: Math.max(0, ...account.fields.map((f) => f.Id)) + 1, Description: description };
    account.fields.push(field);
    context.changed();
    res.status(201).json(field);
  });
}
