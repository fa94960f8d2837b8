import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** A date and time with its zone: a bare date or a local time would be read in the server's zone. */
const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class CampaignSendPreviewDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A saved view of organizations (their contacts) or of contacts',
  })
  @IsUUID()
  viewId: string;

  @ApiProperty({ description: 'A draft campaign of the account (see sendable-campaigns)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  campaignId: string;
}

export class CreateCampaignSendDto extends CampaignSendPreviewDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-06-01T09:15:00Z',
    description:
      'Schedule instead of sending now: in the future, on the vendor’s step (Mailchimp: :00, :15, :30, :45)',
  })
  @IsOptional()
  @Matches(DATE_TIME_WITH_ZONE, {
    message: 'must be an ISO 8601 date and time with its zone, e.g. 2026-06-01T09:15:00Z',
  })
  scheduleAt?: string;
}
