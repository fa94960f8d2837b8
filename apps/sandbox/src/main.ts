import express, { type Router } from 'express';
import { DEMO_ACCOUNT } from './mailchimp/demo/demo-account';
import { createMailchimpSandbox } from './mailchimp/mailchimp-sandbox';
import { MAILUP_DEMO_ACCOUNT } from './mailup/demo/demo-account';
import { createMailupSandbox } from './mailup/mailup-sandbox';

/**
 * The sandboxes on their own, without the CRM, each on its port: Mailchimp on
 * MAILCHIMP_SANDBOX_PORT (default 4010), MailUp on MAILUP_SANDBOX_PORT (default 4011).
 * <VENDOR>_SANDBOX_DATA_FILE keeps a sandbox's state across restarts; its demo account is created
 * on first start unless <VENDOR>_SANDBOX_DEMO=false.
 */

interface Served {
  router: Router;
  seedDemo(): Promise<boolean>;
  close(): void;
}

interface SandboxSetup {
  name: string;
  /** MAILCHIMP or MAILUP: the prefix of its variables. */
  prefix: string;
  defaultPort: number;
  create(options: { dataFile?: string; baseUrl: () => string }): Served;
  describe(publicUrl: string): string;
  demoLine: string;
}

const SANDBOXES: SandboxSetup[] = [
  {
    name: 'Mailchimp',
    prefix: 'MAILCHIMP',
    defaultPort: 4010,
    create: createMailchimpSandbox,
    describe: (url) => `API at ${url}/3.0`,
    demoLine: `API key ${DEMO_ACCOUNT.apiKey}`,
  },
  {
    name: 'MailUp',
    prefix: 'MAILUP',
    defaultPort: 4011,
    create: createMailupSandbox,
    describe: (url) => `Console at ${url}/API/v1.1/Rest/ConsoleService.svc`,
    demoLine:
      `login ${MAILUP_DEMO_ACCOUNT.user.username} / ${MAILUP_DEMO_ACCOUNT.user.password}, ` +
      `client ${MAILUP_DEMO_ACCOUNT.oauthClient.clientId} / ${MAILUP_DEMO_ACCOUNT.oauthClient.clientSecret}`,
  },
];

function portOf(setup: SandboxSetup): number {
  const variable = `${setup.prefix}_SANDBOX_PORT`;
  const port = Number(process.env[variable] ?? setup.defaultPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${variable} must be a port number, got "${process.env[variable]}"`);
    process.exit(1);
  }
  return port;
}

function serve(setup: SandboxSetup): () => Promise<void> {
  const port = portOf(setup);
  const env = (name: string) => process.env[`${setup.prefix}_SANDBOX_${name}`];
  const publicUrl = env('URL') ?? `http://127.0.0.1:${port}`;
  const sandbox = setup.create({ dataFile: env('DATA_FILE') || undefined, baseUrl: () => publicUrl });
  const app = express();
  app.disable('x-powered-by');
  app.use(sandbox.router);
  const server = app.listen(port, () => {
    console.log(`${setup.name} sandbox on ${publicUrl} (${setup.describe(publicUrl)})`);
    if (env('DEMO') === 'false') return;
    sandbox
      .seedDemo()
      .then((created) => created && console.log(`${setup.name} demo account ready: ${setup.demoLine}`))
      .catch((error: Error) => console.error(error.message));
  });
  return () =>
    new Promise((resolve) => {
      sandbox.close();
      server.close(() => resolve());
    });
}

function main(): void {
  const stops = SANDBOXES.map(serve);
  const stop = () => void Promise.all(stops.map((s) => s())).then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
