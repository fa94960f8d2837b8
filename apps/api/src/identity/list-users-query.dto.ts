import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { ListQueryDto } from '../common/list-query.dto';

export class ListUsersQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only active (true) or only deactivated (false) users' })
  @IsOptional()
  // Query strings are text; anything but true/false stays a string and fails IsBoolean.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}
