import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import {
  MailchimpClient,
  SandboxHarness,
  rejection,
  audienceInput,
  fakeDateOnly,
} from './support/mailchimp-sandbox.harness';

const audience = (name: string) => audienceInput(name);

interface BatchView {
  id: string;
  status: string;
  total_operations: number;
  finished_operations: number;
  errored_operations: number;
  completed_at?: string;
  response_body_url: string;
}

interface Result {
  status_code: number;
  operation_id: string | null;
  response: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `GET /batches/{id}` until the batch has finished (generous bound). */
async function finished(client: MailchimpClient, id: string): Promise<BatchView> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const batch = (await client.batches.status(id)) as BatchView;
    if (batch.status === 'finished') return batch;
    await sleep(25);
  }
  throw new Error(`batch ${id} did not finish`);
}

/** Downloads a results archive and reads every JSON file in it. */
async function downloadResults(url: string): Promise<{ files: string[]; results: Result[] }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const tar = gunzipSync(Buffer.from(await response.arrayBuffer()));
  const files: string[] = [];
  const results: Result[] = [];
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      files.push(header.name);
      results.push(...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Result[]));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    reader.end(tar);
  });
  return { files, results };
}

const byOperation = (results: Result[], id: string) => results.filter((r) => r.operation_id === id);

