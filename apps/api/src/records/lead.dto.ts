import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LEAD_STATUSES, LeadStatus, PICKLIST_VALUE_MAX_LENGTH } from '@crm/core';
import { PersonDto } from './person.dto';

export class CreateLeadDto extends PersonDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(160)
  company?: string | null;

  @ApiPropertyOptional({ enum: LEAD_STATUSES, default: 'NEW' })
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;

  @ApiPropertyOptional({ description: 'A value of the lead.source picklist', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH)
  source?: string | null;
}

export class UpdateLeadDto extends PartialType(CreateLeadDto) {}
