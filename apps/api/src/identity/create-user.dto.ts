import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { MIN_PASSWORD_LENGTH } from '@crm/core';

/** `es`, `pl`, `it-IT`… */
export const LOCALE_PATTERN = /^[a-z]{2}(-[A-Z]{2})?$/;
export const NOT_BLANK = /\S/;

export class CreateUserDto {
  @ApiProperty({ example: 'ana@example.com', description: 'Stored lower-cased; unique in the tenant' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 120 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(120)
  name: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, format: 'password' })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password: string;

  @ApiProperty({ description: 'A profile of the tenant' })
  @IsString()
  @MaxLength(36)
  profileId: string;

  @ApiPropertyOptional({ type: [String], description: 'Teams of the tenant' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  teamIds?: string[];

  @ApiPropertyOptional({ example: 'es', default: 'es' })
  @IsOptional()
  @Matches(LOCALE_PATTERN, { message: 'locale must look like es or es-MX' })
  locale?: string;
}
