import { Module } from '@nestjs/common';
import { HousekeepingSchedule } from './housekeeping.schedule';

/** Imported by CrmCoreModule only in processes that run the worker (the worker, the embedded API). */
@Module({ providers: [HousekeepingSchedule] })
export class HousekeepingModule {}
