import { Module } from '@nestjs/common';
import { ConnectorFieldsService } from './connector-fields.service';
import { CustomFieldsService } from './custom-fields.service';

@Module({
  providers: [CustomFieldsService, ConnectorFieldsService],
  exports: [CustomFieldsService, ConnectorFieldsService],
})
export class CustomFieldsModule {}
