import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SyncSettingsService } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { SyncSettingsDto } from './sync-settings.dto';

/** The sync wizard's settings of an installation: defaults until an admin saves them. */
@ApiTags('Installations')
@ApiBearerAuth()
@Controller('installations/:id/settings')
export class SettingsController {
  constructor(private readonly settings: SyncSettingsService) {}

  @Get()
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.settings.get(actor, id);
  }

  /** Each scheduled job (the sync, imports…) with how often it runs and the connector's default. */
  @Get('schedules')
  schedules(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.settings.schedules(actor, id);
  }

  /** Admins only; validated as a whole, every problem in one 400. */
  @Put()
  replace(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SyncSettingsDto) {
    return this.settings.replace(actor, id, body);
  }
}
