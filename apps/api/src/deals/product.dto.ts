import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ListQueryDto } from '../common/list-query.dto';

export class CreateProductDto {
  @ApiProperty({ example: 'Licencia anual', maxLength: 160 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(160)
  name: string;

  @ApiProperty({ example: 'LIC-ANUAL', maxLength: 64, description: 'Unique per tenant (case-insensitive)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  sku: string;

  @ApiProperty({ example: 125000, description: 'Price in cents of `currency`' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  unitPriceCents: number;

  @ApiProperty({ example: 'MXN', description: 'ISO 4217 code, upper case' })
  @IsString()
  @Length(3, 3)
  currency: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateProductDto extends PartialType(CreateProductDto) {}

export class ProductListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only active (true) or inactive (false) products' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}
