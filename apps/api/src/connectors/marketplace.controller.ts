import { Body, Controller, Get, Header, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InstallationsService, MarketplaceService } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { AdminOnly, CurrentActor, Public } from '../auth/auth.decorators';
import { InstallConnectorDto } from './install-connector.dto';

/** The connector catalogue with this tenant's install state; admins install from it. */
@ApiTags('Marketplace')
@ApiBearerAuth()
@Controller('marketplace')
export class MarketplaceController {
  constructor(
    private readonly marketplace: MarketplaceService,
    private readonly installations: InstallationsService,
  ) {}

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.marketplace.list(actor);
  }

  /** Public so an <img> can load it; the SVG is locked down in case a manifest ever carries script. */
  @Get(':key/logo.svg')
  @Public()
  @ApiProduces('image/svg+xml')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'public, max-age=3600')
  logo(@Param('key') key: string): string {
    return this.marketplace.logoSvg(key);
  }

  @Post(':key/install')
  @AdminOnly()
  install(@CurrentActor() actor: Actor, @Param('key') key: string, @Body() body: InstallConnectorDto) {
    return this.installations.install(actor, key, body);
  }
}
