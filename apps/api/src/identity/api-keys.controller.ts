import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ApiKeysService, ApiKeyView, CreatedApiKey, Page } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateApiKeyDto } from './create-api-key.dto';

/** The caller's own keys for scripts (`Authorization: Bearer crm_k_…`). */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListQueryDto): Promise<Page<ApiKeyView>> {
    return this.keys.list(actor, query);
  }

  @Post()
  @ApiCreatedResponse({ description: 'The full key is in `key`, shown this once only' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.keys.create(actor, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
