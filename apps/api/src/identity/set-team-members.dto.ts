import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString } from 'class-validator';
import { MAX_TEAM_MEMBERS_PER_REQUEST } from '@crm/core';

/** The complete member list; users not in it leave the team. */
export class SetTeamMembersDto {
  @ApiProperty({ type: [String], description: 'Users of the tenant' })
  @IsArray()
  @ArrayMaxSize(MAX_TEAM_MEMBERS_PER_REQUEST)
  @IsString({ each: true })
  userIds: string[];
}
