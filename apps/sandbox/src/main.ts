import express from 'express';
import { DEMO_ACCOUNT } from './mailchimp/demo/demo-account';
import { createMailchimpSandbox } from './mailchimp/mailchimp-sandbox';

/**
 * The sandboxes on their own, without the CRM: Mailchimp on MAILCHIMP_SANDBOX_PORT (default
 * 4010). MAILCHIMP_SANDBOX_DATA_FILE keeps its state across restarts; the demo account is created
 * on first start unless MAILCHIMP_SANDBOX_DEMO=false.
 */
function main(): void {
  const port = Number(process.env.MAILCHIMP_SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(
      `MAILCHIMP_SANDBOX_PORT must be a port number, got "${process.env.MAILCHIMP_SANDBOX_PORT}"`,
    );
    process.exit(1);
  }
  const publicUrl = process.env.MAILCHIMP_SANDBOX_URL ?? `http://127.0.0.1:${port}`;
  const mailchimp = createMailchimpSandbox({
    dataFile: process.env.MAILCHIMP_SANDBOX_DATA_FILE || undefined,
    baseUrl: () => publicUrl,
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(mailchimp.router);
  const server = app.listen(port, () => {
    console.log(`Mailchimp sandbox on ${publicUrl} (API at ${publicUrl}/3.0)`);
    if (process.env.MAILCHIMP_SANDBOX_DEMO === 'false') return;
    mailchimp
      .seedDemo()
      .then((created) => created && console.log(`Demo account ready: API key ${DEMO_ACCOUNT.apiKey}`))
      .catch((error: Error) => console.error(error.message));
  });
  const stop = () => {
    mailchimp.close();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
