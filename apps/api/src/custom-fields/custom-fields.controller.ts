import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  PartialType,
  PickType,
} from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  Actor,
  CUSTOM_FIELD_MODULES,
  CUSTOM_FIELD_TYPES,
  CustomFieldModule,
  CustomFieldsService,
  CustomFieldType,
} from '@crm/core';
import { AdminOnly, CurrentActor } from '../auth/auth.decorators';

export class CreateCustomFieldDto {
  @ApiProperty({ enum: CUSTOM_FIELD_MODULES })
  @IsIn(CUSTOM_FIELD_MODULES)
  module: CustomFieldModule;

  @ApiProperty({ example: 'birthday', description: 'a-z, 0-9 and _, starting with a letter' })
  @IsString()
  @MaxLength(40)
  key: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  label: string;

  @ApiProperty({ enum: CUSTOM_FIELD_TYPES })
  @IsIn(CUSTOM_FIELD_TYPES)
  type: CustomFieldType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ description: 'Text fields only, 1–255' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(255)
  maxLength?: number;

  @ApiPropertyOptional({ type: [String], description: 'Picklist fields only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  options?: string[];
}

export class UpdateCustomFieldDto extends PartialType(
  PickType(CreateCustomFieldDto, ['label', 'required', 'maxLength', 'options'] as const),
) {}

export class CustomFieldQueryDto {
  @ApiPropertyOptional({ enum: CUSTOM_FIELD_MODULES })
  @IsOptional()
  @IsIn(CUSTOM_FIELD_MODULES)
  module?: CustomFieldModule;
}

/** Custom properties per module: every user reads them (forms), administrators define them. */
@ApiTags('Custom fields')
@ApiBearerAuth()
@Controller('custom-fields')
export class CustomFieldsController {
  constructor(private readonly customFields: CustomFieldsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: CustomFieldQueryDto) {
    return this.customFields.list(actor.tenantId, query.module);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.customFields.get(actor.tenantId, id);
  }

  @Post()
  @AdminOnly()
  create(@CurrentActor() actor: Actor, @Body() body: CreateCustomFieldDto) {
    return this.customFields.create(actor, body);
  }

  @Patch(':id')
  @AdminOnly()
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateCustomFieldDto) {
    return this.customFields.update(actor, id, body);
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.customFields.remove(actor, id);
  }
}
