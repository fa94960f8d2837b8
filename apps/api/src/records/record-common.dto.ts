import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  EMAIL_STATUSES,
  EmailStatus,
  MAX_EMAILS_PER_RECORD,
  MAX_TAG_LENGTH,
  MAX_TAGS_PER_RECORD,
} from '@crm/core';

export class EmailInputDto {
  @ApiPropertyOptional({ description: 'Id of an existing address of the record (to update it in place)' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: 'ana.lopez@example.mx' })
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isPrimary?: boolean;

  @ApiPropertyOptional({ description: '"Usar en Marketing"', default: true })
  @IsOptional()
  @IsBoolean()
  useInMarketing?: boolean;

  @ApiPropertyOptional({ enum: EMAIL_STATUSES, default: 'ACTIVE' })
  @IsOptional()
  @IsIn(EMAIL_STATUSES)
  status?: EmailStatus;
}

export class EmailUpdateDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isPrimary?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  useInMarketing?: boolean;

  @ApiPropertyOptional({ enum: EMAIL_STATUSES })
  @IsOptional()
  @IsIn(EMAIL_STATUSES)
  status?: EmailStatus;
}

/** Fields every organization, contact and lead accepts. */
export class RecordCommonDto {
  @ApiPropertyOptional({ type: [EmailInputDto], description: 'On update, replaces the whole list' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EMAILS_PER_RECORD)
  @ValidateNested({ each: true })
  @Type(() => EmailInputDto)
  emails?: EmailInputDto[];

  @ApiPropertyOptional({ type: [String], description: 'On update, replaces the whole list' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS_PER_RECORD)
  @IsString({ each: true })
  @MaxLength(MAX_TAG_LENGTH, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    description: 'Custom field values by key',
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  custom?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Defaults to the creating user' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;
}
