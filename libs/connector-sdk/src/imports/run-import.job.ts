import { Injectable } from '@nestjs/common';
import { Job, JobHandler, JobOptions, QueuedJob } from '@crm/platform';
import { ImportRunner } from './import-runner';

export interface RunImportJobData {
  importRunId: string;
}

/** Tries of an import whose vendor is down or throttling, before it is given up as FAILED. */
export const IMPORT_JOB_ATTEMPTS = 4;

/** One job per import run, deduplicated while waiting; retries back off while the vendor recovers. */
export const importJobOptions = (importRunId: string): JobOptions => ({
  jobId: `import-run:${importRunId}`,
  attempts: IMPORT_JOB_ATTEMPTS,
  backoffMs: 5000,
});

/** Runs one campaign or cart import (the data is the run's id; the run row holds the rest). */
@Injectable()
@JobHandler({ queue: 'imports' })
export class RunImportJob implements Job<RunImportJobData> {
  constructor(private readonly runner: ImportRunner) {}

  async handle(data: RunImportJobData, job: QueuedJob<RunImportJobData>): Promise<void> {
    await this.runner.execute(data.importRunId, { attempt: job.attempt, maxAttempts: IMPORT_JOB_ATTEMPTS });
  }
}
