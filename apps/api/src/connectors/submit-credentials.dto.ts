import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class SubmitCredentialsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'The connector’s credential fields by key (its manifest’s auth.fields), e.g. {"apiKey": "…"}',
  })
  @IsObject()
  fields: Record<string, unknown>;
}
