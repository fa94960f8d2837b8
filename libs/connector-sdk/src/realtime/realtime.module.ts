import { DynamicModule, Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module';
import { InstallationsModule } from '../installations/installations.module';
import { ConnectorJobScheduler } from '../scheduling/job-scheduler';
import { ScheduleLeaseService } from '../scheduling/schedule-lease.service';
import { ScheduledSyncRuns } from '../scheduling/scheduled-sync-runs';
import { SyncScheduler } from '../scheduling/sync-scheduler';
import { OutboxRelay } from './outbox-relay';
import { WebhookReceiver } from './webhook-receiver';

/**
 * Real time and schedules: webhooks are received by any API process; the outbox relay and the
 * schedulers run only where the worker runs (worker processes, or the embedded API).
 */
@Module({})
export class RealtimeModule {
  static forRoot(options: { worker: boolean }): DynamicModule {
    return {
      module: RealtimeModule,
      imports: [InstallationsModule, EngineModule],
      providers: [
        ScheduleLeaseService,
        WebhookReceiver,
        ScheduledSyncRuns,
        ...(options.worker ? [OutboxRelay, ConnectorJobScheduler, SyncScheduler] : []),
      ],
      exports: [
        ScheduleLeaseService,
        WebhookReceiver,
        ...(options.worker ? [OutboxRelay, ConnectorJobScheduler, SyncScheduler] : []),
      ],
    };
  }
}
