import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { LIST_ADDITION_MODULES, type ListAdditionModule } from '@crm/connector-sdk';

/** Most records one "add to audience" call takes. */
export const MAX_RECORDS_PER_ADDITION = 1000;

/** Selected contacts or leads, the vendor list to add them to, and a tag for them. */
export class AddToListDto {
  @ApiProperty({ enum: LIST_ADDITION_MODULES })
  @IsIn(LIST_ADDITION_MODULES)
  module: ListAdditionModule;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: MAX_RECORDS_PER_ADDITION })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RECORDS_PER_ADDITION)
  @IsUUID('all', { each: true })
  recordIds: string[];

  @ApiProperty({ description: "The vendor's id of one of the installation's lists (Mailchimp audiences)" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  listId: string;

  @ApiPropertyOptional({
    example: 'Feria 2025',
    description: "Added to every member; at most the connector's tag length (Mailchimp: 100 characters)",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  tag?: string;
}
