/**
 * A first full sync of CRM contacts to a Mailchimp audience, through the whole product: the
 * Mailchimp connector installed, authorized and set up over the API, a FULL run executed by the
 * sync engine, the official client calling the Mailchimp sandbox (its own process) over HTTP with
 * Mailchimp's 10-connection limit and a Mailchimp-like latency model.
 *
 * Prints members/second, the API calls the sandbox received, the ceiling Mailchimp's limits allow
 * (10 connections × 500 members per batch-subscribe latency) and the ratio to it, the ratio to a
 * one-call-per-member loop (PUT /lists/{id}/members/{hash}, one at a time) measured in the same
 * run, and the product process's peak memory (RSS and heap, sampled during the sync).
 *
 *   npm run bench:mailchimp-full-sync                    (100k contacts on MariaDB)
 *   npm run bench:mailchimp-full-sync -- --members=20000 (or BENCH_MEMBERS)
 *   npm run bench:mailchimp-full-sync -- --1m            (1M contacts)
 *   options: --db=mysql|sqlite, --loop=<members in the loop sample>, --fixed-ms, --per-member-ms
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { insertContacts } from '../test/support/bulk-contacts';
import type { TestDatabaseKind } from '../test/support/databases';
import {
  collectGarbage,
  EventLoopLag,
  mb,
  MemorySampler,
  numberOption,
  option,
  seconds,
} from './support/bench-tools';
import {
  callMs,
  describeLatency,
  MAILCHIMP_BATCH,
  MAILCHIMP_CONNECTIONS,
  MailchimpProduct,
} from './support/mailchimp-product';
import { memberLoop } from './support/member-loop';

const MEMBERS =
  option('1m', 'BENCH_1M', 'false') === 'true'
    ? 1_000_000
    : numberOption('members', 'BENCH_MEMBERS', 100_000);
/** Batch subscribe, as the sandbox counts it. */
const BATCH_SUBSCRIBE = 'POST /lists/{id}';
const LOOP_MEMBERS = numberOption('loop', 'BENCH_LOOP_MEMBERS', 60);
const DATABASE = option('db', 'BENCH_DB', 'mysql') as TestDatabaseKind;
/** Mailchimp-like: a 500-member batch subscribe in about 1.2 s, a single-member call in about 0.2 s. */
const LATENCY = {
  fixedMs: numberOption('fixed-ms', 'BENCH_FIXED_MS', 200),
  perMemberMs: numberOption('per-member-ms', 'BENCH_PER_MEMBER_MS', 2),
};

async function main(): Promise<void> {
  if (!['mysql', 'sqlite'].includes(DATABASE)) throw new Error('--db must be mysql or sqlite');
  const product = await MailchimpProduct.start(DATABASE, LATENCY);
  try {
    const dataSource = product.t.app.get(DataSource);
    console.log(`Mailchimp full sync on ${DATABASE === 'mysql' ? 'MariaDB' : 'SQLite'}: ${MEMBERS} contacts`);
    console.log(`Sandbox latency model: ${describeLatency(LATENCY)}`);
    const seeding = process.hrtime.bigint();
    await insertContacts(dataSource, product.tenant.tenantId, product.tenant.adminUserId, MEMBERS, {
      prefix: 'bench',
    });
    console.log(`Seeded ${MEMBERS} contacts in ${seconds(seeding).toFixed(1)} s`);

    collectGarbage();
    const before = process.memoryUsage();
    await product.sandbox.resetCalls();
    const memory = new MemorySampler();
    const lag = new EventLoopLag();
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const run = await product.sync('FULL');
    const elapsed = seconds(started);
    const peak = memory.stop();
    const loopLag = lag.stop();
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const calls = await product.sandbox.calls();
    const connections = await product.sandbox.averageConnections();
    if (run.status !== 'SUCCEEDED') throw new Error(`The run ended ${run.status}: ${run.error}`);
    const inAudience = await product.sandbox.memberCount(product.account, product.listId);
    if (run.counts.added !== MEMBERS || inAudience !== MEMBERS)
      throw new Error(
        `Expected ${MEMBERS} members added, the run added ${run.counts.added}, the audience has ${inAudience}`,
      );

    const rate = MEMBERS / elapsed;
    const totalCalls = Object.values(calls).reduce((sum, route) => sum + route.count, 0);
    const byRoute = Object.entries(calls)
      .sort((a, b) => b[1].count - a[1].count)
      .map(([route, { count, totalMs }]) => `${route} ${count} × ${(totalMs / count).toFixed(0)} ms`)
      .join(', ');
    const batches = calls[BATCH_SUBSCRIBE];
    const modelled = callMs(LATENCY, MAILCHIMP_BATCH);
    const served = batches ? batches.totalMs / batches.count : Number.NaN;
    const ceiling = (latencyMs: number) => (MAILCHIMP_CONNECTIONS * MAILCHIMP_BATCH * 1000) / latencyMs;
    const share = (latencyMs: number) => `${((rate / ceiling(latencyMs)) * 100).toFixed(1)}%`;
    console.log(
      `FULL sync: ${MEMBERS} members in ${elapsed.toFixed(1)} s = ${rate.toFixed(0)} members/s ` +
        `(counts ${JSON.stringify(run.counts)})`,
    );
    console.log(
      `API calls: ${totalCalls} (${byRoute}); connections in use during the run: ` +
        `${connections.toFixed(1)} of ${MAILCHIMP_CONNECTIONS} on average`,
    );
    console.log(
      `Ceiling: ${MAILCHIMP_CONNECTIONS} connections × ${MAILCHIMP_BATCH} members / ${modelled} ms (latency model) ` +
        `= ${ceiling(modelled).toFixed(0)} members/s; the sync reached ${share(modelled)} of it (target ≥ 90%)`,
    );
    console.log(
      `  with the ${served.toFixed(0)} ms a batch subscribe took at the sandbox (model plus its own work): ` +
        `${ceiling(served).toFixed(0)} members/s, the sync reached ${share(served)} of it`,
    );
    console.log(
      `Memory of the product process during the sync: peak RSS ${mb(peak.peakRss)}, peak heap ${mb(peak.peakHeap)} ` +
        `(before it: RSS ${mb(before.rss)}, heap ${mb(before.heapUsed)})`,
    );
    console.log(
      `Event-loop delay of the product process during the sync: p50 ${loopLag.p50Ms.toFixed(0)} ms, ` +
        `p99 ${loopLag.p99Ms.toFixed(0)} ms; CPU time ${cpuSeconds.toFixed(1)} s ` +
        `(${((cpuSeconds / elapsed) * 100).toFixed(0)}% of one core)`,
    );

    const loop = await memberLoop(product, LOOP_MEMBERS);
    console.log(
      `One-call-per-member loop (PUT /lists/{id}/members/{hash}, one at a time, ${LOOP_MEMBERS} members): ` +
        `${loop.perSecond.toFixed(2)} members/s (median ${loop.medianMs.toFixed(0)} ms, ` +
        `p95 ${loop.p95Ms.toFixed(0)} ms per call); the sync is ${(rate / loop.perSecond).toFixed(0)}× the loop (target ≥ 50×)`,
    );
  } finally {
    await product.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
