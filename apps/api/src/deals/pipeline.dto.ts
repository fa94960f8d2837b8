import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
  ValidateNested,
} from 'class-validator';
import { STAGE_OUTCOMES, StageOutcome } from '@crm/core';

const MAX_STAGES = 50;

export class StageDto {
  @ApiProperty({ example: 'Propuesta', maxLength: 80 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 0, description: 'Default win probability, %' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number;

  @ApiPropertyOptional({ enum: STAGE_OUTCOMES, default: 'OPEN' })
  @IsOptional()
  @IsIn(STAGE_OUTCOMES)
  outcome?: StageOutcome;
}

export class UpdateStageDto extends PartialType(StageDto) {}

export class CreatePipelineDto {
  @ApiProperty({ example: 'Ventas', maxLength: 80 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name: string;

  @ApiPropertyOptional({ description: 'true makes this the default pipeline and unsets the previous one' })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;

  @ApiPropertyOptional({ type: [StageDto], description: 'In board order' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_STAGES)
  @ValidateNested({ each: true })
  @Type(() => StageDto)
  stages?: StageDto[];
}

export class UpdatePipelineDto extends PartialType(OmitType(CreatePipelineDto, ['stages'] as const)) {}

export class ReorderStagesDto {
  @ApiProperty({ type: [String], description: 'Every stage id of the pipeline, in the new order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAGES)
  @IsString({ each: true })
  stageIds: string[];
}
