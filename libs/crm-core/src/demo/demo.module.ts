import { Module } from '@nestjs/common';
import { DemoSeeder } from './demo.seeder';

/** Imported by the API only: the demo tenant is seeded by the process that serves it. */
@Module({ providers: [DemoSeeder] })
export class DemoModule {}
