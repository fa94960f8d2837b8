import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InstallationsService, UninstallService } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { AdminOnly, CurrentActor } from '../auth/auth.decorators';

/** Installed connectors the caller's scope admits; admins uninstall them. */
@ApiTags('Installations')
@ApiBearerAuth()
@Controller('installations')
export class InstallationsController {
  constructor(
    private readonly installations: InstallationsService,
    private readonly uninstaller: UninstallService,
  ) {}

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.installations.list(actor);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.installations.describe(actor, id);
  }

  /** Answers with what was removed and what could not be cleaned up at the vendor. */
  @Delete(':id')
  @AdminOnly()
  @HttpCode(200)
  uninstall(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.uninstaller.uninstall(actor, id);
  }
}
