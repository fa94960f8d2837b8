import 'reflect-metadata';
import { AppConfig, loadAppConfigOrExit } from '@crm/platform';
import { createApiApp } from './app.factory';
import { DEMO_ACCOUNT, MAILUP_DEMO_ACCOUNT } from '@crm/sandbox';
import { MAILCHIMP_SANDBOX_PATH, MAILUP_SANDBOX_PATH, SandboxHost } from './sandboxes/sandbox-host';
import { findWebBuild } from './web/web-ui';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit('CRM Connect');
  const app = await createApiApp(config);
  await app.listen(config.http.port, config.http.host);
  const url = `http://localhost:${config.http.port}`;
  const origin = config.http.publicUrl ?? url;
  // The sandboxes' demo accounts are filled through their own HTTP APIs, so only once the API
  // listens; a failure there leaves the CRM running and says why.
  const host = config.sandboxes ? app.get(SandboxHost) : undefined;
  const [mailchimpDemo, mailupDemo] = await Promise.all([
    seedMailchimpDemo(host, config).catch(
      (error: Error) => `\n  Mailchimp sandbox demo account not created: ${error.message}`,
    ),
    seedMailupDemo(host, config).catch(
      (error: Error) => `\n  MailUp sandbox demo account not created: ${error.message}`,
    ),
  ]);
  const sandbox = config.sandboxes
    ? `\n  Mailchimp sandbox: ${origin}${MAILCHIMP_SANDBOX_PATH}${mailchimpDemo}` +
      `\n  MailUp sandbox: ${origin}${MAILUP_SANDBOX_PATH}${mailupDemo}`
    : '';
  console.log(
    `\nCRM Connect is running at ${url}  (API docs: ${url}/api/docs)` +
      `\n  database: ${config.database.kind}${config.database.kind === 'sqlite' ? ` (${config.database.file})` : ''}` +
      `  queue: ${config.queue.kind}  worker in this process: ${config.runWorkerInApi ? 'yes' : 'no'}` +
      `${sandbox}` +
      (findWebBuild() ? '' : '\n  web UI: not built, so only the API answers (npm run build:web builds it)') +
      '\n',
  );
}

async function seedMailchimpDemo(host: SandboxHost | undefined, config: AppConfig): Promise<string> {
  if (!host || !config.demo.seed || !(await host.mailchimp.seedDemo())) return '';
  const { apiKey, login } = DEMO_ACCOUNT;
  return `\n  Mailchimp sandbox demo account created: API key ${apiKey}, login ${login.username} / ${login.password}`;
}

async function seedMailupDemo(host: SandboxHost | undefined, config: AppConfig): Promise<string> {
  if (!host || !config.demo.seed || !(await host.mailup.seedDemo())) return '';
  const { user, oauthClient } = MAILUP_DEMO_ACCOUNT;
  return (
    `\n  MailUp sandbox demo account created: login ${user.username} / ${user.password},` +
    ` client ${oauthClient.clientId} / ${oauthClient.clientSecret}`
  );
}

void bootstrap();
