/**
 * How long a CRM edit takes to reach Mailchimp through the product's realtime path: the contact
 * is edited over the API (PATCH), the change goes to the transactional outbox, the relay turns it
 * into a sync run, the engine pushes it with the Mailchimp connector, and the Mailchimp sandbox
 * (its own process, 10 connections, Mailchimp-like latency) receives the member write.
 *
 * Contacts are first synced with a full sync; then a few hundred of them are edited one each, at
 * random moments (a Poisson process at the given rate). Prints p50/p95/max from the start of each
 * edit to the sandbox answering the write that carries it (the member is updated at Mailchimp),
 * and to the write arriving there.
 *
 *   npm run bench:mailchimp-realtime                         (300 edits at 2 per second, MariaDB)
 *   npm run bench:mailchimp-realtime -- --edits=500 --rate=4 (or BENCH_EDITS, BENCH_RATE)
 *   options: --db=mysql|sqlite, --contacts=<already synced>, --fixed-ms, --per-member-ms
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { EmailAddress } from '@crm/core';
import { insertContacts } from '../test/support/bulk-contacts';
import type { TestDatabaseKind } from '../test/support/databases';
import { numberOption, option, percentile, sleep } from './support/bench-tools';
import { describeLatency, MailchimpProduct } from './support/mailchimp-product';

const EDITS = numberOption('edits', 'BENCH_EDITS', 300);
const RATE = numberOption('rate', 'BENCH_RATE', 2);
const CONTACTS = Math.max(EDITS, numberOption('contacts', 'BENCH_CONTACTS', 1000));
const DATABASE = option('db', 'BENCH_DB', 'mysql') as TestDatabaseKind;
const LATENCY = {
  fixedMs: numberOption('fixed-ms', 'BENCH_FIXED_MS', 200),
  perMemberMs: numberOption('per-member-ms', 'BENCH_PER_MEMBER_MS', 2),
};
/** How long after the last edit its write may still arrive before the benchmark gives up. */
const SETTLE_MS = 30_000;

interface Edit {
  contactId: string;
  email: string;
  firstName: string;
  startedAt: number;
}

async function main(): Promise<void> {
  if (!['mysql', 'sqlite'].includes(DATABASE)) throw new Error('--db must be mysql or sqlite');
  if (RATE <= 0) throw new Error('--rate must be above 0');
  const product = await MailchimpProduct.start(DATABASE, LATENCY);
  try {
    const dataSource = product.t.app.get(DataSource);
    const { tenantId, adminUserId } = product.tenant;
    console.log(
      `Mailchimp realtime on ${DATABASE === 'mysql' ? 'MariaDB' : 'SQLite'}: ${EDITS} contact edits ` +
        `at ${RATE} per second on average, among ${CONTACTS} synced contacts`,
    );
    console.log(`Sandbox latency model: ${describeLatency(LATENCY)}`);
    await insertContacts(dataSource, tenantId, adminUserId, CONTACTS, { prefix: 'realtime' });
    const full = await product.sync('FULL');
    if (full.status !== 'SUCCEEDED' || full.counts.added !== CONTACTS)
      throw new Error(`The first full sync ended ${full.status} with ${JSON.stringify(full.counts)}`);
    const addresses = await dataSource.getRepository(EmailAddress).find({
      where: { tenantId, ownerType: 'contact' },
      select: ['ownerId', 'emailNormalized'],
      take: EDITS,
    });

    await product.sandbox.recordWrites();
    await product.sandbox.resetCalls();
    const edits: Edit[] = [];
    const started = Date.now();
    let due = started;
    for (let i = 0; i < EDITS; i++) {
      // Exponential gaps: edits arrive at random, sometimes close together, as users make them.
      due += (-Math.log(1 - Math.random()) * 1000) / RATE;
      await sleep(Math.max(0, due - Date.now()));
      const { ownerId, emailNormalized } = addresses[i];
      const edit = {
        contactId: ownerId,
        email: emailNormalized,
        firstName: `Edited${i}`,
        startedAt: Date.now(),
      };
      edits.push(edit);
      await product.t
        .http()
        .patch(`/api/contacts/${ownerId}`)
        .set(product.auth)
        .send({ firstName: edit.firstName })
        .expect(200);
    }
    const editing = (Date.now() - started) / 1000;

    const settleBy = Date.now() + SETTLE_MS;
    let seen = new Map<string, { arrivedAt: number; answeredAt: number }>();
    while (Date.now() < settleBy) {
      seen = new Map();
      for (const write of await product.sandbox.writes())
        if (write.status < 300 && write.firstName) {
          const key = `${write.email}\n${write.firstName}`;
          if (!seen.has(key)) seen.set(key, write);
        }
      if (edits.every((edit) => seen.has(`${edit.email}\n${edit.firstName}`))) break;
      await sleep(250);
    }
    const calls = await product.sandbox.calls();
    const missing = edits.filter((edit) => !seen.has(`${edit.email}\n${edit.firstName}`));
    if (missing.length)
      throw new Error(`${missing.length} edits never reached the sandbox, e.g. ${missing[0].email}`);

    const applied = edits.map(
      (edit) => seen.get(`${edit.email}\n${edit.firstName}`)!.answeredAt - edit.startedAt,
    );
    const arrived = edits.map(
      (edit) => seen.get(`${edit.email}\n${edit.firstName}`)!.arrivedAt - edit.startedAt,
    );
    const line = (values: number[]) =>
      `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${Math.max(...values)} ms`;
    const totalCalls = Object.values(calls).reduce((sum, route) => sum + route.count, 0);
    console.log(`${EDITS} edits in ${editing.toFixed(1)} s (${(EDITS / editing).toFixed(2)} per second)`);
    console.log(
      `Edit → member written at Mailchimp (sandbox answered): ${line(applied)} (target p95 < 1000 ms)`,
    );
    console.log(`Edit → write arrived at Mailchimp:                       ${line(arrived)}`);
    console.log(
      `API calls meanwhile: ${totalCalls} (${Object.entries(calls)
        .sort((a, b) => b[1].count - a[1].count)
        .map(([route, { count, totalMs }]) => `${route} ${count} × ${(totalMs / count).toFixed(0)} ms`)
        .join(', ')})`,
    );
  } finally {
    await product.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
