import { SandboxHarness, rejection, audienceInput } from './support/mailchimp-sandbox.harness';
import { MailchimpOpenApi } from './support/openapi-validator';

const audience = audienceInput;

describe('Mailchimp sandbox: accounts, auth, lists, limits', () => {
  let h: SandboxHarness;

  beforeAll(async () => {
    h = await SandboxHarness.start();
  });
  afterAll(() => h.close());

  it('answers ping for an API key (Basic) and refuses other credentials with 401 problem+json', async () => {
    const account = await h.createAccount({ name: 'Ping' });
    expect(account.api_key).toMatch(/^[0-9a-f]{32}-us1$/);
    expect(await h.client({ apiKey: account.api_key }).ping.get()).toEqual({
      health_status: "Everything's Chimpy!",
    });
    const wrong = await rejection(h.client({ apiKey: 'nope-us1' }).ping.get());
    expect(wrong).toMatchObject({ status: 401, title: 'API Key Invalid' });
    const missing = await fetch(`${h.baseUrl}/3.0/ping`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const body = (await missing.json()) as { instance: string };
    expect(body).toMatchObject({
      title: 'API Key Missing',
      status: 401,
      type: expect.stringContaining('mailchimp.com'),
    });
    expect(body.instance).toBe(missing.headers.get('x-request-id'));
  });

  it('creates, reads, pages, edits and deletes audiences, with Mailchimp’s validation errors', async () => {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    const created = await client.lists.createList(audience('Clientes', { double_optin: true }));
    expect(created).toMatchObject({ name: 'Clientes', double_optin: true, stats: { member_count: 0 } });
    await client.lists.createList(audience('Prospectos'));
    const firstPage = await client.lists.getAllLists({ count: 1 });
    expect(firstPage.total_items).toBe(2);
    expect(firstPage.lists.map((l: { name: string }) => l.name)).toEqual(['Clientes']);
    const partial = await client.lists.getAllLists({ fields: ['lists.id', 'lists.name', 'total_items'] });
    expect(partial).toEqual({ lists: expect.any(Array), total_items: 2 });
    expect(Object.keys(partial.lists[0]).sort()).toEqual(['id', 'name']);
    const tooMany = await rejection(client.lists.getAllLists({ count: 1001 }));
    expect(tooMany).toMatchObject({ status: 400, title: 'Invalid Resource' });

    const invalid = await rejection(client.lists.createList({ name: 'No contact' }));
    expect(invalid).toMatchObject({ status: 400, title: 'Invalid Resource' });
    expect(invalid.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'contact.company' })]),
    );

    const edited = await client.lists.updateList(created.id, audience('Clientes VIP'));
    expect(edited.name).toBe('Clientes VIP');
    expect(await client.lists.deleteList(created.id)).toBeNull();
    expect(await rejection(client.lists.getList(created.id))).toMatchObject({
      status: 404,
      title: 'Resource Not Found',
    });
  });

  it('forces errors with X-Trigger-Error', async () => {
    const account = await h.createAccount();
    const response = await fetch(`${h.baseUrl}/3.0/ping`, {
      headers: {
        authorization: `Bearer ${account.api_key}`,
        'x-trigger-error': 'TooManyRequests',
      },
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ title: 'Too Many Requests', status: 429 });
  });

  it('refuses the eleventh simultaneous request of an account with 429, and only that account', async () => {
    const busy = await h.createAccount({ settings: { latency: { fixedMs: 800 } } });
    const other = await h.createAccount();
    const busyClient = h.client({ apiKey: busy.api_key });
    const settled = await Promise.allSettled(Array.from({ length: 11 }, () => busyClient.ping.get()));
    const refused = settled.filter((s) => s.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason.status).toBe(429);
    expect((refused[0] as PromiseRejectedResult).reason.response.body).toMatchObject({
      title: 'Too Many Requests',
      detail: 'You have exceeded the limit of 10 simultaneous connections.',
    });
    // While the first account is saturated again, another one is served.
    const again = Promise.allSettled(Array.from({ length: 10 }, () => busyClient.ping.get()));
    await expect(h.client({ apiKey: other.api_key }).ping.get()).resolves.toBeTruthy();
    expect((await again).every((s) => s.status === 'fulfilled')).toBe(true);
  });

  it('injects the faults the control API sets: 429 bursts, 500s, dropped connections, latency', async () => {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    const settings = (body: unknown) =>
      h.control(`/accounts/${account.account_id}/settings`, { method: 'PATCH', body });

    await settings({ faults: { tooManyRequests: 2 } });
    expect((await rejection(client.ping.get())).status).toBe(429);
    expect((await rejection(client.ping.get())).title).toBe('Too Many Requests');
    await expect(client.ping.get()).resolves.toBeTruthy();

    await settings({ faults: { errorRate: 1 } });
    expect(await rejection(client.ping.get())).toMatchObject({ status: 500, title: 'Internal Server Error' });

    await settings({ faults: { errorRate: 0, internalServerErrors: 1 } });
    expect((await rejection(client.ping.get())).status).toBe(500);
    await expect(client.ping.get()).resolves.toBeTruthy();

    await settings({ faults: { errorRate: 0, dropRate: 1 } });
    await expect(
      fetch(`${h.baseUrl}/3.0/ping`, { headers: { authorization: `Bearer ${account.api_key}` } }),
    ).rejects.toThrow();

    // Latency: a fixed cost per call plus a cost per member it carries.
    await settings({ faults: { dropRate: 0 }, latency: { fixedMs: 50, perMemberMs: 2 } });
    const list = await client.lists.createList(audience('Latency'));
    const started = Date.now();
    await client.lists.batchListMembers(list.id, {
      members: Array.from({ length: 100 }, (_, i) => ({
        email_address: `m${i}@latency.example.org`,
        status: 'subscribed',
      })),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(50 + 100 * 2);
  });

  it('validates its control input', async () => {
    const bad = await h.control('/accounts', { body: { settings: { faults: { errorRate: 3 } } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: unknown }).errors).toEqual([
      { field: 'faults.errorRate', message: 'must be between 0 and 1' },
    ]);
  });

  it('conforms to the OpenAPI copy of the official spec in every exchange above', () => {
    expect(h.exchanges.length).toBeGreaterThan(10);
    expect(h.conformance()).toEqual([]);
  });

  it('has a validator that catches a wrong response', () => {
    const openApi = new MailchimpOpenApi();
    const wrong = openApi.check({
      method: 'GET',
      path: '/lists/abc123',
      status: 200,
      requestBody: undefined,
      responseBody: { id: 42, name: ['not', 'text'], double_optin: 'yes' },
      contentType: 'application/json',
    });
    expect(wrong).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/id must be string'),
        expect.stringContaining('/double_optin must be boolean'),
      ]),
    );
  });
});
