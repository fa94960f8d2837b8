import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { CreateUserDto } from './create-user.dto';

/** Every field optional; the email cannot change (it is the sign-in name). */
export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['email'] as const)) {
  @ApiPropertyOptional({ description: 'false deactivates the user and ends their sessions' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
