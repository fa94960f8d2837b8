import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ORGANIZATION_KINDS, OrganizationKind, PICKLIST_VALUE_MAX_LENGTH } from '@crm/core';
import { RecordCommonDto } from './record-common.dto';

const picklistText = { message: `must be at most ${PICKLIST_VALUE_MAX_LENGTH} characters` };

export class CreateOrganizationDto extends RecordCommonDto {
  @ApiProperty({ example: 'Abarrotes La Esperanza' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS, description: 'Client or prospect' })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;

  @ApiProperty({ description: 'Calificación — a value of the organization.rating picklist' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH, picklistText)
  rating: string;

  @ApiProperty({ description: 'Tipo de Cliente/Prospecto — organization.clientType picklist' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH, picklistText)
  clientType: string;

  @ApiPropertyOptional({ description: 'Giro', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH, picklistText)
  businessLine?: string | null;

  @ApiPropertyOptional({ description: 'Origen', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH, picklistText)
  origin?: string | null;

  @ApiPropertyOptional({ description: 'Zona', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH, picklistText)
  zone?: string | null;

  @ApiPropertyOptional({ description: 'Vendedor', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH, picklistText)
  salesperson?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  website?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  city?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  country?: string | null;
}

export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto) {}
