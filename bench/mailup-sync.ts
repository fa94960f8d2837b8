/**
 * "Update subscribers" of a MailUp list fed by a saved view, through the whole product: MailUp
 * installed and connected over the API, leads selected by the view, the run executed by the sync
 * engine, the connector's asynchronous group imports going over HTTP to the MailUp sandbox (its
 * own process) with MailUp's 5 calls a second per account and a MailUp-like latency model.
 *
 * Prints subscribers/second, the API calls the sandbox logged by route, the ceiling the 5 req/s
 * limit allows given the calls the import flow needs per batch at best, the ratio to it, the
 * busiest second at the sandbox and the product process's peak memory.
 *
 *   npm run bench:mailup-sync                          (50k leads on MariaDB)
 *   npm run bench:mailup-sync -- --subscribers=20000   (or BENCH_SUBSCRIBERS)
 *   options: --db=mysql|sqlite, --latency-ms (per call), --import-ms (until an import completes)
 */
import 'reflect-metadata';
import { addressLookupCalls, mailupManifest } from '@crm/connectors';
import type { TestDatabaseKind } from '../test/support/databases';
import { collectGarbage, mb, MemorySampler, numberOption, option, seconds } from './support/bench-tools';
import { type LoggedRequest, MailupProduct } from './support/mailup-product';

const SUBSCRIBERS = numberOption('subscribers', 'BENCH_SUBSCRIBERS', 50_000);
const DATABASE = option('db', 'BENCH_DB', 'mysql') as TestDatabaseKind;
/** MailUp-like: about 150 ms per REST call from Europe, an import of a few hundred done in about a second. */
const LATENCY = {
  latencyMs: numberOption('latency-ms', 'BENCH_LATENCY_MS', 150),
  importMs: numberOption('import-ms', 'BENCH_IMPORT_MS', 1000),
};
const RATE = mailupManifest.limits?.budget.requestsPerSecond ?? 5;
const BATCH = mailupManifest.limits?.maxBatchSize ?? 500;
/** Recipients per page of a collection read (the connector's page size). */
const PAGE = 500;

/** `/v1.1/Rest/ConsoleService.svc/Console/Group/{id}/Recipients` → `POST …/Group/{id}/Recipients`. */
const routeName = (request: LoggedRequest) =>
  `${request.method} ${request.route.replace(/^\/v1\.1\/Rest\/\w+\.svc/, '')}`;

