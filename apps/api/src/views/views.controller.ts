import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  OmitType,
  PartialType,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Actor, FilterGroup, VIEW_MODULES, ViewModule, ViewsService } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { ListQueryDto } from '../common/list-query.dto';

export class SortSpecDto {
  @ApiProperty()
  @IsString()
  @MaxLength(80)
  field: string;

  @ApiProperty({ enum: ['asc', 'desc'] })
  @IsIn(['asc', 'desc'])
  direction: 'asc' | 'desc';
}

export class CreateViewDto {
  @ApiProperty({ enum: VIEW_MODULES })
  @IsIn(VIEW_MODULES)
  module: ViewModule;

  @ApiProperty({ example: 'Clientes de la zona Norte' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'AND/OR filter (see POST /api/contacts/search)',
  })
  @IsObject()
  filter: FilterGroup;

  @ApiPropertyOptional({ type: [SortSpecDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => SortSpecDto)
  sort?: SortSpecDto[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  columns?: string[];

  @ApiPropertyOptional({ default: true, description: 'Shared with the tenant, or private to you' })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}

export class UpdateViewDto extends PartialType(OmitType(CreateViewDto, ['module'] as const)) {}

export class ViewFieldsQueryDto {
  @ApiProperty({ enum: VIEW_MODULES })
  @IsIn(VIEW_MODULES)
  module: ViewModule;
}

export class ViewListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: VIEW_MODULES })
  @IsOptional()
  @IsIn(VIEW_MODULES)
  module?: ViewModule;
}

@ApiTags('Views')
@ApiBearerAuth()
@Controller('views')
export class ViewsController {
  constructor(private readonly views: ViewsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ViewListQueryDto) {
    return this.views.list(actor, query.module, query);
  }

  /** The fields, operators and values a filter (or a sort) over the module may use. */
  @Get('fields')
  fields(@CurrentActor() actor: Actor, @Query() query: ViewFieldsQueryDto) {
    return this.views.fields(actor, query.module);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.views.getVisible(actor, id);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateViewDto) {
    return this.views.create(actor, body);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateViewDto) {
    return this.views.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.views.remove(actor, id);
  }
}
