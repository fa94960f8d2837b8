import { Injectable } from '@nestjs/common';
import { Job, JobHandler, JobOptions, QueuedJob } from '@crm/platform';
import { CampaignSendRunner } from './campaign-send-runner';

export interface RunCampaignSendJobData {
  campaignSendId: string;
}

/** Tries of a send whose vendor is down or throttling, before it is given up as FAILED. */
export const CAMPAIGN_SEND_JOB_ATTEMPTS = 4;

/** One job per send, deduplicated while waiting; retries back off while the vendor recovers. */
export const campaignSendJobOptions = (campaignSendId: string): JobOptions => ({
  jobId: `campaign-send:${campaignSendId}`,
  attempts: CAMPAIGN_SEND_JOB_ATTEMPTS,
  backoffMs: 5000,
});

/** Runs one campaign send (the data is the send's id; the send row holds the rest). */
@Injectable()
@JobHandler({ queue: 'campaign-sends' })
export class RunCampaignSendJob implements Job<RunCampaignSendJobData> {
  constructor(private readonly runner: CampaignSendRunner) {}

  async handle(data: RunCampaignSendJobData, job: QueuedJob<RunCampaignSendJobData>): Promise<void> {
    await this.runner.execute(data.campaignSendId, {
      attempt: job.attempt,
      maxAttempts: CAMPAIGN_SEND_JOB_ATTEMPTS,
    });
  }
}
