import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MailupAccount, MailupState } from '../state';
import { MailupError, sendMailupError } from './mailup-error';

/** The account a Console or Statistics request acts for (set by `authenticate`). */
export const accountOf = (res: Response): MailupAccount => res.locals.account as MailupAccount;

/** A Bearer access token that exists and has not expired. */
export function authenticate(state: MailupState): RequestHandler {
  return (req, res, next) => {
    const [scheme, token = ''] = (req.get('authorization') ?? '').split(' ');
    if (!/^bearer$/i.test(scheme) || !token)
      return sendMailupError(res, MailupError.unauthorized('Access token is missing'));
    const account = state.byAccessToken(token);
    if (!account) return sendMailupError(res, MailupError.unauthorized('Access token is invalid'));
    if (account.accessTokens[token] <= Date.now()) return sendMailupError(res, MailupError.tokenExpired());
    res.locals.account = account;
    next();
  };
}

/**
 * MailUp's throttle: at most `requestsPerSecond` (5) calls per account in any one-second window,
 * shared by the Console and Statistics services. Refused calls count too, so a client that keeps
 * hammering stays refused until it backs off.
 */
export function throttle(): RequestHandler {
  const calls = new Map<number, number[]>();
  return (_req, res, next) => {
    const account = accountOf(res);
    const now = Date.now();
    const recent = (calls.get(account.accountId) ?? []).filter((at) => at > now - 1000);
    recent.push(now);
    calls.set(account.accountId, recent);
    const max = account.settings.requestsPerSecond;
    if (recent.length > max) return sendMailupError(res, MailupError.tooManyRequests(max, recent.length));
    next();
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FAULT_ERRORS: Record<number, () => MailupError> = {
  401: MailupError.tokenExpired,
  429: () => MailupError.tooManyRequests(5, 6),
  500: MailupError.internal,
  503: MailupError.unavailable,
};

/** The latency and the faults the control API set for the account, applied before the route. */
export function injectedConditions(): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const { settings } = accountOf(res);
    if (settings.latencyMs > 0) await sleep(settings.latencyMs);
    const fault = settings.faults.find(
      (f) => f.remaining > 0 && (!f.pathContains || req.originalUrl.includes(f.pathContains)),
    );
    if (!fault) return next();
    fault.remaining--;
    settings.faults = settings.faults.filter((f) => f.remaining > 0);
    sendMailupError(res, FAULT_ERRORS[fault.status]());
  };
}

/** Account-wide resources are for administrators only (a documented guess of ours). */
export const administratorOnly: RequestHandler = (_req, res, next) => {
  if (!accountOf(res).user.admin) return sendMailupError(res, MailupError.notAdministrator());
  next();
};
