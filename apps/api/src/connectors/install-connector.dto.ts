import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, Equals, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { INSTALL_SCOPES, type InstallScope } from '@crm/connector-sdk';

export class InstallConnectorDto {
  @ApiProperty({ enum: INSTALL_SCOPES, description: 'Who sees and uses the connector' })
  @IsIn(INSTALL_SCOPES)
  scope: InstallScope;

  @ApiPropertyOptional({ type: [String], description: 'Required (non-empty) for scope PROFILES' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  profileIds?: string[];

  @ApiProperty({
    enum: [true],
    description: 'The connector’s terms must be accepted; who and when is recorded',
  })
  @Equals(true, { message: 'acceptTerms must be true: the terms must be accepted' })
  acceptTerms: boolean;
}
