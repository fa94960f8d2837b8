import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LEAD_STATUSES, LeadStatus, PICKLIST_VALUE_MAX_LENGTH } from '@crm/core';
import { RecordCommonDto } from './record-common.dto';

export class CreateLeadDto extends RecordCommonDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  firstName?: string | null;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  lastName: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(160)
  company?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  title?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ enum: LEAD_STATUSES, default: 'NEW' })
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;

  @ApiPropertyOptional({ description: 'A value of the lead.source picklist', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH)
  source?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  emailOptOut?: boolean;
}

export class UpdateLeadDto extends PartialType(CreateLeadDto) {}
