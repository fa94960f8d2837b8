import { Module } from '@nestjs/common';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { PicklistsModule } from '../picklists/picklists.module';
import { ViewsModule } from '../views/views.module';
import { CrmSyncService } from './crm-sync.service';

@Module({
  imports: [CustomFieldsModule, PicklistsModule, ViewsModule],
  providers: [CrmSyncService],
  exports: [CrmSyncService],
})
export class SyncModule {}
