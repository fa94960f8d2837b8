import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IMPORT_KINDS, ImportKind } from '@crm/connector-sdk';
import { PageQueryDto } from '../common/list-query.dto';

export class ImportRunsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_KINDS })
  @IsOptional()
  @IsIn(IMPORT_KINDS)
  kind?: ImportKind;
}
