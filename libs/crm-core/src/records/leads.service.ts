import { Injectable } from '@nestjs/common';
import { FieldProblem, TenantId } from '@crm/platform';
import { PicklistsService } from '../picklists/picklists.service';
import { leadCatalog } from './record-catalogs';
import { RecordDefinition } from './record-definition';
import { Lead } from './record.entities';
import { RecordService, RecordServiceDependencies } from './record.service';

export const leadDefinition: RecordDefinition<Lead> = {
  module: 'leads',
  aggregateType: 'lead',
  entity: Lead,
  resourceName: 'Lead',
  catalog: leadCatalog,
  searchColumns: ['firstName', 'lastName', 'company', 'phone'],
  defaultSort: [{ field: 'createdAt', direction: 'desc' }],
  writableFields: [
    'firstName',
    'lastName',
    'company',
    'title',
    'phone',
    'status',
    'source',
    'emailOptOut',
    'ownerId',
    'teamId',
  ],
  requiredFields: ['lastName', 'status', 'emailOptOut'],
};

/** Prospective people not yet qualified into contacts. */
@Injectable()
export class LeadsService extends RecordService<Lead> {
  constructor(
    dependencies: RecordServiceDependencies,
    private readonly picklists: PicklistsService,
  ) {
    super(leadDefinition, dependencies);
  }

  protected defaults(): Partial<Lead> {
    return {
      firstName: null,
      company: null,
      title: null,
      phone: null,
      status: 'NEW',
      source: null,
      emailOptOut: false,
      teamId: null,
    };
  }

  protected validateFields(
    tenantId: TenantId,
    fields: Partial<Lead>,
    existing: Lead | null,
  ): Promise<FieldProblem[]> {
    return this.picklists.check(tenantId, [
      { field: 'source', picklistKey: 'lead.source', value: fields.source, current: existing?.source },
    ]);
  }
}
