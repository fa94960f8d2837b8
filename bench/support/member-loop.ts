import { createHash } from 'node:crypto';
import { percentile, seconds } from './bench-tools';
import type { MailchimpProduct } from './mailchimp-product';

/** The parts of the official client the loop uses (it ships no types for instances). */
interface OfficialClient {
  basePath: string;
  setConfig(config: { apiKey: string }): void;
  lists: { setListMember(listId: string, hash: string, body: Record<string, unknown>): Promise<unknown> };
}

// The official client's class (one instance per account), as the connector uses it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ApiClient = require('@mailchimp/mailchimp_marketing/src/ApiClient') as new () => OfficialClient;

/**
 * The way naive integrations push members: one `PUT /lists/{id}/members/{hash}` per member, one
 * after the other, with the official client, into a fresh audience of the same sandbox account.
 */
export async function memberLoop(
  product: MailchimpProduct,
  members: number,
): Promise<{ perSecond: number; medianMs: number; p95Ms: number }> {
  const listId = await product.sandbox.createAudience(product.account, 'One call per member');
  const client = new ApiClient();
  client.basePath = `${product.sandbox.baseUrl}/3.0`;
  client.setConfig({ apiKey: product.account.api_key });
  const durations: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < members; i++) {
    const email = `loop-${String(i).padStart(6, '0')}@example.test`;
    const call = process.hrtime.bigint();
    await client.lists.setListMember(listId, createHash('md5').update(email).digest('hex'), {
      email_address: email,
      status_if_new: 'subscribed',
      merge_fields: { FNAME: `First${i}`, LNAME: `Last${i}` },
    });
    durations.push(seconds(call) * 1000);
  }
  const total = seconds(started);
  return {
    perSecond: members / total,
    medianMs: percentile(durations, 50),
    p95Ms: percentile(durations, 95),
  };
}