describe('Mailchimp sandbox: /batches', () => {
  let h: SandboxHarness;

  beforeAll(async () => {
    h = await SandboxHarness.start();
  });
  afterAll(async () => {
    jest.useRealTimers();
    await h.close();
  });

  it('runs mixed operations in the background and delivers every result in a gzipped tar', async () => {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    const list = await client.lists.createList(audience('Main'));

    const submitted = (await client.batches.start({
      operations: [
        ...Array.from({ length: 11 }, (_, i) => ({
          method: 'POST',
          path: '/lists',
          operation_id: `create-${i}`,
          body: JSON.stringify(audience(`Batch list ${i}`)),
        })),
        {
          method: 'POST',
          path: `/lists/${list.id}/members`,
          operation_id: 'add-member',
          body: JSON.stringify({ email_address: 'ana@example.com', status: 'subscribed' }),
        },
        { method: 'GET', path: `lists/${list.id}`, operation_id: 'get-list' },
        { method: 'GET', path: '/lists/doesnotexist', operation_id: 'missing' },
        { method: 'DELETE', path: `/lists/${list.id}/members/nobody@example.com` },
      ],
    })) as BatchView;
    // Mailchimp counts the operations once it starts preprocessing them.
    expect(submitted).toMatchObject({ status: 'pending', total_operations: 0, response_body_url: '' });
    expect(submitted.completed_at).toBeUndefined();

    const batch = await finished(client, submitted.id);
    expect(batch).toMatchObject({ total_operations: 15, finished_operations: 15, errored_operations: 2 });
    expect(batch.completed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(batch.response_body_url).toContain(`${h.baseUrl}/_results/`);

    const { files, results } = await downloadResults(batch.response_body_url);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((name) => name.endsWith('.json'))).toBe(true);
    expect(results).toHaveLength(15);
    for (let i = 0; i < 11; i++) {
      const [created] = byOperation(results, `create-${i}`);
      expect(created.status_code).toBe(200);
      expect(JSON.parse(created.response)).toMatchObject({ name: `Batch list ${i}` });
    }
    const [member] = byOperation(results, 'add-member');
    expect(member.status_code).toBe(200);
    expect(JSON.parse(member.response)).toMatchObject({
      email_address: 'ana@example.com',
      status: 'subscribed',
    });
    const [got] = byOperation(results, 'get-list');
    expect(JSON.parse(got.response)).toMatchObject({ id: list.id, name: 'Main' });
    const [missing] = byOperation(results, 'missing');
    expect(missing.status_code).toBe(404);
    expect(JSON.parse(missing.response)).toMatchObject({ title: 'Resource Not Found', status: 404 });
    // An operation without operation_id is reported with null.
    const [anonymous] = byOperation(results, null as unknown as string);
    expect(anonymous.status_code).toBe(404);

    // The operations really ran against the account.
    expect((await client.lists.getAllLists({ count: 100 })).total_items).toBe(12);
    expect((await client.lists.getListMember(list.id, 'ana@example.com')).status).toBe('subscribed');
  });

  it('pages through a whole collection for a GET without count', async () => {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    for (let i = 0; i < 12; i++) await client.lists.createList(audience(`List ${i}`));
    const submitted = await client.batches.start({
      operations: [
        { method: 'GET', path: '/lists', operation_id: 'all' },
        { method: 'GET', path: '/lists', operation_id: 'two', params: { count: 2, offset: 1 } },
      ],
    });
    const batch = await finished(client, submitted.id);
    const { results } = await downloadResults(batch.response_body_url);
    expect(JSON.parse(byOperation(results, 'all')[0].response).lists).toHaveLength(12);
    expect(JSON.parse(byOperation(results, 'two')[0].response).lists).toHaveLength(2);
  });

  it('shares the account’s 10 connections with its other requests and retries what gets 429', async () => {
    const account = await h.createAccount({ settings: { latency: { fixedMs: 20 } } });
    const client = h.client({ apiKey: account.api_key });
    const submitted = await client.batches.start({
      operations: Array.from({ length: 30 }, (_, i) => ({
        method: 'GET',
        path: '/ping',
        operation_id: `${i}`,
      })),
    });
    // Meanwhile the account keeps the other slots busy.
    const own = await Promise.allSettled(Array.from({ length: 20 }, () => client.ping.get()));
    expect(own.some((call) => call.status === 'fulfilled')).toBe(true);
    expect(own.some((call) => call.status === 'rejected')).toBe(true);
    const batch = await finished(client, submitted.id);
    expect(batch).toMatchObject({ total_operations: 30, finished_operations: 30, errored_operations: 0 });
    const { results } = await downloadResults(batch.response_body_url);
    expect(results.map((r) => r.status_code)).toEqual(Array(30).fill(200));
  });

  it('hands out result URLs valid for 10 minutes, a fresh one on every read', async () => {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    const submitted = await client.batches.start({ operations: [{ method: 'GET', path: '/ping' }] });
    const { response_body_url: url } = await finished(client, submitted.id);

    const tampered = await fetch(url.replace(/signature=[0-9a-f]/, 'signature=x'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    // Only the clock moves; timers stay real so the server keeps answering.
    fakeDateOnly();
    try {
      jest.setSystemTime(Date.now() + 10 * 60 * 1000 + 1000);
      const expired = await fetch(url);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
      const fresh = (await client.batches.status(submitted.id)) as BatchView;
      expect(fresh.response_body_url).not.toBe(url);
      expect((await downloadResults(fresh.response_body_url)).results).toEqual([
        {
          status_code: 200,
          operation_id: null,
          response: JSON.stringify({ health_status: "Everything's Chimpy!" }),
        },
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('lists, reads and deletes batches', async () => {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    const first = await client.batches.start({ operations: [{ method: 'GET', path: '/ping' }] });
    const second = await client.batches.start({ operations: [{ method: 'GET', path: '/ping' }] });
    await finished(client, second.id);
    const listed = await client.batches.list({ count: 1 });
    expect(listed.total_items).toBe(2);
    expect(listed.batches).toHaveLength(1);
    const both = await client.batches.list();
    expect(both.batches.map((b: BatchView) => b.id).sort()).toEqual([first.id, second.id].sort());

    const { response_body_url: url } = await finished(client, first.id);
    expect(await client.batches.deleteRequest(first.id)).toBeNull();
    expect(await rejection(client.batches.status(first.id))).toMatchObject({
      status: 404,
      title: 'Resource Not Found',
    });
    // Its results go with it.
    expect((await fetch(url)).status).toBe(404);
    expect((await client.batches.list()).total_items).toBe(1);
  });

  it('refuses empty or malformed operations, naming the fields', async () => {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    const empty = await rejection(client.batches.start({ operations: [] }));
    expect(empty).toMatchObject({ status: 400, title: 'Invalid Resource' });
    expect(empty.errors).toEqual([{ field: 'operations', message: expect.any(String) }]);

    const missing = await rejection(client.batches.start({}));
    expect(missing.errors).toEqual([
      { field: 'operations', message: 'Schema describes array, NULL found instead' },
    ]);

    const malformed = await rejection(
      client.batches.start({
        operations: [
          { method: 'GET', path: '/ping' },
          { method: 'FETCH', path: 7, params: 'count=5', body: { name: 'x' } },
          ['GET', '/ping'],
        ],
      }),
    );
    expect(malformed).toMatchObject({ status: 400, title: 'Invalid Resource' });
    expect(malformed.errors).toEqual([
      {
        field: 'operations.item:1.method',
        message: expect.stringContaining('GET, POST, PUT, PATCH, DELETE'),
      },
      { field: 'operations.item:1.path', message: 'Schema describes string, number found instead' },
      { field: 'operations.item:1.params', message: 'Schema describes object, string found instead' },
      { field: 'operations.item:1.body', message: 'Schema describes string, object found instead' },
      { field: 'operations.item:2', message: 'Schema describes object, array found instead' },
    ]);
    expect((await client.batches.list()).total_items).toBe(0);
  });

  it('accepts at most 500 unfinished batches per account', async () => {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    // Five hundred batches still running, without waiting for five hundred to be submitted.
    const batches = h.sandbox.state.account(account.account_id)!.batches;
    for (let i = 0; i < 500; i++)
      batches[`stuck${i}`] = {
        id: `stuck${i}`,
        status: 'started',
        total_operations: 1,
        finished_operations: 0,
        errored_operations: 0,
        submitted_at: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      };
    const refused = await rejection(client.batches.start({ operations: [{ method: 'GET', path: '/ping' }] }));
    expect(refused).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(refused.detail).toContain('500 pending batches');
    delete batches.stuck0;
    const accepted = await client.batches.start({ operations: [{ method: 'GET', path: '/ping' }] });
    expect(accepted).toMatchObject({ status: 'pending' });
    await finished(client, accepted.id);
  });

  it('conforms to the OpenAPI copy of the official spec in every exchange above', () => {
    expect(h.conformance()).toEqual([]);
  });
});
