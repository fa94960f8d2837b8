import type { SandboxContext } from '../context';
import { now, type SandboxAccount } from '../state';
import {
  batchesOf,
  type Batch,
  type BatchOperation,
  type BatchStatus,
  type OperationResult,
} from './batch.model';
import { executeOperation, type ApiTarget } from './operation-executor';
import { resultsArchive } from './results-archive';

/**
 * Operations of one batch in flight at once: they share the account's 10 connections with
 * everything else the account does, so the batch leaves room (and retries what still gets 429).
 */
const CONCURRENCY = 4;

/** Runs `work` over `items`, at most `limit` at a time, in whatever order they finish. */
async function forEachBounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Runs batches in the background, one at a time per account as Mailchimp does, through the
 * lifecycle pending → preprocessing → started → finalizing → finished.
 */
export class BatchRunner {
  private readonly queues = new Map<string, Promise<void>>();
  private resumed = false;

  constructor(private readonly context: SandboxContext) {}

  enqueue(account: SandboxAccount, batch: Batch): void {
    const previous = this.queues.get(account.id) ?? Promise.resolve();
    // A failed run must not stall the account's later batches.
    this.queues.set(
      account.id,
      previous.then(() => this.run(account, batch)).catch(() => undefined),
    );
  }

  /** Picks up the batches a restart interrupted; they start over from their operations. */
  resumeOnce(): void {
    if (this.resumed) return;
    this.resumed = true;
    for (const account of Object.values(this.context.state.data.accounts))
      for (const batch of Object.values(batchesOf(account)))
        if (batch.status !== 'finished' && batch.operations) this.enqueue(account, batch);
  }

  private async run(account: SandboxAccount, batch: Batch): Promise<void> {
    // Deleted (or its account removed) while waiting or running: stop, keep nothing.
    const alive = () =>
      this.context.state.account(account.id) === account && batchesOf(account)[batch.id] === batch;
    const operations: BatchOperation[] = batch.operations ?? [];
    batch.total_operations = operations.length;
    batch.finished_operations = 0;
    batch.errored_operations = 0;
    await this.advance(batch, 'preprocessing');
    await this.advance(batch, 'started');
    const target: ApiTarget = { apiRoot: `${this.context.baseUrl()}/3.0`, apiKey: account.apiKey };
    const results: OperationResult[] = [];
    await forEachBounded(operations, CONCURRENCY, async (operation) => {
      if (!alive()) return;
      const answers = await executeOperation(target, operation);
      results.push(...answers);
      batch.finished_operations++;
      if (answers.some((answer) => answer.status_code >= 400)) batch.errored_operations++;
      this.context.changed();
    });
    if (!alive()) return;
    await this.advance(batch, 'finalizing');
    const archive = await resultsArchive(results);
    if (!alive()) return;
    batch.results = archive.toString('base64');
    delete batch.operations;
    batch.completed_at = now();
    batch.status = 'finished';
    this.context.changed();
  }

  /** Moves the batch on, then lets other requests in, so a poll can see each stage. */
  private async advance(batch: Batch, status: BatchStatus): Promise<void> {
    batch.status = status;
    this.context.changed();
    await new Promise((resolve) => setImmediate(resolve));
  }
}
