import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FieldProblem, OutboxEventInput, TenantId } from '@crm/platform';
import { Deal } from '../deals/deal.entities';
import { ORGANIZATION_PICKLIST_FIELDS } from '../picklists/built-in-picklists';
import { PicklistsService } from '../picklists/picklists.service';
import { organizationCatalog } from './record-catalogs';
import { RecordDefinition } from './record-definition';
import { Contact, Organization } from './record.entities';
import { RecordService, RecordServiceDependencies } from './record.service';

export const organizationDefinition: RecordDefinition<Organization> = {
  module: 'organizations',
  aggregateType: 'organization',
  entity: Organization,
  resourceName: 'Organization',
  catalog: organizationCatalog,
  searchColumns: ['name', 'city'],
  defaultSort: [{ field: 'name', direction: 'asc' }],
  writableFields: [
    'name',
    'kind',
    'rating',
    'clientType',
    'businessLine',
    'origin',
    'zone',
    'salesperson',
    'website',
    'phone',
    'city',
    'country',
    'ownerId',
    'teamId',
  ],
  requiredFields: ['name', 'kind', 'rating', 'clientType'],
};

/** Organizations (clients and prospects) with the seed's classification fields. */
@Injectable()
export class OrganizationsService extends RecordService<Organization> {
  constructor(
    dependencies: RecordServiceDependencies,
    private readonly picklists: PicklistsService,
  ) {
    super(organizationDefinition, dependencies);
  }

  protected defaults(): Partial<Organization> {
    return {
      businessLine: null,
      origin: null,
      zone: null,
      salesperson: null,
      website: null,
      phone: null,
      city: null,
      country: null,
      teamId: null,
    };
  }

  protected validateFields(
    tenantId: TenantId,
    fields: Partial<Organization>,
    existing: Organization | null,
  ): Promise<FieldProblem[]> {
    return this.picklists.check(
      tenantId,
      (Object.keys(ORGANIZATION_PICKLIST_FIELDS) as Array<keyof typeof ORGANIZATION_PICKLIST_FIELDS>).map(
        (field) => ({
          field,
          picklistKey: ORGANIZATION_PICKLIST_FIELDS[field],
          value: fields[field],
          current: existing?.[field],
        }),
      ),
    );
  }

  /** Contacts and deals of a deleted organization stay, unlinked (with an event per contact). */
  protected override async beforeDelete(
    manager: EntityManager,
    tenantId: TenantId,
    record: Organization,
    events: OutboxEventInput[],
  ): Promise<void> {
    const contacts = await manager.find(Contact, {
      where: { tenantId, organizationId: record.id },
      select: ['id'],
    });
    if (contacts.length) {
      await manager.update(
        Contact,
        { tenantId, organizationId: record.id },
        { organizationId: null, updatedAt: new Date() },
      );
      for (const contact of contacts)
        events.push({
          aggregateType: 'contact',
          aggregateId: contact.id,
          type: 'contact.updated',
          payload: { changed: ['organizationId'] },
        });
    }
    await manager.update(Deal, { tenantId, organizationId: record.id }, { organizationId: null });
  }
}
