import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  CAMPAIGN_RECIPIENT_MODULES,
  CampaignDetailView,
  CampaignsService,
  CampaignView,
  Page,
  RecipientView,
  RecordCampaignActivity,
} from '@crm/core';
import { CurrentActor, RequiresModule } from '../auth/auth.decorators';
import {
  CampaignActivityParamsDto,
  CampaignListQueryDto,
  PageQueryDto,
  RecipientListQueryDto,
} from './campaign.dto';

/**
 * Imported campaigns with their report figures, their recipients' activity, and a contact's or
 * lead's campaign activity. Campaign activity is activity: the activities module is required;
 * recipients and records follow record visibility (a record you may not see answers 404).
 */
@ApiTags('campaigns')
@ApiBearerAuth()
@RequiresModule('activities')
@Controller()
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  /** Newest sent first (campaigns never sent last); `q` searches name and subject. */
  @Get('campaigns')
  list(@CurrentActor() actor: Actor, @Query() query: CampaignListQueryDto): Promise<Page<CampaignView>> {
    return this.campaigns.list(actor, query);
  }

  /** The campaign with its tracked links and their clicks. */
  @Get('campaigns/:id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CampaignDetailView> {
    return this.campaigns.get(actor, id);
  }

  /** The CRM records the campaign reached, with what each did (sent, opened, clicked, bounced). */
  @Get('campaigns/:id/recipients')
  recipients(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: RecipientListQueryDto,
  ): Promise<Page<RecipientView>> {
    return this.campaigns.listRecipients(actor, id, query);
  }

  /** `GET /api/{contacts|leads|organizations}/:id/campaign-activity`: totals and the campaigns, newest sent first. */
  @Get(':module/:id/campaign-activity')
  @ApiParam({ name: 'module', enum: CAMPAIGN_RECIPIENT_MODULES })
  recordActivity(
    @CurrentActor() actor: Actor,
    @Param() params: CampaignActivityParamsDto,
    @Query() query: PageQueryDto,
  ): Promise<RecordCampaignActivity> {
    return this.campaigns.recordActivity(actor, params.module, params.id, query);
  }
}
