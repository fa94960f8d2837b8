import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  MAPPING_DIRECTIONS,
  MAPPING_MODULES,
  type MappingDirection,
  type MappingModule,
} from '@crm/connector-sdk';

/** Whose mappings: a list (or, for account-wide fields, the account) and a CRM module or all of them. */
export class MappingsQueryDto {
  @ApiPropertyOptional({
    description:
      'The vendor list whose mappings to show; required unless the connector’s fields are the ' +
      'account’s (then one mapping serves every list, and a list only says where to read the fields)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  listId?: string;

  @ApiPropertyOptional({
    enum: MAPPING_MODULES,
    description:
      'The CRM module whose records the mappings map; absent: the mappings every module without ' +
      'its own uses, checked against the subscriber module',
  })
  @IsOptional()
  @IsIn(MAPPING_MODULES)
  module?: MappingModule;
}

export class FieldMappingDto {
  @ApiProperty({ example: 'FNAME' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  vendorField: string;

  @ApiProperty({ example: 'firstName', description: 'A CRM field key of the module mapped' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  crmField: string;

  @ApiProperty({ enum: MAPPING_DIRECTIONS })
  @IsIn(MAPPING_DIRECTIONS)
  direction: MappingDirection;
}

/** All mappings of one list (or the account) for one module or all; replaces what was saved for it. */
export class ReplaceMappingsDto extends MappingsQueryDto {
  @ApiProperty({ type: [FieldMappingDto], description: 'Must include the locked defaults unchanged' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => FieldMappingDto)
  mappings: FieldMappingDto[];
}
