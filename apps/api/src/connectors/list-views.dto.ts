import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';

/** Most saved views one list takes. */
export const MAX_VIEWS_PER_LIST = 50;

/** The saved views whose records a list takes (PUT replaces them; an empty list detaches all). */
export class ListViewsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: MAX_VIEWS_PER_LIST,
    description:
      'Saved views of the modules the connector’s lists take (MailUp: leads, organizations, contacts)',
  })
  @IsArray()
  @ArrayMaxSize(MAX_VIEWS_PER_LIST)
  @IsUUID('all', { each: true })
  viewIds: string[];
}

export class SubscribersSyncDto {
  @ApiPropertyOptional({
    description: 'Plan and report the whole update without writing to either side',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
