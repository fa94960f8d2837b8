import type { Router } from 'express';
import type { SandboxContext } from '../context';
import { MailchimpProblem } from '../http/problem';
import { AccountSettings, SandboxAccount } from '../state';

/** What a new account's owner needs: its API key, its login and its OAuth client. */
export function accountCredentials(account: SandboxAccount, baseUrl: string) {
  return {
    account_id: account.id,
    name: account.name,
    dc: account.dc,
    api_key: account.apiKey,
    api_endpoint: `${baseUrl}/3.0`,
    login: { username: account.login.username, password: account.login.password, email: account.login.email },
    oauth: { client_id: account.oauthClient.clientId, client_secret: account.oauthClient.clientSecret },
  };
}

export function requireAccount(context: SandboxContext, id: string): SandboxAccount {
  const account = context.state.account(id);
  if (!account) throw MailchimpProblem.notFound(`Sandbox account ${id} does not exist.`);
  return account;
}

const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Validates a settings patch from the control API (latency, faults, limits). */
function settingsPatch(body: Record<string, unknown>, current: AccountSettings): AccountSettings {
  const errors: Array<{ field: string; message: string }> = [];
  const next = structuredClone(current);
  const numbers: Array<[string, unknown, (value: number) => void]> = [
    ['mergeFieldCap', body.mergeFieldCap, (v) => (next.mergeFieldCap = v)],
    ['maxConnections', body.maxConnections, (v) => (next.maxConnections = v)],
  ];
  const latency = (body.latency ?? {}) as Record<string, unknown>;
  numbers.push(['latency.fixedMs', latency.fixedMs, (v) => (next.latency.fixedMs = v)]);
  numbers.push(['latency.perMemberMs', latency.perMemberMs, (v) => (next.latency.perMemberMs = v)]);
  const faults = (body.faults ?? {}) as Record<string, unknown>;
  numbers.push(['faults.errorRate', faults.errorRate, (v) => (next.faults.errorRate = v)]);
  numbers.push(['faults.dropRate', faults.dropRate, (v) => (next.faults.dropRate = v)]);
  numbers.push(['faults.tooManyRequests', faults.tooManyRequests, (v) => (next.faults.tooManyRequests = v)]);
  numbers.push([
    'faults.internalServerErrors',
    faults.internalServerErrors,
    (v) => (next.faults.internalServerErrors = v),
  ]);
  numbers.push(['faults.slowMs', faults.slowMs, (v) => (next.faults.slowMs = v)]);
  for (const [field, value, apply] of numbers) {
    if (value === undefined) continue;
    if (!isNumber(value)) errors.push({ field, message: 'must be a non-negative number' });
    else if (field.endsWith('Rate') && (value as number) > 1)
      errors.push({ field, message: 'must be between 0 and 1' });
    else apply(value as number);
  }
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  return next;
}

/**
 * The outside world's side of the sandbox: accounts made and removed, limits and faults set.
 * Not part of Mailchimp's API; tests and the demo use it to start from a clean account.
 */
export function accountControl(router: Router, context: SandboxContext): void {
  router.post('/accounts', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.name !== undefined && typeof body.name !== 'string')
      throw MailchimpProblem.field('name', 'must be text');
    if (body.dc !== undefined && !(typeof body.dc === 'string' && /^[a-z]{2}\d{1,3}$/.test(body.dc)))
      throw MailchimpProblem.field('dc', 'must look like us1');
    const account = context.state.createAccount({
      name: body.name as string | undefined,
      dc: body.dc as string | undefined,
    });
    if (body.settings)
      account.settings = settingsPatch(body.settings as Record<string, unknown>, account.settings);
    context.changed();
    res.status(201).json(accountCredentials(account, context.baseUrl()));
  });

  router.get('/accounts/:account_id', (req, res) => {
    const account = requireAccount(context, req.params.account_id);
    res.json({ ...accountCredentials(account, context.baseUrl()), settings: account.settings });
  });

  router.patch('/accounts/:account_id/settings', (req, res) => {
    const account = requireAccount(context, req.params.account_id);
    account.settings = settingsPatch((req.body ?? {}) as Record<string, unknown>, account.settings);
    context.changed();
    res.json(account.settings);
  });

  router.delete('/accounts/:account_id', (req, res) => {
    requireAccount(context, req.params.account_id);
    context.state.deleteAccount(req.params.account_id);
    context.changed();
    res.status(204).end();
  });

  router.post('/reset', (_req, res) => {
    context.state.reset();
    context.changed();
    res.status(204).end();
  });
}
