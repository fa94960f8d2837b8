import { Injectable } from '@nestjs/common';
import { Job, JobDispatcher, JobHandler, JobOptions } from '@crm/platform';
import { RunExecutor } from './run-executor';

export interface RunSyncJobData {
  runId: string;
}

/** One job per run, deduplicated while waiting; retries back off while the vendor recovers. */
export const runJobOptions = (runId: string, delayMs?: number): JobOptions => ({
  jobId: `sync-run:${runId}`,
  attempts: 5,
  backoffMs: 2000,
  ...(delayMs ? { delayMs } : {}),
});

/**
 * While another run of the same installation runs, this one waits its turn: the worker that ends
 * that run takes it up at once, and this retry is the safety net should that worker die.
 */
const BUSY_RETRY_MS = 2000;

/** Executes a sync run (the data is its id only; the run row holds everything else). */
@Injectable()
@JobHandler({ queue: 'sync' })
export class RunSyncJob implements Job<RunSyncJobData> {
  constructor(
    private readonly executor: RunExecutor,
    private readonly dispatcher: JobDispatcher,
  ) {}

  async handle(data: RunSyncJobData): Promise<void> {
    let runId: string | null = data.runId;
    while (runId) {
      const outcome = await this.executor.execute(runId);
      if (outcome === 'busy') {
        await this.dispatcher.dispatch(RunSyncJob, { runId }, runJobOptions(runId, BUSY_RETRY_MS));
        return;
      }
      // A run that waited behind this one starts now rather than at its retry (which then finds it done).
      runId = outcome === 'done' ? await this.executor.nextWaiting(runId) : null;
    }
  }
}
