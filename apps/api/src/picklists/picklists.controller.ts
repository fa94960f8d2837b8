import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { Actor, PICKLIST_VALUE_MAX_LENGTH, PicklistsService } from '@crm/core';
import { AdminOnly, CurrentActor } from '../auth/auth.decorators';

const tooLong = { message: `must be at most ${PICKLIST_VALUE_MAX_LENGTH} characters` };

export class CreatePicklistDto {
  @ApiProperty({ example: 'contact.interest' })
  @IsString()
  @MaxLength(80)
  key: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  label: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH, { each: true, ...tooLong })
  values?: string[];
}

export class UpdatePicklistDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  label?: string;
}

export class PicklistValueDto {
  @ApiProperty({ maxLength: PICKLIST_VALUE_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH, tooLong)
  value: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}

export class UpdatePicklistValueDto {
  @ApiPropertyOptional({ description: 'Renaming updates every record that uses the value' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(PICKLIST_VALUE_MAX_LENGTH, tooLong)
  value?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;

  @ApiPropertyOptional({ description: 'Inactive values stay on records but cannot be chosen' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Picklists are readable by every user (forms need them); only administrators change them. */
@ApiTags('Picklists')
@ApiBearerAuth()
@Controller('picklists')
export class PicklistsController {
  constructor(private readonly picklists: PicklistsService) {}

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.picklists.list(actor.tenantId);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.picklists.get(actor.tenantId, id);
  }

  @Post()
  @AdminOnly()
  create(@CurrentActor() actor: Actor, @Body() body: CreatePicklistDto) {
    return this.picklists.create(actor, body);
  }

  @Patch(':id')
  @AdminOnly()
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdatePicklistDto) {
    return this.picklists.update(actor, id, body);
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.picklists.remove(actor, id);
  }

  @Post(':id/values')
  @AdminOnly()
  addValue(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PicklistValueDto) {
    return this.picklists.addValue(actor, id, body);
  }

  @Patch(':id/values/:valueId')
  @AdminOnly()
  updateValue(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('valueId') valueId: string,
    @Body() body: UpdatePicklistValueDto,
  ) {
    return this.picklists.updateValue(actor, id, valueId, body);
  }

  @Delete(':id/values/:valueId')
  @AdminOnly()
  removeValue(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('valueId') valueId: string) {
    return this.picklists.removeValue(actor, id, valueId);
  }
}
