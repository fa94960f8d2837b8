import { Module } from '@nestjs/common';
import { InstallationsModule } from '../installations/installations.module';
import { CampaignSendRunner } from './campaign-send-runner';
import { CampaignSendsService } from './campaign-sends.service';
import { RecipientPlanner } from './recipient-planner';
import { RunCampaignSendJob } from './run-campaign-send.job';

/**
 * Sending saved campaigns to the people of saved views: asked for by admins, run as jobs
 * wherever the queue is consumed. The connection factory, CRM port and health service come from
 * the SDK's global module; saved views from the CRM core.
 */
@Module({
  imports: [InstallationsModule],
  providers: [CampaignSendsService, CampaignSendRunner, RecipientPlanner, RunCampaignSendJob],
  exports: [CampaignSendsService, CampaignSendRunner],
})
export class CampaignSendsModule {}
