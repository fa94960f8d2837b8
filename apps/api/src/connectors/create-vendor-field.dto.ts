import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { VENDOR_FIELD_TYPES, type VendorFieldType } from '@crm/connector-sdk';

/** A new field at the vendor; the connector's limits (key length, count, choices) are checked first. */
export class CreateVendorFieldDto {
  @ApiProperty({ example: 'Zona' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label: string;

  @ApiProperty({ enum: VENDOR_FIELD_TYPES })
  @IsIn(VENDOR_FIELD_TYPES)
  type: VendorFieldType;

  @ApiPropertyOptional({ example: 'ZONE', description: 'The vendor generates one when absent' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  key?: string;

  @ApiPropertyOptional({ type: [String], description: 'Dropdown fields only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  choices?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  required?: boolean;
}
