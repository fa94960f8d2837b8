import express, { Router, type RequestHandler } from 'express';
import { StateFile } from '../shared/state-file';
import { authenticationRoutes } from './console/authentication.routes';
import { dynamicFieldRoutes } from './console/dynamic-fields.routes';
import { groupRoutes } from './console/groups.routes';
import { importRoutes } from './console/imports.routes';
import { listRoutes } from './console/lists.routes';
import { messageRoutes } from './console/messages.routes';
import { recipientReadRoutes } from './console/recipients-read.routes';
import { recipientWriteRoutes } from './console/recipients-write.routes';
import type { MailupContext, RouteModule } from './context';
import { accountControl } from './control/accounts.control';
import { listControl } from './control/lists.control';
import { messageControl } from './control/messages.control';
import { recipientControl } from './control/recipients.control';
import { seedDemoAccount } from './demo/demo-account';
import { MailupError, mailupErrorHandler } from './http/mailup-error';
import { authenticate, injectedConditions, throttle } from './http/pipeline';
import { RequestLog } from './http/request-log';
import { oauthRouter } from './oauth/oauth.routes';
import { ImportScheduler } from './recipients/import-runner';
import { messageStatisticRoutes } from './statistics/message-statistics.routes';
import { recipientStatisticRoutes } from './statistics/recipient-statistics.routes';
import { MailupState, type MailupStateData } from './state';

export interface MailupSandboxOptions {
  /** JSON file the state is kept in across restarts; in memory only when absent. */
  dataFile?: string;
  /** Where the sandbox is reachable (scheme, host, port and mount path). */
  baseUrl: () => string;
}

export interface MailupSandbox {
  /**
   * Mount it anywhere: MailUp's own paths below it (`/Authorization/OAuth/…`,
   * `/API/v1.1/Rest/ConsoleService.svc/Console/…`, `/API/v1.1/Rest/MailStatisticsService.svc/…`)
   * and the control API under `/_control`.
   */
  router: Router;
  state: MailupState;
  /** Creates and fills the demo account (fixed credentials) unless it exists; needs the router to be listening. */
  seedDemo(): Promise<boolean>;
  close(): void;
}

const API_PATH = '/API';
/** Below API_PATH, as below MailUp's host. */
const CONSOLE_SERVICE_PATH = '/v1.1/Rest/ConsoleService.svc';
const STATISTICS_SERVICE_PATH = '/v1.1/Rest/MailStatisticsService.svc';
export const OAUTH_PATH = '/Authorization/OAuth';

/** The Console service's route modules, below `/Console`. */
const CONSOLE_ROUTES: RouteModule[] = [
  authenticationRoutes,
  listRoutes,
  groupRoutes,
  recipientReadRoutes,
  recipientWriteRoutes,
  importRoutes,
  dynamicFieldRoutes,
  messageRoutes,
];

/** The Statistics service's route modules. */
const STATISTICS_ROUTES: RouteModule[] = [messageStatisticRoutes, recipientStatisticRoutes];

const notFound: RequestHandler = (req, _res, next) =>
  next(MailupError.notFound(`Endpoint not found: ${req.method} ${req.originalUrl}`));

/** A router that answers what its modules do not with MailUp's 404, and every error in MailUp's shape. */
function serviceRouter(modules: RouteModule[], context: MailupContext): Router {
  const router = Router();
  for (const register of modules) register(router, context);
  router.use(notFound, mailupErrorHandler);
  return router;
}

/** A local MailUp: OAuth, the Console and Statistics services at MailUp's paths, the control API. */
export function createMailupSandbox(options: MailupSandboxOptions): MailupSandbox {
  const state = new MailupState();
  const file = options.dataFile ? new StateFile<MailupStateData>(options.dataFile, () => state.data) : null;
  const saved = file?.load();
  if (saved) state.data = saved;
  const imports = new ImportScheduler(() => context);
  const requests = new RequestLog();
  const context: MailupContext = {
    state,
    changed: () => file?.schedule(),
    baseUrl: options.baseUrl,
    scheduleImport: (account, job) => imports.schedule(account, job),
    requests,
  };
  imports.resumePending();

  // One pipeline for both services: the throttle counts an account's calls to either.
  const api = Router();
  api.use(
    express.json({ limit: '20mb' }),
    authenticate(state),
    requests.middleware(),
    throttle(),
    injectedConditions(),
  );
  api.use(`${CONSOLE_SERVICE_PATH}/Console`, serviceRouter(CONSOLE_ROUTES, context));
  api.use(STATISTICS_SERVICE_PATH, serviceRouter(STATISTICS_ROUTES, context));
  api.use(notFound, mailupErrorHandler);

  const control = Router();
  control.use(express.json());
  accountControl(control, context);
  listControl(control, context);
  recipientControl(control, context);
  messageControl(control, context);
  control.use(notFound, mailupErrorHandler);

  const router = Router();
  router.use(OAUTH_PATH, oauthRouter(context));
  router.use('/_control', control);
  router.use(API_PATH, api);
  const close = () => {
    imports.close();
    file?.flush();
  };
  return { router, state, seedDemo: () => seedDemoAccount(context), close };
}
