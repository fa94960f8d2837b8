import { DynamicModule, Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module';
import { InstallationsModule } from '../installations/installations.module';
import { ScheduleLeaseService } from '../scheduling/schedule-lease.service';
import { SyncScheduler } from '../scheduling/sync-scheduler';
import { OutboxRelay } from './outbox-relay';
import { WebhookReceiver } from './webhook-receiver';

/**
 * Real time and schedules: webhooks are received by any API process; the outbox relay and the
 * scheduler run only where the worker runs (worker processes, or the embedded API).
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
        ...(options.worker ? [OutboxRelay, SyncScheduler] : []),
      ],
      exports: [
        ScheduleLeaseService,
        WebhookReceiver,
        ...(options.worker ? [OutboxRelay, SyncScheduler] : []),
      ],
    };
  }
}
