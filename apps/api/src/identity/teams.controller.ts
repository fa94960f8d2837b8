import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Page, Team, TeamsService, UserView } from '@crm/core';
import { AdminOnly, CurrentActor } from '../auth/auth.decorators';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateTeamDto } from './create-team.dto';
import { SetTeamMembersDto } from './set-team-members.dto';
import { UpdateTeamDto } from './update-team.dto';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListQueryDto): Promise<Page<Team>> {
    return this.teams.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Team> {
    return this.teams.get(actor, id);
  }

  @AdminOnly()
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTeamDto): Promise<Team> {
    return this.teams.create(actor, dto);
  }

  @AdminOnly()
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateTeamDto): Promise<Team> {
    return this.teams.update(actor, id, dto);
  }

  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.teams.remove(actor, id);
  }

  @Get(':id/members')
  members(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: ListQueryDto,
  ): Promise<Page<UserView>> {
    return this.teams.members(actor, id, query);
  }

  @AdminOnly()
  @Put(':id/members')
  setMembers(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: SetTeamMembersDto,
  ): Promise<{ teamId: string; userIds: string[] }> {
    return this.teams.setMembers(actor, id, dto.userIds);
  }
}
