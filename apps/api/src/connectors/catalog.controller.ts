import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { VendorCatalogService } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { CreateVendorFieldDto } from './create-vendor-field.dto';

/** The vendor account's lists and fields, read fresh through the connector. */
@ApiTags('Installations')
@ApiBearerAuth()
@Controller('installations/:id/lists')
export class CatalogController {
  constructor(private readonly catalog: VendorCatalogService) {}

  /** Lists at the vendor now, plus the ones deleted there (status DELETED, kept as history). */
  @Get()
  lists(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.catalog.visibleLists(actor, id);
  }

  @Get(':listId/fields')
  fields(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('listId') listId: string) {
    return this.catalog.visibleFields(actor, id, listId);
  }

  /** Admins only (checked after the installation, so other tenants see 404). */
  @Post(':listId/fields')
  createField(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('listId') listId: string,
    @Body() body: CreateVendorFieldDto,
  ) {
    return this.catalog.createField(actor, id, listId, body);
  }
}
