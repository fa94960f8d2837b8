import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { PicklistsModule } from '../picklists/picklists.module';
import { ViewsModule } from '../views/views.module';
import { ContactsService } from './contacts.service';
import { LeadsService } from './leads.service';
import { OrganizationsService } from './organizations.service';
import { RecordServiceDependencies } from './record.service';

@Module({
  imports: [CustomFieldsModule, PicklistsModule, ViewsModule, ActivitiesModule],
  providers: [RecordServiceDependencies, OrganizationsService, ContactsService, LeadsService],
  exports: [OrganizationsService, ContactsService, LeadsService],
})
export class RecordsModule {}
