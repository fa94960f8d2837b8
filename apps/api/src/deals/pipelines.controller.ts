import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, BoardView, DealsService, PipelinesService, PipelineView } from '@crm/core';
import { AdminOnly, CurrentActor, RequiresModule } from '../auth/auth.decorators';
import {
  CreatePipelineDto,
  ReorderStagesDto,
  StageDto,
  UpdatePipelineDto,
  UpdateStageDto,
} from './pipeline.dto';

/** Pipelines and their stages: administrators write, the deals module reads. */
@ApiTags('deals')
@ApiBearerAuth()
@RequiresModule('deals')
@Controller('pipelines')
export class PipelinesController {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly deals: DealsService,
  ) {}

  @Get()
  list(@CurrentActor() actor: Actor): Promise<PipelineView[]> {
    return this.pipelines.list(actor);
  }

  @AdminOnly()
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreatePipelineDto): Promise<PipelineView> {
    return this.pipelines.create(actor, body);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PipelineView> {
    return this.pipelines.get(actor, id);
  }

  /** Stages with the count and amount sums of the deals you may see. */
  @Get(':id/board')
  board(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<BoardView> {
    return this.deals.board(actor, id);
  }

  @AdminOnly()
  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: UpdatePipelineDto,
  ): Promise<PipelineView> {
    return this.pipelines.update(actor, id, body);
  }

  /** 409 while the pipeline has deals or is the default. */
  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.pipelines.remove(actor, id);
  }

  @AdminOnly()
  @Post(':id/stages')
  addStage(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: StageDto,
  ): Promise<PipelineView> {
    return this.pipelines.addStage(actor, id, body);
  }

  @AdminOnly()
  @Put(':id/stages/order')
  reorderStages(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: ReorderStagesDto,
  ): Promise<PipelineView> {
    return this.pipelines.reorderStages(actor, id, body.stageIds);
  }

  @AdminOnly()
  @Patch(':id/stages/:stageId')
  updateStage(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('stageId') stageId: string,
    @Body() body: UpdateStageDto,
  ): Promise<PipelineView> {
    return this.pipelines.updateStage(actor, id, stageId, body);
  }

  /** 409 while the stage has deals; answers the pipeline as it is afterwards. */
  @AdminOnly()
  @Delete(':id/stages/:stageId')
  removeStage(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('stageId') stageId: string,
  ): Promise<PipelineView> {
    return this.pipelines.removeStage(actor, id, stageId);
  }
}
