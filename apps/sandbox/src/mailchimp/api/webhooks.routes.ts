import type { RouteModule } from '../context';
import { project } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import { Audience, hexId, ListWebhook } from '../state';
import { parseWebhookUrl, probeWebhookUrl, sameEndpoint } from '../webhooks/webhook-url';
import { requireList, typeName } from './lists.routes';

/**
 * List webhooks: `/lists/{list_id}/webhooks`. Like Mailchimp, a new URL must answer a GET before
 * it is accepted, and two webhooks of a list may not share a URL that differs only in its query.
 * Events and sources not given are switched on.
 */

const EVENTS = ['subscribe', 'unsubscribe', 'profile', 'cleaned', 'upemail', 'campaign'] as const;
const SOURCES = ['user', 'admin', 'api'] as const;

type FieldError = { field: string; message: string };

export function webhookView(list: Audience, webhook: ListWebhook) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    sources: webhook.sources,
    list_id: list.id,
    _links: [],
  };
}

function requireWebhook(list: Audience, id: string): ListWebhook {
  const webhook = list.webhooks[id];
  if (!webhook) throw MailchimpProblem.notFound();
  return webhook;
}

/** A `{name: boolean}` object of the body merged over `current`; wrong types become errors. */
function switches<K extends string>(
  value: unknown,
  field: string,
  keys: readonly K[],
  current: Record<K, boolean>,
  errors: FieldError[],
): Record<K, boolean> {
  const next = { ...current };
  if (value === undefined) return next;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ field, message: `Schema describes object, ${typeName(value)} found instead` });
    return next;
  }
  for (const key of keys) {
    const flag = (value as Record<string, unknown>)[key];
    if (flag === undefined) continue;
    if (typeof flag === 'boolean') next[key] = flag;
    else
      errors.push({
        field: `${field}.${key}`,
        message: `Schema describes boolean, ${typeName(flag)} found instead`,
      });
  }
  return next;
}

function urlError(value: unknown, required: boolean): FieldError | undefined {
  if (value === undefined || value === '')
    return required ? { field: 'url', message: 'This value should not be blank.' } : undefined;
  if (typeof value !== 'string')
    return { field: 'url', message: `Schema describes string, ${typeName(value)} found instead` };
  return parseWebhookUrl(value) ? undefined : { field: 'url', message: 'Invalid URL' };
}

/** Refuses a URL another webhook of the list already uses, then asks the URL itself. */
async function acceptUrl(list: Audience, url: string, self?: string): Promise<void> {
  if (Object.values(list.webhooks).some((other) => other.id !== self && sameEndpoint(other.url, url)))
    throw MailchimpProblem.field('url', 'A webhook with this URL already exists for this list.');
  const status = await probeWebhookUrl(url);
  if (status < 200 || status > 299)
    throw MailchimpProblem.invalidResource(
      `We couldn't verify the URL is working. Please double check and try again. HTTP Code: ${status}`,
    );
}

const allOn = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, true])) as Record<K, boolean>;

export const webhookRoutes: RouteModule = (router, context) => {
  router.get('/lists/:list_id/webhooks', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const webhooks = Object.values(list.webhooks).map((webhook) => webhookView(list, webhook));
    res.json(project(req, { webhooks, list_id: list.id, total_items: webhooks.length, _links: [] }));
  });

  router.post('/lists/:list_id/webhooks', async (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors: FieldError[] = [];
    const badUrl = urlError(body.url, true);
    if (badUrl) errors.push(badUrl);
    const events = switches(body.events, 'events', EVENTS, allOn(EVENTS), errors);
    const sources = switches(body.sources, 'sources', SOURCES, allOn(SOURCES), errors);
    if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
    const url = body.url as string;
    await acceptUrl(list, url);
    const webhook: ListWebhook = { id: hexId(5), url, events, sources, enabled: true };
    list.webhooks[webhook.id] = webhook;
    context.changed();
    res.json(webhookView(list, webhook));
  });

  router.get('/lists/:list_id/webhooks/:webhook_id', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    res.json(project(req, webhookView(list, requireWebhook(list, req.params.webhook_id))));
  });

  router.patch('/lists/:list_id/webhooks/:webhook_id', async (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const webhook = requireWebhook(list, req.params.webhook_id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors: FieldError[] = [];
    const badUrl = urlError(body.url, false);
    if (badUrl) errors.push(badUrl);
    const events = switches(body.events, 'events', EVENTS, webhook.events, errors);
    const sources = switches(body.sources, 'sources', SOURCES, webhook.sources, errors);
    if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
    const url = typeof body.url === 'string' && body.url !== '' ? body.url : webhook.url;
    if (url !== webhook.url) await acceptUrl(list, url, webhook.id);
    Object.assign(webhook, { url, events, sources });
    context.changed();
    res.json(webhookView(list, webhook));
  });

  router.delete('/lists/:list_id/webhooks/:webhook_id', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    requireWebhook(list, req.params.webhook_id);
    delete list.webhooks[req.params.webhook_id];
    context.changed();
    res.status(204).end();
  });
};
