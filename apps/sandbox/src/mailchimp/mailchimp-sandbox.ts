import express, { Router } from 'express';
import type { ListEvent, RouteModule, SandboxContext } from './context';
import { accountControl } from './control/accounts.control';
import { listRoutes } from './api/lists.routes';
import { pingRoutes } from './api/ping.routes';
import { MailchimpProblem, problemHandler, sendProblem } from './http/problem';
import { authenticate, connectionLimiter, requestId, triggerError } from './http/pipeline';
import { StateFile } from './persistence';
import { SandboxState } from './state';

export interface MailchimpSandboxOptions {
  /** JSON file the state is kept in across restarts; in memory only when absent. */
  dataFile?: string;
  /** Where the sandbox is reachable (scheme, host, port and mount path), for URLs it hands out. */
  baseUrl: () => string;
}

export interface MailchimpSandbox {
  /** Mount it anywhere: `/3.0` (the API), `/oauth2`, `/_control`. */
  router: Router;
  state: SandboxState;
  context: SandboxContext;
  close(): void;
}

/** The Marketing API's route modules, in registration order (specific paths before general ones). */
const API_ROUTES: RouteModule[] = [pingRoutes, listRoutes];

/** A local Mailchimp: the Marketing API under /3.0, OAuth under /oauth2, the control API under /_control. */
export function createMailchimpSandbox(options: MailchimpSandboxOptions): MailchimpSandbox {
  const state = new SandboxState();
  const file = options.dataFile ? new StateFile(options.dataFile, () => state.data) : null;
  const saved = file?.load();
  if (saved) state.data = saved;
  const listeners: Array<(event: ListEvent) => void> = [];
  const context: SandboxContext = {
    state,
    emit: (event) => listeners.forEach((listener) => listener(event)),
    onEvent: (listener) => void listeners.push(listener),
    changed: () => file?.schedule(),
    baseUrl: options.baseUrl,
  };

  const api = Router();
  api.use(requestId, express.json({ limit: '20mb' }), authenticate(state), connectionLimiter(), triggerError);
  for (const register of API_ROUTES) register(api, context);
  api.use((_req, res) => sendProblem(res, MailchimpProblem.notFound()));
  api.use(problemHandler);

  const control = Router();
  control.use(requestId, express.json());
  accountControl(control, context);
  control.use(problemHandler);

  const router = Router();
  router.use('/3.0', api);
  router.use('/_control', control);
  return { router, state, context, close: () => file?.flush() };
}
