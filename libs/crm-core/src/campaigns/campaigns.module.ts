import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { RecordsModule } from '../records/records.module';
import { CampaignClickersService } from './campaign-clickers.service';
import { CampaignRecordsService } from './campaign-records.service';
import { CampaignsService } from './campaigns.service';
import { ClickerActionsService } from './clicker-actions.service';

/** Imported email campaigns, their per-record activity, and their links' clickers. */
@Module({
  imports: [ActivitiesModule, RecordsModule],
  providers: [CampaignsService, CampaignRecordsService, CampaignClickersService, ClickerActionsService],
  exports: [CampaignsService, CampaignRecordsService, CampaignClickersService, ClickerActionsService],
})
export class CampaignsModule {}
