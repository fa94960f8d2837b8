import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  // Capped so that nobody can make the server scrypt megabytes.
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ description: 'Tenant slug; needed only when the email belongs to several tenants' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  tenant?: string;
}
