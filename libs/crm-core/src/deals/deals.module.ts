import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { DealsService } from './deals.service';
import { ImportedDealsService } from './imported-deals.service';
import { PipelinesService } from './pipelines.service';
import { ProductsService } from './products.service';

@Module({
  imports: [CustomFieldsModule, ActivitiesModule],
  providers: [PipelinesService, ProductsService, DealsService, ImportedDealsService],
  exports: [PipelinesService, ProductsService, DealsService, ImportedDealsService],
})
export class DealsModule {}
