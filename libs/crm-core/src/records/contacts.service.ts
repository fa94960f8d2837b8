import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FieldProblem, OutboxEventInput, TenantId } from '@crm/platform';
import { Deal } from '../deals/deal.entities';
import { contactCatalog } from './record-catalogs';
import { RecordDefinition } from './record-definition';
import { Contact, Organization } from './record.entities';
import { RecordService, RecordServiceDependencies } from './record.service';

export const contactDefinition: RecordDefinition<Contact> = {
  module: 'contacts',
  aggregateType: 'contact',
  entity: Contact,
  resourceName: 'Contact',
  catalog: contactCatalog,
  searchColumns: ['firstName', 'lastName', 'phone'],
  defaultSort: [
    { field: 'lastName', direction: 'asc' },
    { field: 'firstName', direction: 'asc' },
  ],
  writableFields: [
    'organizationId',
    'firstName',
    'lastName',
    'title',
    'phone',
    'emailOptOut',
    'ownerId',
    'teamId',
  ],
  requiredFields: ['lastName', 'emailOptOut'],
};

/** People, linked to an organization or not (Corcava's contacts; Zoho's Contacts module). */
@Injectable()
export class ContactsService extends RecordService<Contact> {
  constructor(dependencies: RecordServiceDependencies) {
    super(contactDefinition, dependencies);
  }

  protected defaults(): Partial<Contact> {
    return {
      organizationId: null,
      firstName: null,
      title: null,
      phone: null,
      emailOptOut: false,
      teamId: null,
    };
  }

  protected async validateFields(tenantId: TenantId, fields: Partial<Contact>): Promise<FieldProblem[]> {
    if (!fields.organizationId) return [];
    const exists = await this.dataSource
      .getRepository(Organization)
      .existsBy({ tenantId, id: fields.organizationId });
    return exists ? [] : [{ field: 'organizationId', reason: 'is not an organization of this tenant' }];
  }

  protected override async beforeDelete(
    manager: EntityManager,
    tenantId: TenantId,
    record: Contact,
    _events: OutboxEventInput[],
  ): Promise<void> {
    await manager.update(Deal, { tenantId, contactId: record.id }, { contactId: null });
  }
}
