import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  CampaignClickersService,
  ClickerActionsService,
  ClickerEventResult,
  ClickerMassEditResult,
  ClickerView,
  Page,
  TrackedLinkView,
} from '@crm/core';
import { CurrentActor, RequiresModule } from '../auth/auth.decorators';
import {
  ClickerEventDto,
  ClickerListQueryDto,
  ClickerMassEditDto,
  LinkListQueryDto,
} from './campaign-clickers.dto';
import { ClickerFieldsPipe } from './clicker-fields.pipe';

/**
 * A campaign's tracked links and their clickers (the leads, organizations and contacts that
 * clicked), with mass actions on them. Clickers follow record visibility: you see, and act on,
 * only the ones whose records you may see; others you name are reported as not found.
 */
@ApiTags('campaigns')
@ApiBearerAuth()
@RequiresModule('activities')
@Controller('campaigns/:id/links')
export class CampaignClickersController {
  constructor(
    private readonly clickers: CampaignClickersService,
    private readonly actions: ClickerActionsService,
  ) {}

  /** The links in the vendor's report order, with their clicks and the clickers you may see per module. */
  @Get()
  links(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: LinkListQueryDto,
  ): Promise<Page<TrackedLinkView>> {
    return this.clickers.listLinks(actor, id, query);
  }

  /** The link's clickers, most clicks first; `module` filters them by record type. */
  @Get(':linkId/clickers')
  list(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('linkId') linkId: string,
    @Query() query: ClickerListQueryDto,
  ): Promise<Page<ClickerView>> {
    return this.clickers.listClickers(actor, id, linkId, query);
  }

  /** Sets the same fields on the selected clickers of one module, validated as a record update is. */
  @Post(':linkId/clickers/mass-edit')
  @HttpCode(200)
  massEdit(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('linkId') linkId: string,
    @Body(ClickerFieldsPipe) body: ClickerMassEditDto,
  ): Promise<ClickerMassEditResult> {
    const { fields, ...selection } = body;
    return this.actions.massEdit(actor, id, linkId, selection, fields);
  }

  /** One calendar event linked to each selected clicker, shown on their timelines. */
  @Post(':linkId/clickers/events')
  event(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('linkId') linkId: string,
    @Body() body: ClickerEventDto,
  ): Promise<ClickerEventResult> {
    const { subject, startsAt, endsAt, description, ...selection } = body;
    return this.actions.createEvent(actor, id, linkId, selection, { subject, startsAt, endsAt, description });
  }
}
