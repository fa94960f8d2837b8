import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SMTP_SECURITY, SmtpSecurity } from '@crm/core';

/** Seed 000: "Host, Port, Usuario, Password, Tipo". */
export class PutSmtpAccountDto {
  @ApiProperty({ example: 'smtp.example.com', maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  host: string;

  @ApiProperty({ minimum: 1, maximum: 65535, example: 587 })
  @IsInt()
  @Min(1)
  @Max(65535)
  port: number;

  @ApiProperty({ maxLength: 254 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  username: string;

  @ApiPropertyOptional({
    format: 'password',
    description: 'Required the first time; omit to keep the stored one. Never returned.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  password?: string;

  @ApiPropertyOptional({ enum: SMTP_SECURITY, default: 'STARTTLS' })
  @IsOptional()
  @IsIn(SMTP_SECURITY)
  security?: SmtpSecurity;
}
