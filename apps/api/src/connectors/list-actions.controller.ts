import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListAdditionsService, ListAdditionView } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { AddToListDto } from './add-to-list.dto';

/** What users do to vendor lists from CRM list views. Other tenants' installations answer 404. */
@ApiTags('Sync')
@ApiBearerAuth()
@Controller('installations/:id/actions')
export class ListActionsController {
  constructor(private readonly additions: ListAdditionsService) {}

  /**
   * Any user who may see the installation (and the module): adds the records' marketing
   * addresses to the list with the tag, and answers what became of each record.
   */
  @Post('add-to-audience')
  @HttpCode(200)
  addToAudience(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: AddToListDto,
  ): Promise<ListAdditionView> {
    return this.additions.add(actor, id, body);
  }
}
