import { Module } from '@nestjs/common';
import { CampaignRecordsService } from './campaign-records.service';
import { CampaignsService } from './campaigns.service';

/** Imported email campaigns and their per-record activity. */
@Module({
  providers: [CampaignsService, CampaignRecordsService],
  exports: [CampaignsService, CampaignRecordsService],
})
export class CampaignsModule {}
