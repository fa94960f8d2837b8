import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailchimpClient, SandboxHarness, audienceInput } from './support/mailchimp-sandbox.harness';

const audience = audienceInput('Kept');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function finishedBatch(client: MailchimpClient, id: string): Promise<{ response_body_url: string }> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const batch = await client.batches.status(id);
    if (batch.status === 'finished') return batch;
    await sleep(25);
  }
  throw new Error(`batch ${id} did not finish`);
}

describe('Mailchimp sandbox: persistence', () => {
  let dir: string;
  let h: SandboxHarness | undefined;
  /** Conformance problems of the first run, whose harness is gone by the end. */
  const earlier: string[] = [];

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'mailchimp-sandbox-'))));
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps accounts, audiences, stores and batch results in its data file across a restart', async () => {
    const dataFile = join(dir, 'sandbox-mailchimp.json');
    h = await SandboxHarness.start({ dataFile });
    const account = await h.createAccount({ name: 'Persistent' });
    const before = h.client({ apiKey: account.api_key });
    const list = await before.lists.createList(audience);
    await before.ecommerce.addStore({
      id: 'kept-store',
      list_id: list.id,
      name: 'Kept shop',
      currency_code: 'EUR',
    });
    const batch = await before.batches.start({ operations: [{ method: 'GET', path: `/lists/${list.id}` }] });
    await finishedBatch(before, batch.id);
    earlier.push(...h.conformance());
    await h.close();
    h = undefined;
    // Written on close; it holds API keys and passwords, so only its owner may read it.
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).accounts[account.account_id]).toBeDefined();
    expect(statSync(dataFile).mode & 0o777).toBe(0o600);

    h = await SandboxHarness.start({ dataFile });
    const after = h.client({ apiKey: account.api_key });
    expect(await after.ping.get()).toEqual({ health_status: "Everything's Chimpy!" });
    expect(await after.lists.getList(list.id)).toMatchObject({ id: list.id, name: 'Kept' });
    expect(await after.ecommerce.getStore('kept-store')).toMatchObject({ list_id: list.id });
    const restarted = await after.batches.status(batch.id);
    expect(restarted).toMatchObject({ status: 'finished', total_operations: 1 });
    // A fresh URL, on the sandbox's new address, still serves the results.
    expect(restarted.response_body_url).toContain(h.baseUrl);
    expect((await fetch(restarted.response_body_url)).status).toBe(200);
    const credentials = await h.control(`/accounts/${account.account_id}`, { method: 'GET' });
    expect(credentials.status).toBe(200);
  });

  it('conforms to the OpenAPI copy of the official spec in every exchange above', () => {
    expect([...earlier, ...h!.conformance()]).toEqual([]);
  });
});
