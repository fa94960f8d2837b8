import { Module } from '@nestjs/common';
import { HousekeepingSchedule } from './housekeeping.schedule';
import { PurgeOutboxJob } from './purge-outbox.job';

/** Imported by CrmCoreModule only in processes that run the worker (the worker, the embedded API). */
@Module({ providers: [HousekeepingSchedule, PurgeOutboxJob] })
export class HousekeepingModule {}
