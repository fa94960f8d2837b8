import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  ACTIVITY_BODY_MAX,
  ACTIVITY_RECORD_MODULES,
  ACTIVITY_SUBJECT_MAX,
  ACTIVITY_TYPES,
  ActivityRecordModule,
  ActivityType,
  MAX_ACTIVITY_LINKS,
} from '@crm/core';
import { ListQueryDto } from '../common/list-query.dto';

export class ActivityLinkDto {
  @ApiProperty({ enum: ACTIVITY_RECORD_MODULES })
  @IsIn(ACTIVITY_RECORD_MODULES)
  module: ActivityRecordModule;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  recordId: string;
}

export class CreateActivityDto {
  @ApiProperty({ enum: ACTIVITY_TYPES })
  @IsIn(ACTIVITY_TYPES)
  type: ActivityType;

  @ApiProperty({ example: 'Reunión de seguimiento', maxLength: ACTIVITY_SUBJECT_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(ACTIVITY_SUBJECT_MAX)
  subject: string;

  @ApiPropertyOptional({ nullable: true, maxLength: ACTIVITY_BODY_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(ACTIVITY_BODY_MAX)
  body?: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'When it happened, or when a calendar event starts',
  })
  @Type(() => Date)
  @IsDate()
  occurredAt: Date;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Required for CALENDAR_EVENT',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  endsAt?: Date | null;

  @ApiProperty({ type: [ActivityLinkDto], description: 'The records whose timelines show it (1–500)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ACTIVITY_LINKS)
  @ValidateNested({ each: true })
  @Type(() => ActivityLinkDto)
  links: ActivityLinkDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Location, addresses…',
  })
  @IsOptional()
  @IsObject()
  meta?: Record<string, unknown> | null;
}

/** `links`, when given, replaces the links you can see. */
export class UpdateActivityDto extends PartialType(CreateActivityDto) {}

export class ActivityListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ACTIVITY_TYPES })
  @IsOptional()
  @IsIn(ACTIVITY_TYPES)
  type?: ActivityType;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'occurredAt on or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'occurredAt on or before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export class TimelineParamsDto {
  @ApiProperty({ enum: ACTIVITY_RECORD_MODULES })
  @IsIn(ACTIVITY_RECORD_MODULES)
  module: ActivityRecordModule;

  @ApiProperty()
  @IsString()
  id: string;
}

export class TimelineQueryDto extends PickType(ListQueryDto, ['page', 'pageSize'] as const) {
  @ApiPropertyOptional({ description: 'Comma-separated activity types', example: 'EMAIL_IN,EMAIL_OUT' })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((type) => type.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @IsIn(ACTIVITY_TYPES, { each: true })
  types?: ActivityType[];
}
