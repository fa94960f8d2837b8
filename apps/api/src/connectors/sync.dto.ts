import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { RECORD_ACTIONS, RecordAction } from '@crm/connector-sdk';
import { PageQueryDto } from '../common/list-query.dto';

export class RequestSyncDto {
  @ApiPropertyOptional({
    description: 'Plan and report the full diff without writing to either side',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    enum: ['FULL', 'INCREMENTAL'],
    default: 'FULL',
    description: 'FULL reads every vendor member; INCREMENTAL only those changed since the last sync',
  })
  @IsOptional()
  @IsIn(['FULL', 'INCREMENTAL'])
  kind?: 'FULL' | 'INCREMENTAL';
}

export { PageQueryDto };

export class RunRecordsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RECORD_ACTIONS, description: 'Only lines with this action' })
  @IsOptional()
  @IsIn(RECORD_ACTIONS)
  action?: RecordAction;
}

const RECORD_MODULES = ['contacts', 'leads', 'organizations'] as const;

export class RecordRefQueryDto {
  @ApiProperty({ enum: RECORD_MODULES })
  @IsIn(RECORD_MODULES)
  module: (typeof RECORD_MODULES)[number];

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  recordId: string;
}

/** `module`, `recordId` and paging. */
export class RecordHistoryQueryDto extends IntersectionType(RecordRefQueryDto, PageQueryDto) {}

export class ReplayFailuresDto {
  @ApiPropertyOptional({ type: [String], description: 'Failed record ids to replay' })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  ids?: string[];

  @ApiPropertyOptional({ description: 'Replay every open failure with this reason (e.g. VALIDATION)' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  reasonCode?: string;
}
