import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Type as NestType,
  ValidationPipe,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import type { Actor, OwnedRecord, RecordModule, RecordService } from '@crm/core';
import { createValidationPipe } from '@crm/platform';
import { CurrentActor, RequiresModule } from '../auth/auth.decorators';
import { EmailInputDto, EmailUpdateDto } from './record-common.dto';
import { BulkBaseDto, RecordListQueryDto, RecordSearchDto } from './record-search.dto';

/** Validates a body against a DTO class known only at runtime (the global pipe sees `Object`). */
const bodyOf = (dto: NestType<unknown>): ValidationPipe => createValidationPipe(dto);

/**
 * One REST surface for organizations, contacts and leads (list, search, CRUD, bulk, email
 * addresses), built from the module's service and DTOs so the three stay identical.
 */
export function createRecordController<E extends OwnedRecord>(options: {
  module: RecordModule;
  tag: string;
  service: NestType<RecordService<E>>;
  createDto: NestType<object>;
  updateDto: NestType<object>;
}): NestType<unknown> {
  const { module, service, createDto, updateDto } = options;

  class BulkDto extends BulkBaseDto {
    @IsOptional()
    @ValidateNested()
    @Type(() => updateDto)
    changes?: object;
  }
  Object.defineProperty(BulkDto, 'name', { value: `Bulk${options.tag}Dto` });

  @ApiTags(options.tag)
  @ApiBearerAuth()
  @RequiresModule(module)
  @Controller(module)
  class RecordController {
    constructor(readonly records: RecordService<E>) {}

    @Get()
    @ApiOperation({ summary: `List ${module} (search, sort, page, saved view)` })
    list(@CurrentActor() actor: Actor, @Query() query: RecordListQueryDto) {
      return this.records.list(actor, query);
    }

    @Post('search')
    @HttpCode(200)
    @ApiOperation({ summary: `Search ${module} with an AND/OR filter` })
    search(@CurrentActor() actor: Actor, @Body() body: RecordSearchDto) {
      return this.records.list(actor, body);
    }

    @Post('bulk')
    @HttpCode(200)
    @ApiBody({ type: BulkDto })
    @ApiOperation({ summary: `Mass update, delete or tag ${module}` })
    bulk(@CurrentActor() actor: Actor, @Body(bodyOf(BulkDto)) body: BulkDto) {
      return this.records.bulk(actor, body as never);
    }

    @Get(':id')
    get(@CurrentActor() actor: Actor, @Param('id') id: string) {
      return this.records.get(actor, id);
    }

    @Post()
    @ApiBody({ type: createDto })
    create(@CurrentActor() actor: Actor, @Body(bodyOf(createDto)) body: object) {
      return this.records.create(actor, body as never);
    }

    @Patch(':id')
    @ApiBody({ type: updateDto })
    update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body(bodyOf(updateDto)) body: object) {
      return this.records.update(actor, id, body as never);
    }

    @Delete(':id')
    @HttpCode(204)
    async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
      await this.records.remove(actor, id);
    }

    @Post(':id/emails')
    addEmail(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: EmailInputDto) {
      return this.records.addEmail(actor, id, body);
    }

    @Patch(':id/emails/:emailId')
    updateEmail(
      @CurrentActor() actor: Actor,
      @Param('id') id: string,
      @Param('emailId') emailId: string,
      @Body() body: EmailUpdateDto,
    ) {
      return this.records.updateEmail(actor, id, emailId, body);
    }

    @Delete(':id/emails/:emailId')
    removeEmail(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('emailId') emailId: string) {
      return this.records.removeEmail(actor, id, emailId);
    }
  }

  // Inject the module's concrete service class.
  Reflect.defineMetadata('design:paramtypes', [service], RecordController);
  Object.defineProperty(RecordController, 'name', { value: `${options.tag}Controller` });
  return RecordController;
}
