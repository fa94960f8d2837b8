import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rejection, SandboxHarness, audienceInput } from './support/mailchimp-sandbox.harness';

const audience = audienceInput;

interface Received {
  method: string;
  path: string;
  userAgent: string;
  contentType: string;
  form: Record<string, string>;
  at: number;
}

/** A webhook receiver on a free port: records every request, answers with the scripted statuses. */
class Receiver {
  readonly requests: Received[] = [];
  private readonly scripts = new Map<string, number[]>();
  private readonly delays = new Map<string, number[]>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void receiver.handle(req).then((status) => res.writeHead(status).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The statuses the next POSTs to `path` get, in order (200 once they run out). */
  answer(path: string, ...statuses: number[]): void {
    this.scripts.set(path, statuses);
  }

  /** Delays of the next POSTs to `path`, in order. */
  stall(path: string, ...delaysMs: number[]): void {
    this.delays.set(path, delaysMs);
  }

  posts(path: string): Received[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === path);
  }

  async waitFor(path: string, count: number): Promise<Received[]> {
    const deadline = Date.now() + 5000;
    while (this.posts(path).length < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    return this.posts(path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').split('?')[0];
    this.requests.push({
      method: req.method ?? '',
      path,
      userAgent: req.headers['user-agent'] ?? '',
      contentType: req.headers['content-type'] ?? '',
      form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      at: Date.now(),
    });
    if (path === '/missing') return 404;
    if (req.method !== 'POST') return 200;
    const delay = this.delays.get(path)?.shift();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    return this.scripts.get(path)?.shift() ?? 200;
  }
}

const FIRED_AT = expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

describe('Mailchimp sandbox: list webhooks and their deliveries', () => {
  let h: SandboxHarness;
  let receiver: Receiver;

  beforeAll(async () => {
    h = await SandboxHarness.start();
    h.sandbox.webhooks.configure({ retryDelaysMs: [50, 100, 150], timeoutMs: 200 });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  /** An account with one audience, its official client and a control path for the audience. */
  async function setup(extra: Record<string, unknown> = {}) {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    const list = await client.lists.createList(audience('Clientes', extra));
    const act = async (path: string, body: Record<string, unknown> = {}, method = 'POST') => {
      const response = await h.control(`/accounts/${account.account_id}/lists/${list.id}${path}`, {
        method,
        body,
      });
      return {
        status: response.status,
        body: (await response.json()) as Record<string, unknown> & { id: string },
      };
    };
    return { account, client, list, act };
  }

  it('creates, reads, edits and deletes webhooks after checking the URL with a GET', async () => {
    const { client, list } = await setup();
    const created = await client.lists.createListWebhook(list.id, {
      url: receiver.url('/crud'),
      events: { campaign: false },
      sources: { api: false },
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{10}$/),
      url: receiver.url('/crud'),
      events: {
        subscribe: true,
        unsubscribe: true,
        profile: true,
        cleaned: true,
        upemail: true,
        campaign: false,
      },
      sources: { user: true, admin: true, api: false },
      list_id: list.id,
      _links: [],
    });
    expect(receiver.requests.filter((r) => r.path === '/crud')).toEqual([
      expect.objectContaining({ method: 'GET', userAgent: 'MailChimp.com WebHook Validator' }),
    ]);

    const all = await client.lists.getListWebhooks(list.id);
    expect(all).toMatchObject({ list_id: list.id, total_items: 1, webhooks: [{ id: created.id }] });
    expect(await client.lists.getListWebhook(list.id, created.id)).toMatchObject({
      url: receiver.url('/crud'),
    });

    const edited = await client.lists.updateListWebhook(list.id, created.id, {
      events: { campaign: true, upemail: false },
    });
    expect(edited.events).toEqual({
      subscribe: true,
      unsubscribe: true,
      profile: true,
      cleaned: true,
      upemail: false,
      campaign: true,
    });
    expect(edited.sources).toEqual({ user: true, admin: true, api: false });

    // The same endpoint with another query string is the same webhook to Mailchimp.
    const twin = await rejection(
      client.lists.createListWebhook(list.id, { url: `${receiver.url('/crud')}?x=1` }),
    );
    expect(twin).toMatchObject({ status: 400, title: 'Invalid Resource', errors: [{ field: 'url' }] });

    expect(await client.lists.deleteListWebhook(list.id, created.id)).toBeNull();
    expect(await rejection(client.lists.getListWebhook(list.id, created.id))).toMatchObject({
      status: 404,
      title: 'Resource Not Found',
    });
    expect(await rejection(client.lists.getListWebhooks('nolist'))).toMatchObject({ status: 404 });
  });

  it('refuses malformed input and URLs that do not answer the validation GET', async () => {
    const { client, list } = await setup();
    expect(await rejection(client.lists.createListWebhook(list.id, { url: 'not a url' }))).toMatchObject({
      status: 400,
      title: 'Invalid Resource',
      errors: [{ field: 'url', message: 'Invalid URL' }],
    });
    expect(await rejection(client.lists.createListWebhook(list.id, {}))).toMatchObject({
      status: 400,
      errors: [{ field: 'url', message: 'This value should not be blank.' }],
    });
    const wrongTypes = await rejection(
      client.lists.createListWebhook(list.id, { url: receiver.url('/typed'), events: { subscribe: 'yes' } }),
    );
    expect(wrongTypes).toMatchObject({
      status: 400,
      errors: [{ field: 'events.subscribe', message: 'Schema describes boolean, string found instead' }],
    });

    expect(
      await rejection(client.lists.createListWebhook(list.id, { url: receiver.url('/missing') })),
    ).toMatchObject({
      status: 400,
      title: 'Invalid Resource',
      detail: "We couldn't verify the URL is working. Please double check and try again. HTTP Code: 404",
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(
      await rejection(client.lists.createListWebhook(list.id, { url: `http://127.0.0.1:${port}/hook` })),
    ).toMatchObject({
      status: 400,
      detail: "We couldn't verify the URL is working. Please double check and try again. HTTP Code: 0",
    });
    expect((await client.lists.getListWebhooks(list.id)).total_items).toBe(0);
  });

  it('posts every event type form-encoded with Mailchimp’s fields', async () => {
    const { account, client, list, act } = await setup();
    await client.lists.createListWebhook(list.id, { url: receiver.url('/events') });

    const signup = await act('/signups', {
      email_address: 'Ana@Example.com',
      merge_fields: { FNAME: 'Ana', LNAME: 'García' },
      ip: '203.0.113.7',
    });
    expect(signup).toMatchObject({
      status: 201,
      body: { status: 'subscribed', source: 'Hosted Signup Form' },
    });
    const ana = signup.body as { id: string; unique_email_id: string; web_id: number };
    const merges = (fname: string) => ({
      'data[merges][EMAIL]': 'ana@example.com',
      'data[merges][FNAME]': fname,
      'data[merges][LNAME]': 'García',
      'data[merges][ADDRESS]': '',
      'data[merges][PHONE]': '',
    });
    const [subscribe] = await receiver.waitFor('/events', 1);
    expect(subscribe.contentType).toBe('application/x-www-form-urlencoded');
    expect(subscribe.userAgent).toBe('MailChimp.com');
    expect(subscribe.form).toEqual({
      type: 'subscribe',
      fired_at: FIRED_AT,
      'data[id]': ana.unique_email_id,
      'data[list_id]': list.id,
      'data[email]': 'ana@example.com',
      'data[email_type]': 'html',
      'data[ip_opt]': '203.0.113.7',
      'data[ip_signup]': '203.0.113.7',
      'data[web_id]': String(ana.web_id),
      ...merges('Ana'),
    });

    expect(
      (await act(`/members/${ana.id}/profile`, { merge_fields: { FNAME: 'Ana María' } }, 'PATCH')).status,
    ).toBe(200);
    const profile = (await receiver.waitFor('/events', 2))[1];
    expect(profile.form).toEqual({
      type: 'profile',
      fired_at: FIRED_AT,
      'data[id]': ana.unique_email_id,
      'data[list_id]': list.id,
      'data[email]': 'ana@example.com',
      'data[email_type]': 'html',
      'data[ip_opt]': '203.0.113.7',
      'data[web_id]': String(ana.web_id),
      ...merges('Ana María'),
    });

    const unsubscribe = await act(`/members/${ana.id}/unsubscribe`, { campaign_id: 'c0ffee1234' });
    expect(unsubscribe.body).toMatchObject({
      status: 'unsubscribed',
      unsubscribe_reason: expect.any(String),
    });
    expect((await receiver.waitFor('/events', 3))[2].form).toEqual({
      type: 'unsubscribe',
      fired_at: FIRED_AT,
      'data[action]': 'unsub',
      'data[reason]': 'manual',
      'data[id]': ana.unique_email_id,
      'data[list_id]': list.id,
      'data[email]': 'ana@example.com',
      'data[email_type]': 'html',
      'data[ip_opt]': '203.0.113.7',
      'data[web_id]': String(ana.web_id),
      'data[campaign_id]': 'c0ffee1234',
      ...merges('Ana María'),
    });

    const moved = await act(`/members/${ana.id}/email-change`, { new_email: 'ana.garcia@example.com' });
    expect(moved.body).toMatchObject({
      email_address: 'ana.garcia@example.com',
      id: expect.not.stringMatching(ana.id),
    });
    expect((await receiver.waitFor('/events', 4))[3].form).toEqual({
      type: 'upemail',
      fired_at: FIRED_AT,
      'data[list_id]': list.id,
      'data[new_id]': moved.body.unique_email_id,
      'data[new_email]': 'ana.garcia@example.com',
      'data[old_email]': 'ana@example.com',
    });
    expect(moved.body.unique_email_id).not.toBe(ana.unique_email_id);
    await expect(client.lists.getListMember(list.id, 'ana.garcia@example.com')).resolves.toMatchObject({
      status: 'unsubscribed',
    });

    await act('/signups', { email_address: 'luis@example.com' });
    await receiver.waitFor('/events', 5);
    const bounce = await act('/members/luis@example.com/bounce', { reason: 'abuse' });
    expect(bounce.body).toMatchObject({ status: 'cleaned' });
    expect((await receiver.waitFor('/events', 6))[5].form).toEqual({
      type: 'cleaned',
      fired_at: FIRED_AT,
      'data[list_id]': list.id,
      'data[campaign_id]': '',
      'data[reason]': 'abuse',
      'data[email]': 'luis@example.com',
    });

    // Campaign events come from the campaign routes; their payload is the dispatcher's.
    const state = h.sandbox.state.account(account.account_id)!;
    h.sandbox.context.emit({
      type: 'campaign',
      source: 'api',
      account: state,
      list: state.lists[list.id],
      data: { id: 'f00d123456', subject: 'Rebajas', status: 'sent', reason: '', list_id: list.id },
    });
    expect((await receiver.waitFor('/events', 7))[6].form).toEqual({
      type: 'campaign',
      fired_at: FIRED_AT,
      'data[id]': 'f00d123456',
      'data[subject]': 'Rebajas',
      'data[status]': 'sent',
      'data[reason]': '',
      'data[list_id]': list.id,
    });
  });

  it('announces a double opt-in signup when it is confirmed, and validates the control input', async () => {
    const { client, list, act } = await setup({ double_optin: true });
    await client.lists.createListWebhook(list.id, { url: receiver.url('/optin') });
    const pending = await act('/signups', { email_address: 'eva@example.com' });
    expect(pending.body).toMatchObject({ status: 'pending' });
    expect((await act('/signups', { email_address: 'eva@example.com' })).body).toMatchObject({
      status: 400,
      title: 'Member Exists',
    });
    await h.sandbox.webhooks.idle();
    expect(receiver.posts('/optin')).toHaveLength(0);
    expect((await act('/members/eva@example.com/confirm')).body).toMatchObject({ status: 'subscribed' });
    expect((await receiver.waitFor('/optin', 1))[0].form).toMatchObject({ type: 'subscribe' });

    expect((await act('/signups', { email_address: 'nope' })).body).toMatchObject({ status: 400 });
    expect((await act('/signups', {})).body).toMatchObject({ errors: [{ field: 'email_address' }] });
    expect((await act('/signups', { email_address: 'x@example.com', by: 'robot' })).body).toMatchObject({
      errors: [{ field: 'by' }],
    });
    expect(
      (await act('/members/eva@example.com/profile', { merge_fields: { NOPE: 'x' } }, 'PATCH')).body,
    ).toMatchObject({ errors: [{ field: 'merge_fields.NOPE' }] });
    expect((await act('/members/eva@example.com/bounce', { reason: 'soft' })).body).toMatchObject({
      errors: [{ field: 'reason' }],
    });
    expect((await act('/members/ghost@example.com/unsubscribe')).status).toBe(404);
    const unknownList = await h.control(`/accounts/nope/lists/${list.id}/signups`, {
      body: { email_address: 'a@example.com' },
    });
    expect(unknownList.status).toBe(404);
  });

  it('delivers only the sources and events a webhook asks for; API changes skip sources.api=false', async () => {
    const { client, list, act } = await setup();
    await client.lists.createListWebhook(list.id, {
      url: receiver.url('/people-only'),
      sources: { api: false, admin: false },
      events: { profile: false },
    });
    await client.lists.createListWebhook(list.id, { url: receiver.url('/everything') });

    await client.lists.addListMember(list.id, { email_address: 'api@example.com', status: 'subscribed' });
    await client.lists.updateListMember(list.id, 'api@example.com', { merge_fields: { FNAME: 'Api' } });
    await act('/members/api@example.com/unsubscribe', { by: 'admin' });
    await act('/signups', { email_address: 'person@example.com' });
    await act('/members/person@example.com/profile', { merge_fields: { FNAME: 'Per' } }, 'PATCH');
    await h.sandbox.webhooks.idle();

    const summary = (path: string) =>
      receiver.posts(path).map((r) => `${r.form.type} ${r.form['data[email]']}`);
    expect(summary('/everything').sort()).toEqual(
      [
        'subscribe api@example.com',
        'profile api@example.com',
        'unsubscribe api@example.com',
        'subscribe person@example.com',
        'profile person@example.com',
      ].sort(),
    );
    expect(summary('/people-only')).toEqual(['subscribe person@example.com']);
    const member = await client.lists.getListMember(list.id, 'api@example.com');
    expect(member.status).toBe('unsubscribed');
  });

  it('retries a failed delivery at increasing intervals, with the same payload, until it is accepted', async () => {
    const { client, list, act } = await setup();
    await client.lists.createListWebhook(list.id, { url: receiver.url('/flaky') });
    receiver.answer('/flaky', 500, 503);
    await act('/signups', { email_address: 'retry@example.com' });
    await h.sandbox.webhooks.idle();
    const attempts = receiver.posts('/flaky');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => JSON.stringify(a.form))).size).toBe(1);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(45);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(95);

    // A receiver slower than the timeout fails the attempt too; one that never succeeds is dropped
    // after the last retry.
    await client.lists.createListWebhook(list.id, { url: receiver.url('/slow') });
    receiver.stall('/slow', 400);
    await client.lists.createListWebhook(list.id, { url: receiver.url('/down') });
    receiver.answer('/down', 500, 500, 500, 500, 500);
    await act('/signups', { email_address: 'slow@example.com' });
    await h.sandbox.webhooks.idle();
    expect(receiver.posts('/slow').filter((r) => r.form['data[email]'] === 'slow@example.com')).toHaveLength(
      2,
    );
    expect(receiver.posts('/down')).toHaveLength(4);
  });

  it('disables a webhook at once when its receiver answers 410 Gone', async () => {
    const { account, client, list, act } = await setup();
    const gone = await client.lists.createListWebhook(list.id, { url: receiver.url('/gone') });
    await client.lists.createListWebhook(list.id, { url: receiver.url('/alive') });
    receiver.answer('/gone', 410);
    await act('/signups', { email_address: 'first@example.com' });
    await h.sandbox.webhooks.idle();
    expect(receiver.posts('/gone')).toHaveLength(1);
    expect(h.sandbox.state.account(account.account_id)!.lists[list.id].webhooks[gone.id].enabled).toBe(false);

    await act('/signups', { email_address: 'second@example.com' });
    await h.sandbox.webhooks.idle();
    expect(receiver.posts('/alive')).toHaveLength(2);
    expect(receiver.posts('/gone')).toHaveLength(1);
  });

  it('conforms to the OpenAPI copy of the official spec in every exchange above', () => {
    expect(h.exchanges.length).toBeGreaterThan(20);
    expect(h.conformance()).toEqual([]);
  });
});
