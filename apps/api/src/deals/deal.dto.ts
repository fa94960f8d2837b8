import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_BULK_DEALS, MAX_DEAL_LINES } from '@crm/core';
import { ListQueryDto } from '../common/list-query.dto';

const MAX_CENTS = Number.MAX_SAFE_INTEGER;

export class CreateDealDto {
  @ApiProperty({ example: 'Renovación 2025', maxLength: 160 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name: string;

  @ApiPropertyOptional({ description: "Defaults to the tenant's default pipeline" })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  pipelineId?: string;

  @ApiPropertyOptional({ description: 'A stage of the pipeline; defaults to its first stage' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  stageId?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  organizationId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  contactId?: string | null;

  @ApiPropertyOptional({
    example: 1500000,
    description: 'Cents; not settable while the deal has lines (their sum)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  amountCents?: number;

  @ApiProperty({ example: 'MXN', description: 'ISO 4217 code, upper case' })
  @IsString()
  @Length(3, 3)
  currency: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expectedCloseAt?: Date | null;

  @ApiPropertyOptional({ description: 'A user of the tenant; defaults to you' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  ownerId?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  teamId?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Custom field values by key',
  })
  @IsOptional()
  @IsObject()
  custom?: Record<string, unknown>;
}

export class UpdateDealDto extends PartialType(CreateDealDto) {}

export class DealListQueryDto extends ListQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  pipelineId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  stageId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  organizationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  contactId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  ownerId?: string;
}

export class DealLineDto {
  @ApiPropertyOptional({ description: 'A product of the tenant' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  productId?: string;

  @ApiPropertyOptional({ maxLength: 255, description: "Defaults to the product's name" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string;

  @ApiProperty({ minimum: 1, example: 2 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;

  @ApiPropertyOptional({
    minimum: 0,
    description: "Cents; defaults to the product's price in the deal's currency",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  unitPriceCents?: number;
}

export class ReplaceDealLinesDto {
  @ApiProperty({ type: [DealLineDto], description: 'Replaces every line; the deal amount becomes their sum' })
  @IsArray()
  @ArrayMaxSize(MAX_DEAL_LINES)
  @ValidateNested({ each: true })
  @Type(() => DealLineDto)
  lines: DealLineDto[];
}

export class MoveDealDto {
  @ApiProperty({ description: "A stage of the deal's pipeline" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  stageId: string;
}

export class BulkDealsDto {
  @ApiProperty({ enum: ['update', 'delete'] })
  @IsIn(['update', 'delete'])
  action: 'update' | 'delete';

  @ApiProperty({ type: [String], maxItems: MAX_BULK_DEALS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_DEALS)
  @IsString({ each: true })
  ids: string[];

  @ApiPropertyOptional({ type: UpdateDealDto, description: 'Required for update' })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateDealDto)
  changes?: UpdateDealDto;
}
