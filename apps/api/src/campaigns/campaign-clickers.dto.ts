import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { ACTIVITY_BODY_MAX, ACTIVITY_SUBJECT_MAX, CLICKER_MODULES, ClickerModule } from '@crm/core';
import { ListQueryDto } from '../common/list-query.dto';

/** `?q=` searches the url; `sort` by position, clicks, uniqueClicks or url. */
export class LinkListQueryDto extends ListQueryDto {}

/** `?q=` searches the clicker's address; `sort` by clicks, email or lastImportedAt. */
export class ClickerListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: CLICKER_MODULES, description: 'Only clickers of this module' })
  @IsOptional()
  @IsIn(CLICKER_MODULES)
  module?: ClickerModule;
}

/** Which clickers an action is for: `recordIds` of one module, or `all: true` of them. */
export class ClickerSelectionDto {
  @ApiProperty({ enum: CLICKER_MODULES })
  @IsIn(CLICKER_MODULES)
  module: ClickerModule;

  @ApiPropertyOptional({ type: [String], maxItems: 1000, description: 'Records among the link’s clickers' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  recordIds?: string[];

  @ApiPropertyOptional({ description: 'Every clicker of the module that you may see (instead of recordIds)' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}

export class ClickerMassEditDto extends ClickerSelectionDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The fields to set, as PATCH /api/{module}/:id takes them (custom fields under `custom`); ' +
      'email addresses and tags are not mass-edited',
    example: { status: 'CONTACTED' },
  })
  @IsObject()
  fields: Record<string, unknown>;
}

export class ClickerEventDto extends ClickerSelectionDto {
  @ApiProperty({ example: 'Llamar: interesados en las rebajas', maxLength: ACTIVITY_SUBJECT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(ACTIVITY_SUBJECT_MAX)
  subject: string;

  @ApiProperty({ type: String, format: 'date-time' })
  @Type(() => Date)
  @IsDate()
  startsAt: Date;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'An hour after startsAt when left out',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  endsAt?: Date;

  @ApiPropertyOptional({ maxLength: ACTIVITY_BODY_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(ACTIVITY_BODY_MAX)
  description?: string;
}
