import { Module } from '@nestjs/common';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { ModuleFiltersService } from './module-filters.service';
import { ViewsService } from './views.service';

@Module({
  imports: [CustomFieldsModule],
  providers: [ModuleFiltersService, ViewsService],
  exports: [ModuleFiltersService, ViewsService],
})
export class ViewsModule {}
