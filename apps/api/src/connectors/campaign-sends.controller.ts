import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CampaignSendPreview,
  CampaignSendsService,
  CampaignSendView,
  SendableCampaignView,
} from '@crm/connector-sdk';
import type { Actor, Page } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/list-query.dto';
import { CampaignSendPreviewDto, CreateCampaignSendDto } from './campaign-sends.dto';

/**
 * Sending a saved vendor campaign to the people of a saved view (admins; the installation must be
 * ACTIVE). Installations outside the actor's scope, and other tenants', answer 404.
 */
@ApiTags('Campaign sends')
@ApiBearerAuth()
@Controller('installations/:id')
export class CampaignSendsController {
  constructor(private readonly sends: CampaignSendsService) {}

  /** The account's draft campaigns that can be sent. */
  @Get('sendable-campaigns')
  sendableCampaigns(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SendableCampaignView[]> {
    return this.sends.listSendableCampaigns(actor, id);
  }

  /** Who of the view would receive the campaign, who would not and why (counts and samples). */
  @Post('campaign-sends/preview')
  @HttpCode(200)
  preview(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: CampaignSendPreviewDto,
  ): Promise<CampaignSendPreview> {
    return this.sends.preview(actor, id, body);
  }

  /** 202 with the queued send (or the same one already waiting or running). */
  @Post('campaign-sends')
  @HttpCode(202)
  send(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: CreateCampaignSendDto,
  ): Promise<CampaignSendView> {
    return this.sends.requestSend(actor, id, {
      viewId: body.viewId,
      campaignId: body.campaignId,
      ...(body.scheduleAt ? { scheduleAt: new Date(body.scheduleAt) } : {}),
    });
  }

  /** Newest first. */
  @Get('campaign-sends')
  list(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<CampaignSendView>> {
    return this.sends.list(actor, id, query);
  }

  @Get('campaign-sends/:sendId')
  get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('sendId') sendId: string,
  ): Promise<CampaignSendView> {
    return this.sends.get(actor, id, sendId);
  }
}
