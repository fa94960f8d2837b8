import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ImportRunView, ImportsService } from '@crm/connector-sdk';
import type { Actor, Page } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { ImportRunsQueryDto } from './imports.dto';

/**
 * Campaign, abandoned-cart and list imports of an installation (on their schedules; admins can
 * ask for one now). Installations outside the actor's scope, and other tenants', answer 404.
 */
@ApiTags('Imports')
@ApiBearerAuth()
@Controller('installations/:id')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** 202 with the queued import (or the one already waiting or running). */
  @Post('campaigns/import')
  @HttpCode(202)
  importCampaigns(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ImportRunView> {
    return this.imports.requestImport(actor, id, 'CAMPAIGNS');
  }

  /**
   * 202 with the queued import of recent campaigns' recipient activity and links alone (what a
   * connector that schedules CAMPAIGN_ACTIVITY apart reads daily).
   */
  @Post('campaigns/activity/import')
  @HttpCode(202)
  importCampaignActivity(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ImportRunView> {
    return this.imports.requestImport(actor, id, 'CAMPAIGN_ACTIVITY');
  }

  /** 202 with the queued import; the sync settings must have carts enabled with stores. */
  @Post('carts/import')
  @HttpCode(202)
  importCarts(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ImportRunView> {
    return this.imports.requestImport(actor, id, 'CARTS');
  }

  /**
   * 202 with the queued refresh of the vendor's lists as list records (the LISTS job): new lists
   * added, lists deleted at the vendor kept as DELETED history.
   */
  @Post('lists/import')
  @HttpCode(202)
  importLists(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ImportRunView> {
    return this.imports.requestImport(actor, id, 'LISTS');
  }

  /** Newest first. */
  @Get('imports')
  list(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: ImportRunsQueryDto,
  ): Promise<Page<ImportRunView>> {
    return this.imports.listRuns(actor, id, query);
  }

  @Get('imports/:runId')
  get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('runId') runId: string,
  ): Promise<ImportRunView> {
    return this.imports.getRun(actor, id, runId);
  }
}
