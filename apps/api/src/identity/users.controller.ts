import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Page, UsersService, UserView } from '@crm/core';
import { AdminOnly, CurrentActor } from '../auth/auth.decorators';
import { CreateUserDto } from './create-user.dto';
import { ListUsersQueryDto } from './list-users-query.dto';
import { UpdateUserDto } from './update-user.dto';

/**
 * Reads are open to every signed-in user: owner pickers and record headers need other users'
 * names, and the view holds nothing secret. Creating, changing and deactivating need an admin.
 */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQueryDto): Promise<Page<UserView>> {
    return this.users.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<UserView> {
    return this.users.get(actor, id);
  }

  @AdminOnly()
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(actor, dto);
  }

  @AdminOnly()
  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserView> {
    return this.users.update(actor, id, dto);
  }

  /** Deactivates (the row stays for ownership history) and signs the user out. */
  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  deactivate(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.users.deactivate(actor, id);
  }
}
