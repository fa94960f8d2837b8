import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { NOT_BLANK } from './create-user.dto';

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 80, example: 'nightly import script' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(80)
  name: string;
}
