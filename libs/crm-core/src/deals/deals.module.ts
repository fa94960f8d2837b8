import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { DealsService } from './deals.service';
import { PipelinesService } from './pipelines.service';
import { ProductsService } from './products.service';

@Module({
  imports: [CustomFieldsModule, ActivitiesModule],
  providers: [PipelinesService, ProductsService, DealsService],
  exports: [PipelinesService, ProductsService, DealsService],
})
export class DealsModule {}
