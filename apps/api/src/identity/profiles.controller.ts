import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Page, Profile, ProfilesService } from '@crm/core';
import { AdminOnly, CurrentActor } from '../auth/auth.decorators';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateProfileDto } from './create-profile.dto';
import { UpdateProfileDto } from './update-profile.dto';

@ApiTags('profiles')
@ApiBearerAuth()
@Controller('profiles')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListQueryDto): Promise<Page<Profile>> {
    return this.profiles.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Profile> {
    return this.profiles.get(actor, id);
  }

  @AdminOnly()
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProfileDto): Promise<Profile> {
    return this.profiles.create(actor, dto);
  }

  @AdminOnly()
  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: UpdateProfileDto,
  ): Promise<Profile> {
    return this.profiles.update(actor, id, dto);
  }

  /** 409 for built-in profiles and for profiles still assigned to users. */
  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.profiles.remove(actor, id);
  }
}