function busiestSecond(arrivals: number[]): number {
  let most = 0;
  for (let first = 0, last = 0; last < arrivals.length; last++) {
    while (arrivals[last] - arrivals[first] >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * The calls one batch of B new subscribers needs at best: the list's groups, the lookups of the
 * addresses already in the list (a filter names as many addresses as ~1,500 characters hold), the
 * list's last recipient id, the import, one status poll, and the new recipients read back in pages.
 */
function callsPerBatch(): { total: number; lookups: number; readBack: number } {
  const emails = Array.from({ length: BATCH }, (_, i) => `bench-${String(i).padStart(6, '0')}@example.test`);
  const lookups = addressLookupCalls(emails);
  const readBack = Math.ceil(BATCH / PAGE);
  return { total: 1 + lookups + 1 + 1 + 1 + readBack, lookups, readBack };
}

async function main(): Promise<void> {
  if (!['mysql', 'sqlite'].includes(DATABASE)) throw new Error('--db must be mysql or sqlite');
  const seeding = process.hrtime.bigint();
  const product = await MailupProduct.start(DATABASE, LATENCY, SUBSCRIBERS);
  try {
    console.log(
      `MailUp update subscribers on ${DATABASE === 'mysql' ? 'MariaDB' : 'SQLite'}: ${SUBSCRIBERS} leads ` +
        `(set up and seeded in ${seconds(seeding).toFixed(1)} s)`,
    );
    console.log(
      `Sandbox latency model: ${LATENCY.latencyMs} ms per API call, an import completes ${LATENCY.importMs} ms ` +
        `after it was accepted; ${RATE} calls per second per account (429 beyond)`,
    );
    collectGarbage();
    const before = process.memoryUsage();
    const memory = new MemorySampler();
    const since = Date.now();
    const started = process.hrtime.bigint();
    const run = await product.updateSubscribers();
    const elapsed = seconds(started);
    const peak = memory.stop();
    if (run.status !== 'SUCCEEDED') throw new Error(`The run ended ${run.status}: ${run.error}`);
    if (run.counts.added !== SUBSCRIBERS)
      throw new Error(`Expected ${SUBSCRIBERS} subscribers added, the run added ${run.counts.added}`);

    const requests = await product.requests(since);
    const byRoute = new Map<string, number>();
    for (const request of requests)
      byRoute.set(routeName(request), (byRoute.get(routeName(request)) ?? 0) + 1);
    const refused = requests.filter((request) => request.status === 429).length;
    const rate = SUBSCRIBERS / elapsed;
    const batches = Math.ceil(SUBSCRIBERS / BATCH);
    const best = callsPerBatch();
    const ceiling = (RATE * BATCH) / best.total;
    console.log(
      `Update subscribers: ${SUBSCRIBERS} subscribers in ${elapsed.toFixed(1)} s = ${rate.toFixed(1)} subscribers/s ` +
        `(counts ${JSON.stringify(run.counts)})`,
    );
    console.log(
      `API calls: ${requests.length} in ${batches} batches of ${BATCH} = ${(requests.length / batches).toFixed(1)} a batch, ` +
        `${(requests.length / elapsed).toFixed(2)} a second; 429 answered: ${refused}; ` +
        `busiest one-second window: ${busiestSecond(requests.map((r) => r.at))} requests`,
    );
    for (const [route, count] of [...byRoute].sort((a, b) => b[1] - a[1]))
      console.log(`  ${String(count).padStart(6)}  ${route}`);
    console.log(
      `Ceiling: per batch of B = ${BATCH} new subscribers the import flow needs at best 1 groups read + ` +
        `${best.lookups} address lookups (which are in the list already) + 1 last-id read + 1 import + ` +
        `1 status poll + ${best.readBack} read-back page(s) = ${best.total} calls, so ${RATE} req/s × ${BATCH} / ` +
        `${best.total} = ${ceiling.toFixed(1)} subscribers/s; the run reached ${((rate / ceiling) * 100).toFixed(1)}% of it`,
    );
    // The limit's own ceiling, for comparison: an import flow that asks MailUp nothing before importing.
    const bare = 2 + best.readBack;
    const bareCeiling = (RATE * BATCH) / bare;
    console.log(
      `  With nothing asked before importing (1 import + 1 status poll + ${best.readBack} read-back page(s) = ` +
        `${bare} calls a batch) ${RATE} req/s would allow ${bareCeiling.toFixed(0)} subscribers/s; the run reached ` +
        `${((rate / bareCeiling) * 100).toFixed(1)}% of that: the address lookups, which keep unsubscribed ` +
        `recipients out and tell known from new, are what this flow pays above it`,
    );
    const budgeted = RATE / (1 + LATENCY.latencyMs / 1000);
    console.log(
      `  The request budget counts a call until a second after it finished (so no window of arrivals ` +
        `can exceed ${RATE}): at ${LATENCY.latencyMs} ms a call that is ${budgeted.toFixed(2)} calls/s, ` +
        `${((budgeted * BATCH) / best.total).toFixed(1)} subscribers/s at best; the run reached ` +
        `${((rate / ((budgeted * BATCH) / best.total)) * 100).toFixed(1)}% of that`,
    );
    console.log(
      `Memory of the product process during the run: peak RSS ${mb(peak.peakRss)}, peak heap ${mb(peak.peakHeap)} ` +
        `(before it: RSS ${mb(before.rss)}, heap ${mb(before.heapUsed)})`,
    );
  } finally {
    await product.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
