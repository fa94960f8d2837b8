import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class VendorTagsQueryDto {
  @ApiPropertyOptional({ description: 'Only the tags and segments of this vendor list' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  listId?: string;
}
