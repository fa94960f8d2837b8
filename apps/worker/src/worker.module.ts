import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig } from '@crm/platform';
import { CrmCoreModule } from '@crm/core';

/**
 * Worker composition root: the CRM core without HTTP, consuming every queue and running the
 * schedules. Run as many as the load needs; they share work through the BullMQ queues.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CrmCoreModule.forRoot(config, { worker: true }), ScheduleModule.forRoot()],
    };
  }
}
