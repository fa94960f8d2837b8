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

/** While another run of the same installation runs, this one waits its turn. */
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
    const outcome = await this.executor.execute(data.runId);
    if (outcome === 'busy')
      await this.dispatcher.dispatch(RunSyncJob, data, runJobOptions(data.runId, BUSY_RETRY_MS));
  }
}
