import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startTestApp, TestApp } from '../support/test-app';

interface Credentials {
  accountId: number;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
}

describe('MailUp sandbox mounted in the API process', () => {
  let api: TestApp;
  let root: string;

  beforeAll(async () => {
    api = await startTestApp('sqlite', { sandboxes: true });
    await api.app.listen(0, '127.0.0.1');
    const port = ((api.app.getHttpServer() as Server).address() as AddressInfo).port;
    root = `http://127.0.0.1:${port}/sandbox/mailup`;
  });
  afterAll(() => api?.close());

  const createAccount = async (): Promise<Credentials> => {
    const response = await fetch(`${root}/_control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ company: 'Embedded' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Credentials;
  };

  it('serves OAuth (form bodies) and the Console service at MailUp’s paths below /sandbox/mailup', async () => {
    const account = await createAccount();
    const token = await fetch(`${root}/Authorization/OAuth/Token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: account.clientId,
        client_secret: account.clientSecret,
        username: account.username,
        password: account.password,
      }).toString(),
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };

    const info = await fetch(`${root}/API/v1.1/Rest/ConsoleService.svc/Console/Authentication/Info`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await info.json()).toMatchObject({ Company: 'Embedded', Username: account.username });
    const refused = await fetch(`${root}/API/v1.1/Rest/ConsoleService.svc/Console/List`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ ErrorCode: '401', ErrorName: 'Unauthorized' });
    // The CRM's own API and the Mailchimp sandbox are unaffected.
    expect((await fetch(`${root.replace('/sandbox/mailup', '')}/api/health`)).status).toBe(200);
    expect((await fetch(`${root.replace('mailup', 'mailchimp')}/3.0/ping`)).status).toBe(401);
  });

  it('keeps its state in the data directory', async () => {
    const account = await createAccount();
    const dataFile = path.join(api.config.dataDir, 'sandbox-mailup.json');
    const saved = () =>
      fs.existsSync(dataFile)
        ? (JSON.parse(fs.readFileSync(dataFile, 'utf8')) as { accounts: Record<string, unknown> }).accounts
        : {};
    for (let attempt = 0; attempt < 50 && !saved()[account.accountId]; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(saved()[account.accountId]).toBeDefined();
  });
});

describe('MailUp sandbox disabled', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp('sqlite', { sandboxes: false });
  });
  afterAll(() => api?.close());

  it('is not served', async () => {
    expect((await api.http().post('/sandbox/mailup/_control/accounts').send({})).status).toBe(404);
    expect(
      (await api.http().get('/sandbox/mailup/API/v1.1/Rest/ConsoleService.svc/Console/List')).status,
    ).toBe(404);
    expect(fs.existsSync(path.join(api.config.dataDir, 'sandbox-mailup.json'))).toBe(false);
  });
});
