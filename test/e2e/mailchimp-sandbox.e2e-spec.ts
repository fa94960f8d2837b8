import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startTestApp, TestApp } from '../support/test-app';
import type { MailchimpClient } from '../sandbox/support/mailchimp-sandbox.harness';

// The official client, as the connector uses it (one instance per account).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ApiClient = require('@mailchimp/mailchimp_marketing/src/ApiClient') as new () => MailchimpClient;

interface Credentials {
  account_id: string;
  api_key: string;
  api_endpoint: string;
}

describe('Mailchimp sandbox mounted in the API process', () => {
  let api: TestApp;
  let origin: string;

  beforeAll(async () => {
    api = await startTestApp('sqlite', { sandboxes: true });
    await api.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${((api.app.getHttpServer() as Server).address() as AddressInfo).port}`;
  });
  afterAll(() => api?.close());

  const createAccount = async (): Promise<Credentials> => {
    const response = await fetch(`${origin}/sandbox/mailchimp/_control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Embedded' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Credentials;
  };

  it('answers /sandbox/mailchimp/3.0 for an account made through its control API', async () => {
    const account = await createAccount();
    expect(account.api_endpoint).toBe(`${origin}/sandbox/mailchimp/3.0`);

    const client = new ApiClient();
    client.basePath = account.api_endpoint;
    client.setConfig({ apiKey: account.api_key });
    expect(await client.ping.get()).toEqual({ health_status: "Everything's Chimpy!" });

    const refused = await fetch(`${origin}/sandbox/mailchimp/3.0/ping`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    // The CRM's own API is unaffected.
    expect((await fetch(`${origin}/api/health`)).status).toBe(200);
  });

  it('parses its own request bodies, past the 2 MB the CRM API accepts, and OAuth forms', async () => {
    const account = await createAccount();
    const huge = JSON.stringify({
      email_address: 'big@example.com',
      merge_fields: { NOTE: 'x'.repeat(3_000_000) },
    });
    const batch = await fetch(`${origin}/sandbox/mailchimp/3.0/batches`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`any:${account.api_key}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ operations: [{ method: 'POST', path: '/lists/none/members', body: huge }] }),
    });
    expect(batch.status).toBe(200);
    expect(await batch.json()).toMatchObject({ status: 'pending' });

    const token = await fetch(`${origin}/sandbox/mailchimp/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password' }).toString(),
    });
    expect(token.status).toBe(400);
    expect(await token.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('keeps its state in the data directory', async () => {
    const account = await createAccount();
    const dataFile = path.join(api.config.dataDir, 'sandbox-mailchimp.json');
    // Saved shortly after each change (earlier tests may have written the file already).
    const savedAccounts = () =>
      fs.existsSync(dataFile)
        ? (JSON.parse(fs.readFileSync(dataFile, 'utf8')) as { accounts: Record<string, unknown> }).accounts
        : {};
    for (let attempt = 0; attempt < 50 && !savedAccounts()[account.account_id]; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const saved = { accounts: savedAccounts() };
    expect(saved.accounts[account.account_id]).toBeDefined();
  });
});

describe('Mailchimp sandbox disabled', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp('sqlite', { sandboxes: false });
  });
  afterAll(() => api?.close());

  it('is not served', async () => {
    const ping = await api.http().get('/sandbox/mailchimp/3.0/ping');
    expect(ping.status).toBe(404);
    const control = await api.http().post('/sandbox/mailchimp/_control/accounts').send({});
    expect(control.status).toBe(404);
    expect(fs.existsSync(path.join(api.config.dataDir, 'sandbox-mailchimp.json'))).toBe(false);
  });
});
