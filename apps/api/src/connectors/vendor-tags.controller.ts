import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SyncRunsService, VendorCatalogService } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { VendorTagsQueryDto } from './vendor-tags.dto';

/** The Segments/Tags records of an installation, and "Sync tags". Other tenants' answer 404. */
@ApiTags('Installations')
@ApiBearerAuth()
@Controller('installations/:id/tags')
export class VendorTagsController {
  constructor(
    private readonly catalog: VendorCatalogService,
    private readonly runs: SyncRunsService,
  ) {}

  /** Tags and segments of the installation's lists, read fresh from the vendor and kept as records. */
  @Get()
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: VendorTagsQueryDto) {
    return this.catalog.visibleTags(actor, id, query.listId);
  }

  /** Admins: 202 with a TAGS run that applies the CRM's tags again to every linked member. */
  @Post('sync')
  @HttpCode(202)
  sync(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.runs.requestTagSync(actor, id);
  }
}
