import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CONFLICT_WINNERS,
  JOB_FREQUENCIES,
  type JobScheduleOverrides,
  LIST_SELECTIONS,
  SCHEDULE_FREQUENCIES,
  SUBSCRIBER_MODULES,
  SYNC_DIRECTIONS,
  SYNC_TYPES,
  type SyncSettingsData,
} from '@crm/connector-sdk';

const VENDOR_ID_MAX = 120;
const SCHEDULES = ['off', ...SCHEDULE_FREQUENCIES] as const;

export class CartSettingsDto {
  @ApiProperty({ description: 'Needs a connector with e-commerce carts' })
  @IsBoolean()
  enabled: boolean;

  @ApiProperty({ type: [String], description: 'At least one when enabled; cleared when disabled' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(VENDOR_ID_MAX, { each: true })
  storeIds: string[];
}

/** Per CRM module: an unsubscribe from one list closes the address for every list. */
export class GlobalUnsubscribeDto implements NonNullable<SyncSettingsData['globalUnsubscribe']> {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  leads?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  organizations?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  contacts?: boolean;
}

/** The whole sync wizard, saved at once (PUT replaces it). */
export class SyncSettingsDto implements SyncSettingsData {
  @ApiProperty({ enum: LIST_SELECTIONS })
  @IsIn(LIST_SELECTIONS)
  listSelection: SyncSettingsData['listSelection'];

  @ApiProperty({ type: [String], description: 'SELECTIVE: at least one vendor list id; BULK: ignored' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(VENDOR_ID_MAX, { each: true })
  listIds: string[];

  @ApiProperty({ enum: SYNC_TYPES })
  @IsIn(SYNC_TYPES)
  syncType: SyncSettingsData['syncType'];

  @ApiProperty({ enum: SYNC_DIRECTIONS, nullable: true, description: 'ONE_WAY: required; TWO_WAY: null' })
  @ValidateIf((settings: SyncSettingsDto) => settings.direction !== null)
  @IsIn(SYNC_DIRECTIONS)
  direction: SyncSettingsData['direction'];

  @ApiProperty({ enum: CONFLICT_WINNERS })
  @IsIn(CONFLICT_WINNERS)
  conflictWinner: SyncSettingsData['conflictWinner'];

  @ApiProperty({ enum: SCHEDULES, description: 'off, or one of the connector’s schedules' })
  @IsIn(SCHEDULES)
  schedule: SyncSettingsData['schedule'];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...JOB_FREQUENCIES] },
    example: { CAMPAIGNS: 'hourly', CAMPAIGN_ACTIVITY: 'daily' },
    description:
      'How often each of the connector’s scheduled jobs runs, by job kind, where it should not ' +
      'run as the connector’s default (see GET /installations/{id}/schedules); the sync itself ' +
      'runs as `schedule` says',
  })
  @IsOptional()
  @IsObject()
  schedules?: JobScheduleOverrides;

  @ApiProperty({ type: CartSettingsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CartSettingsDto)
  carts: CartSettingsDto;

  @ApiProperty({ enum: SUBSCRIBER_MODULES, description: 'The CRM module that receives subscribers' })
  @IsIn(SUBSCRIBER_MODULES)
  subscriberModule: SyncSettingsData['subscriberModule'];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The list CRM records go to; required when data flows CRM → vendor',
  })
  @ValidateIf((settings: SyncSettingsDto) => settings.targetListId !== null)
  @IsString()
  @IsNotEmpty()
  @MaxLength(VENDOR_ID_MAX)
  targetListId: string | null;

  @ApiPropertyOptional({
    type: GlobalUnsubscribeDto,
    description: 'Only for connectors whose lists are fed by saved views (MailUp); off unless set',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => GlobalUnsubscribeDto)
  globalUnsubscribe?: GlobalUnsubscribeDto;
}
