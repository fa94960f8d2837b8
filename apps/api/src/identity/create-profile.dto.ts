import { ApiProperty } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { CRM_MODULES, CrmModule, RECORD_ACCESS, RecordAccess } from '@crm/core';
import { NOT_BLANK } from './create-user.dto';

export class CreateProfileDto {
  @ApiProperty({ maxLength: 80, description: 'Unique in the tenant (case-insensitive)' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(80)
  name: string;

  @ApiProperty({
    description: 'Administrators manage users, profiles, teams and settings, and see every module',
  })
  @IsBoolean()
  isAdmin: boolean;

  @ApiProperty({ enum: RECORD_ACCESS })
  @IsIn(RECORD_ACCESS)
  recordAccess: RecordAccess;

  @ApiProperty({ enum: CRM_MODULES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(CRM_MODULES, { each: true })
  modules: CrmModule[];
}
