import { Module } from '@nestjs/common';
import { PicklistsService } from './picklists.service';

@Module({
  providers: [PicklistsService],
  exports: [PicklistsService],
})
export class PicklistsModule {}
