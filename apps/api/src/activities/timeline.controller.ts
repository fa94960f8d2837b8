import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { ACTIVITY_RECORD_MODULES, ActivitiesService, ActivityView, Actor, Page } from '@crm/core';
import { CurrentActor, RequiresModule } from '../auth/auth.decorators';
import { TimelineParamsDto, TimelineQueryDto } from './activity.dto';

/**
 * `GET /api/{contacts|leads|organizations|deals}/:id/timeline`: one route for the four modules.
 * The record must exist and be visible (404 otherwise); newest first.
 */
@ApiTags('activities')
@ApiBearerAuth()
@RequiresModule('activities')
@Controller()
export class TimelineController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get(':module/:id/timeline')
  @ApiParam({ name: 'module', enum: ACTIVITY_RECORD_MODULES })
  timeline(
    @CurrentActor() actor: Actor,
    @Param() params: TimelineParamsDto,
    @Query() query: TimelineQueryDto,
  ): Promise<Page<ActivityView>> {
    return this.activities.timeline(actor, params.module, params.id, query);
  }
}
