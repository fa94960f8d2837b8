import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { VendorCatalogService, VendorStore } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';

/** The vendor account's e-commerce stores, read fresh: the settings' choice for abandoned carts. */
@ApiTags('Installations')
@ApiBearerAuth()
@Controller('installations/:id/stores')
export class StoresController {
  constructor(private readonly catalog: VendorCatalogService) {}

  /** `[{id, name, currency}]`; empty for a connector without e-commerce carts. */
  @Get()
  stores(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<VendorStore[]> {
    return this.catalog.visibleStores(actor, id);
  }
}
