import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PersonDto } from './person.dto';

export class CreateContactDto extends PersonDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;
}

export class UpdateContactDto extends PartialType(CreateContactDto) {}
