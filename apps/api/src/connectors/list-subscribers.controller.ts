import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListViewRulesService, SyncRunsService } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { ListViewsDto, SubscribersSyncDto } from './list-views.dto';

/**
 * Lists fed by saved views (MailUp): which views select each list's subscribers, and "update
 * subscribers" on demand. Connectors whose lists take the marketing flag's records answer 409;
 * other tenants' installations 404.
 */
@ApiTags('Installations')
@ApiBearerAuth()
@Controller('installations/:id')
export class ListSubscribersController {
  constructor(
    private readonly rules: ListViewRulesService,
    private readonly runs: SyncRunsService,
  ) {}

  @Get('lists/:listId/views')
  views(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('listId') listId: string) {
    return this.rules.get(actor, id, listId);
  }

  /** Admins; every problem in one 400 (`viewIds.<n>`, `listId`), nothing saved then. */
  @Put('lists/:listId/views')
  replaceViews(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('listId') listId: string,
    @Body() body: ListViewsDto,
  ) {
    return this.rules.replace(actor, id, listId, body.viewIds);
  }

  /** Admins: 202 with a SUBSCRIBERS run for this list. */
  @Post('lists/:listId/subscribers/sync')
  @HttpCode(202)
  syncList(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('listId') listId: string,
    @Body() body: SubscribersSyncDto,
  ) {
    return this.runs.requestSubscribersSync(actor, id, { listId, dryRun: body.dryRun });
  }

  /** Admins: 202 with a SUBSCRIBERS run for every list that has views. */
  @Post('subscribers/sync')
  @HttpCode(202)
  syncAll(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SubscribersSyncDto) {
    return this.runs.requestSubscribersSync(actor, id, { dryRun: body.dryRun });
  }
}
