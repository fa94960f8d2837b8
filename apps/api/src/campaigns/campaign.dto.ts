import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CAMPAIGN_RECIPIENT_MODULES, CampaignRecipientModule } from '@crm/core';
import { ListQueryDto, PageQueryDto } from '../common/list-query.dto';

export class CampaignListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only campaigns imported by this installation' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  installationId?: string;

  @ApiPropertyOptional({ description: "The vendor's status, e.g. `sent`" })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  status?: string;
}

/** `?q=` searches the recipient's address; `sort` by email, lastEventAt, opened or clicked. */
export class RecipientListQueryDto extends ListQueryDto {}

export class CampaignActivityParamsDto {
  @ApiProperty({ enum: CAMPAIGN_RECIPIENT_MODULES })
  @IsIn(CAMPAIGN_RECIPIENT_MODULES)
  module: CampaignRecipientModule;

  @ApiProperty()
  @IsString()
  @MaxLength(36)
  id: string;
}

export { PageQueryDto };
