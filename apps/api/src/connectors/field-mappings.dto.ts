import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAPPING_DIRECTIONS, type MappingDirection } from '@crm/connector-sdk';

export class MappingsQueryDto {
  @ApiProperty({ description: 'The vendor list whose mappings to show' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  listId: string;
}

export class FieldMappingDto {
  @ApiProperty({ example: 'FNAME' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  vendorField: string;

  @ApiProperty({ example: 'firstName', description: 'A CRM field key of the subscriber module' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  crmField: string;

  @ApiProperty({ enum: MAPPING_DIRECTIONS })
  @IsIn(MAPPING_DIRECTIONS)
  direction: MappingDirection;
}

/** All mappings of one list; replaces what was saved. */
export class ReplaceMappingsDto extends MappingsQueryDto {
  @ApiProperty({ type: [FieldMappingDto], description: 'Must include the locked defaults unchanged' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => FieldMappingDto)
  mappings: FieldMappingDto[];
}
