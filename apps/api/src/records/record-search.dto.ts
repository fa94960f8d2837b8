import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import type { FilterGroup } from '@crm/core';
import { ListQueryDto } from '../common/list-query.dto';

export class RecordListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Apply a saved view of this module' })
  @IsOptional()
  @IsUUID()
  viewId?: string;
}

export class RecordSearchDto extends RecordListQueryDto {
  @ApiPropertyOptional({
    description:
      'AND/OR filter: {"op":"and","conditions":[{"field":"zone","operator":"eq","value":"Norte"}]}',
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  filter?: FilterGroup;
}

export const BULK_ACTIONS = ['update', 'delete', 'addTags', 'removeTags'] as const;

export class BulkBaseDto {
  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS)
  action: (typeof BULK_ACTIONS)[number];

  @ApiProperty({ type: [String], maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  @Type(() => String)
  tags?: string[];
}
