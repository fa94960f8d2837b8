import express, { Router } from 'express';
import type { ListEvent, RouteModule, SandboxContext } from './context';
import { accountControl } from './control/accounts.control';
import { batchSubscribeRoutes } from './api/batch-subscribe.routes';
import { batchRoutes } from './api/batches.routes';
import { ecommerceRoutes } from './api/ecommerce.routes';
import { batchResultsRouter } from './batches/results-link';
import { ecommerceControl } from './control/ecommerce.control';
import { oauthControl } from './control/oauth.control';
import { oauthRouter } from './oauth/oauth.routes';
import { campaignRoutes } from './api/campaigns.routes';
import { reportRoutes } from './api/reports.routes';
import { campaignControl } from './control/campaigns.control';
import { listRoutes } from './api/lists.routes';
import { memberTagRoutes } from './api/member-tags.routes';
import { memberRoutes } from './api/members.routes';
import { mergeFieldRoutes } from './api/merge-fields.routes';
import { pingRoutes } from './api/ping.routes';
import { segmentRoutes } from './api/segments.routes';
import { webhookRoutes } from './api/webhooks.routes';
import { subscriberControl } from './control/subscribers.control';
import { WebhookDeliveryOptions, WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { MailchimpProblem, problemHandler, sendProblem } from './http/problem';
import { authenticate, connectionLimiter, requestId, triggerError } from './http/pipeline';
import { seedDemoAccount } from './demo/demo-account';
import { StateFile } from '../shared/state-file';
import { SandboxState, type SandboxStateData } from './state';

export interface MailchimpSandboxOptions {
  /** JSON file the state is kept in across restarts; in memory only when absent. */
  dataFile?: string;
  /** Where the sandbox is reachable (scheme, host, port and mount path), for URLs it hands out. */
  baseUrl: () => string;
  /** Retry schedule and timeout of list webhook deliveries (Mailchimp's by default). */
  webhooks?: Partial<WebhookDeliveryOptions>;
}

export interface MailchimpSandbox {
  /** Mount it anywhere: `/3.0` (the API), `/oauth2`, `/_control`, `/_results` (batch results). */
  router: Router;
  state: SandboxState;
  context: SandboxContext;
  /** Delivers list events to list webhooks; `configure()` shortens retries, `idle()` awaits deliveries. */
  webhooks: WebhookDispatcher;
  /** Creates and fills the demo account (fixed credentials) unless it exists; needs the router to be listening. */
  seedDemo(): Promise<boolean>;
  close(): void;
}

/** The Marketing API's route modules, in registration order (specific paths before general ones). */
const API_ROUTES: RouteModule[] = [
  pingRoutes,
  listRoutes,
  memberRoutes,
  memberTagRoutes,
  mergeFieldRoutes,
  batchSubscribeRoutes,
  segmentRoutes,
  webhookRoutes,
  campaignRoutes,
  reportRoutes,
  batchRoutes,
  ecommerceRoutes,
];

/** A local Mailchimp: the Marketing API under /3.0, OAuth under /oauth2, the control API under /_control. */
export function createMailchimpSandbox(options: MailchimpSandboxOptions): MailchimpSandbox {
  const state = new SandboxState();
  const file = options.dataFile ? new StateFile<SandboxStateData>(options.dataFile, () => state.data) : null;
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
  subscriberControl(control, context);
  campaignControl(control, context);
  ecommerceControl(control, context);
  oauthControl(control, context);
  control.use(problemHandler);

  const router = Router();
  router.use('/3.0', api);
  router.use('/_control', control);
  router.use('/oauth2', oauthRouter(context));
  // Batch results, on signed URLs that need no API key (as a storage bucket serves them).
  router.use('/_results', batchResultsRouter(context));
  const webhooks = new WebhookDispatcher(context, options.webhooks);
  const close = () => {
    webhooks.close();
    file?.flush();
  };
  return { router, state, context, webhooks, seedDemo: () => seedDemoAccount(context), close };
}
