import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ActivitiesService, ActivityView, Actor, Page } from '@crm/core';
import { CurrentActor, RequiresModule } from '../auth/auth.decorators';
import { ActivityListQueryDto, CreateActivityDto, UpdateActivityDto } from './activity.dto';

/** Activities you may see: yours, or linked to a record you may see. */
@ApiTags('activities')
@ApiBearerAuth()
@RequiresModule('activities')
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ActivityListQueryDto): Promise<Page<ActivityView>> {
    return this.activities.list(actor, query);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateActivityDto): Promise<ActivityView> {
    return this.activities.create(actor, body);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ActivityView> {
    return this.activities.get(actor, id);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: UpdateActivityDto,
  ): Promise<ActivityView> {
    return this.activities.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.activities.remove(actor, id);
  }
}
