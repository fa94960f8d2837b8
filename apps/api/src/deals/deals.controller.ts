import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, DealBulkResult, DealLinesView, DealsService, DealView, Page } from '@crm/core';
import { CurrentActor, RequiresModule } from '../auth/auth.decorators';
import {
  BulkDealsDto,
  CreateDealDto,
  DealListQueryDto,
  MoveDealDto,
  ReplaceDealLinesDto,
  UpdateDealDto,
} from './deal.dto';

/** Deals are team-scoped: ones you may not see answer 404. */
@ApiTags('deals')
@ApiBearerAuth()
@RequiresModule('deals')
@Controller('deals')
export class DealsController {
  constructor(private readonly deals: DealsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: DealListQueryDto): Promise<Page<DealView>> {
    return this.deals.list(actor, query);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateDealDto): Promise<DealView> {
    return this.deals.create(actor, body);
  }

  /** `{affected, notFound}`; ids you may not see are listed in notFound and left alone. */
  @Post('bulk')
  @HttpCode(200)
  bulk(@CurrentActor() actor: Actor, @Body() body: BulkDealsDto): Promise<DealBulkResult> {
    return this.deals.bulk(actor, body);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DealView> {
    return this.deals.get(actor, id);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: UpdateDealDto,
  ): Promise<DealView> {
    return this.deals.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.deals.remove(actor, id);
  }

  @Post(':id/move')
  @HttpCode(200)
  move(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: MoveDealDto): Promise<DealView> {
    return this.deals.move(actor, id, body.stageId);
  }

  @Get(':id/lines')
  lines(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DealLinesView> {
    return this.deals.getLines(actor, id);
  }

  @Put(':id/lines')
  replaceLines(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: ReplaceDealLinesDto,
  ): Promise<DealLinesView> {
    return this.deals.replaceLines(actor, id, body.lines);
  }
}
