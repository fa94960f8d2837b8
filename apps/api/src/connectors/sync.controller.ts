import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SyncRunsService } from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import {
  PageQueryDto,
  RecordHistoryQueryDto,
  RecordRefQueryDto,
  ReplayFailuresDto,
  RequestSyncDto,
  RunRecordsQueryDto,
} from './sync.dto';

/**
 * Sync runs and what they did: start one (admins), follow it, read its audit lines, work the
 * failure queue, and see a record's sync history and list memberships. Installations outside the
 * actor's scope, and other tenants', answer 404.
 */
@ApiTags('Sync')
@ApiBearerAuth()
@Controller()
export class SyncController {
  constructor(private readonly runs: SyncRunsService) {}

  /** 202 with the queued run; `dryRun` plans the full diff without writing anywhere. */
  @Post('installations/:id/sync')
  @HttpCode(202)
  requestSync(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RequestSyncDto) {
    return this.runs.requestSync(actor, id, body);
  }

  /** Newest first. */
  @Get('installations/:id/runs')
  listRuns(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.runs.listRuns(actor, id, query);
  }

  @Get('runs/:id')
  getRun(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.runs.getRun(actor, id);
  }

  /** The run's audit lines in processing order; `action` filters (ADD, UPDATE, SKIP, FAIL…). */
  @Get('runs/:id/records')
  runRecords(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: RunRecordsQueryDto) {
    return this.runs.runRecords(actor, id, query);
  }

  /** Open failures grouped by reason, with counts and samples. */
  @Get('installations/:id/failures')
  failures(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.runs.failureGroups(actor, id);
  }

  /** Admins: replay chosen failures (`ids`) or a reason group (`reasonCode`) as one REPLAY run. */
  @Post('installations/:id/failures/replay')
  @HttpCode(202)
  replay(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReplayFailuresDto) {
    return this.runs.replay(actor, id, body);
  }

  /** A record's sync history (audit lines across visible installations), newest first. */
  @Get('sync-records')
  recordHistory(@CurrentActor() actor: Actor, @Query() query: RecordHistoryQueryDto) {
    return this.runs.recordHistory(actor, query);
  }

  /** A record's member status in each vendor list it is linked to. */
  @Get('memberships')
  memberships(@CurrentActor() actor: Actor, @Query() query: RecordRefQueryDto) {
    return this.runs.memberships(actor, query);
  }
}
