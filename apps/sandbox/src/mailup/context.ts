import type { Router } from 'express';
import type { RequestLog } from './http/request-log';
import type { ImportJob, MailupAccount, MailupState } from './state';

/** The routes' shared services; each route module registers itself on a router with them. */
export interface MailupContext {
  state: MailupState;
  /** Records that the state changed (written to the data file, when one is configured). */
  changed(): void;
  /** Where the sandbox is reachable from outside (scheme, host, port and mount path). */
  baseUrl(): string;
  /** Runs an accepted import when it is due (asynchronously, as MailUp does). */
  scheduleImport(account: MailupAccount, job: ImportJob): void;
  /** Each account's recent API requests (arrival, route, status). */
  requests: RequestLog;
}

export type RouteModule = (router: Router, context: MailupContext) => void;
