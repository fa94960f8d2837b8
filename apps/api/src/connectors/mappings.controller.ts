import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FieldMappingsService } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { MappingsQueryDto, ReplaceMappingsDto } from './field-mappings.dto';

/**
 * Vendor field ↔ CRM field mappings per list and CRM module, with both sides' fields for the
 * mapping screen. Records of a module use its own mappings, else the list's for every module.
 */
@ApiTags('Installations')
@ApiBearerAuth()
@Controller('installations/:id/mappings')
export class MappingsController {
  constructor(private readonly mappings: FieldMappingsService) {}

  @Get()
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: MappingsQueryDto) {
    return this.mappings.get(actor, id, query);
  }

  /** Admins only; replaces the mappings of the list and module, every problem in one 400, warnings in the answer. */
  @Put()
  replace(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReplaceMappingsDto) {
    return this.mappings.replace(actor, id, body);
  }

  /** Admins only; forgets the module's own mappings (or the list's), answering what is in force then. */
  @Delete()
  reset(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: MappingsQueryDto) {
    return this.mappings.reset(actor, id, query);
  }
}
