import { DataSource } from 'typeorm';
import { ConnectorConnection } from '@crm/connector-sdk';
import type { SandboxAccountCredentials } from '../sandbox/support/mailchimp-sandbox.harness';
import { MailchimpFixture } from './mailchimp-fixture';

/**
 * Point 1's OAuth path: the admin is sent to Mailchimp's (here the sandbox's) consent page, signs
 * in and allows; the callback exchanges the code, reads the data center from the metadata
 * endpoint and connects the installation. The OAuth app comes from configuration.
 */
describe('Mailchimp OAuth against the sandbox', () => {
  jest.setTimeout(60_000);
  let f: MailchimpFixture;
  let owner: SandboxAccountCredentials;

  beforeAll(async () => {
    f = await MailchimpFixture.start('sqlite', async (sandbox) => {
      owner = await sandbox.createAccount({ name: 'Dueño OAuth' });
      return { clientId: owner.oauth.client_id, clientSecret: owner.oauth.client_secret };
    });
  });
  afterAll(() => f?.close());

  it('authorizes through the consent page and learns the data center from the metadata endpoint', async () => {
    const tenant = await f.t.createTenant('OAuth');
    const auth = { Authorization: `Bearer ${tenant.adminToken}` };
    const installationId = await f.install(tenant);

    const begin = await f.t
      .http()
      .get(`/api/installations/${installationId}/authorize`)
      .set(auth)
      .set('Accept', 'application/json')
      .expect(200);
    const authorizeUrl = new URL(begin.body.url);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${f.sandbox.baseUrl}/oauth2/authorize`);
    expect(authorizeUrl.searchParams.get('client_id')).toBe(owner.oauth.client_id);

    // The admin signs in on the consent page and allows the app.
    const consent = await fetch(`${f.sandbox.baseUrl}/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...Object.fromEntries(authorizeUrl.searchParams),
        username: owner.login.username,
        password: owner.login.password,
        decision: 'allow',
      }),
    });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.headers.get('location')!);
    expect(callback.searchParams.get('code')).toBeTruthy();

    await f.t.http().get(`${callback.pathname}${callback.search}`).expect(302);
    const installation = (await f.t.http().get(`/api/installations/${installationId}`).set(auth).expect(200))
      .body;
    expect(installation.status).toBe('ACTIVE');
    const connection = await f.t.app
      .get(DataSource)
      .getRepository(ConnectorConnection)
      .findOneByOrFail({ installationId });
    expect(connection).toMatchObject({
      authKind: 'oauth2',
      accountId: owner.account_id,
      metadata: { dc: owner.dc, apiEndpoint: f.sandbox.baseUrl },
    });
    // The token works through the installation: its audiences are listed.
    await f.t.http().get(`/api/installations/${installationId}/lists`).set(auth).expect(200);
  });
});
