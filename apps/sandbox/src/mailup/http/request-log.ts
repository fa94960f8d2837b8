import type { RequestHandler } from 'express';
import { accountOf } from './pipeline';

/** One API request of an account as the sandbox saw it: when it arrived and what it was answered. */
export interface LoggedRequest {
  /** Arrival, in ms since the epoch (before the throttle counted it). */
  at: number;
  method: string;
  /** The path below `/API`, ids replaced by `{id}`: `/v1.1/Rest/ConsoleService.svc/Console/Import/{id}`. */
  route: string;
  status: number;
}

/** The most requests kept per account: enough for a long push, bounded so memory stays flat. */
const MAX_LOGGED = 200_000;

const routeOf = (path: string) => path.replace(/\/\d+(?=\/|$)/g, '/{id}');

/**
 * Each account's recent API requests, so tests and benchmarks can check what MailUp would have
 * seen (every one-second window within the throttle, no 429) and count calls by route. Kept in
 * memory only, not in the data file: it describes traffic, not the account.
 */
export class RequestLog {
  private readonly byAccount = new Map<number, LoggedRequest[]>();

  /** Notes each request once its answer is sent; mount after authentication, before the throttle. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const at = Date.now();
      const { accountId } = accountOf(res);
      const path = req.originalUrl.split('?')[0].replace(/^\/API/, '');
      res.on('finish', () => {
        let log = this.byAccount.get(accountId);
        if (!log) this.byAccount.set(accountId, (log = []));
        if (log.length >= MAX_LOGGED) log.splice(0, log.length - MAX_LOGGED + 1);
        log.push({ at, method: req.method, route: routeOf(path), status: res.statusCode });
      });
      next();
    };
  }

  /** The account's requests, oldest first, arrived at or after `since` (ms since the epoch). */
  requests(accountId: number, since = 0): LoggedRequest[] {
    // Noted as answered; listed as arrived.
    return (this.byAccount.get(accountId) ?? [])
      .filter((request) => request.at >= since)
      .sort((a, b) => a.at - b.at);
  }

  clear(accountId: number): void {
    this.byAccount.delete(accountId);
  }
}
