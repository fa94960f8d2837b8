import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SandboxAccount, SandboxState } from '../state';
import { MailchimpProblem, sendProblem, TRIGGERABLE_ERRORS } from './problem';

/** The account a /3.0 request acts for (set by `authenticate`). */
export const accountOf = (res: Response): SandboxAccount => res.locals.account as SandboxAccount;

export const requestId: RequestHandler = (_req, res, next) => {
  res.locals.requestId = randomUUID();
  res.set('X-Request-Id', res.locals.requestId as string);
  next();
};

/** Basic auth with any user name and the API key (`<key>-<dc>`), or an OAuth Bearer token. */
export function authenticate(state: SandboxState): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const [scheme, value = ''] = header.split(' ');
    let account: SandboxAccount | undefined;
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      account = state.byApiKey(decoded.slice(decoded.indexOf(':') + 1));
    } else if (/^(bearer|oauth)$/i.test(scheme)) {
      account = state.byAccessToken(value) ?? state.byApiKey(value);
    }
    if (!header) return sendProblem(res, problemNamed('APIKeyMissing'));
    if (!account) return sendProblem(res, problemNamed('APIKeyInvalid'));
    res.locals.account = account;
    next();
  };
}

function problemNamed(name: keyof typeof TRIGGERABLE_ERRORS): MailchimpProblem {
  const error = TRIGGERABLE_ERRORS[name];
  return new MailchimpProblem(error.status, error.title, error.detail);
}

/** How many members a call carries, for the latency model. */
function memberCost(req: Request): number {
  const body = req.body as
    { members?: unknown[]; operations?: unknown[]; members_to_add?: unknown[] } | undefined;
  return body?.members?.length ?? body?.operations?.length ?? body?.members_to_add?.length ?? 1;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Mailchimp's one hard limit: 10 requests processing at once per account (user), the 11th gets
 * 429 TooManyRequests. The slot is held for the whole request, latency included, and freed when
 * the answer is sent or the client goes away. Injected faults apply here too.
 */
export function connectionLimiter(): RequestHandler {
  const inFlight = new Map<string, number>();
  return async (req: Request, res: Response, next: NextFunction) => {
    const account = accountOf(res);
    const { settings } = account;
    const active = inFlight.get(account.id) ?? 0;
    if (active >= settings.maxConnections) {
      const error = TRIGGERABLE_ERRORS.TooManyRequests;
      return sendProblem(
        res,
        new MailchimpProblem(
          429,
          error.title,
          `You have exceeded the limit of ${settings.maxConnections} simultaneous connections.`,
        ),
      );
    }
    inFlight.set(account.id, active + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight.set(account.id, (inFlight.get(account.id) ?? 1) - 1);
    };
    res.on('finish', release);
    res.on('close', release);
    try {
      const { faults, latency } = settings;
      const delay = latency.fixedMs + latency.perMemberMs * memberCost(req) + faults.slowMs;
      if (delay > 0) await sleep(delay);
      if (faults.tooManyRequests > 0) {
        faults.tooManyRequests--;
        return sendProblem(res, problemNamed('TooManyRequests'));
      }
      if ((faults.internalServerErrors ?? 0) > 0) {
        faults.internalServerErrors!--;
        return sendProblem(res, problemNamed('InternalServerError'));
      }
      if (faults.dropRate > 0 && Math.random() < faults.dropRate) return req.socket.destroy();
      if (faults.errorRate > 0 && Math.random() < faults.errorRate)
        return sendProblem(res, problemNamed('InternalServerError'));
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** `X-Trigger-Error: <ErrorName>` forces that error, as Mailchimp's test aid does. */
export const triggerError: RequestHandler = (req, res, next) => {
  const name = req.get('x-trigger-error');
  if (!name) return next();
  const error = TRIGGERABLE_ERRORS[name];
  if (!error) return next();
  sendProblem(res, new MailchimpProblem(error.status, error.title, error.detail));
};
