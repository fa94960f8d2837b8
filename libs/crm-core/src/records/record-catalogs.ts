import { column, FieldCatalog } from '../views/field-catalog';
import { LEAD_STATUSES, ORGANIZATION_KINDS } from './record.entities';

const common: FieldCatalog = {
  id: column('id', 'string', { sortable: false }),
  ownerId: column('ownerId', 'string', { sortable: false }),
  teamId: column('teamId', 'string', { sortable: false }),
  createdAt: column('createdAt', 'date'),
  updatedAt: column('updatedAt', 'date'),
};

export const organizationCatalog: FieldCatalog = {
  ...common,
  name: column('name', 'string'),
  kind: column('kind', 'enum', { values: ORGANIZATION_KINDS }),
  rating: column('rating', 'string', { picklist: 'organization.rating' }),
  clientType: column('clientType', 'string', { picklist: 'organization.clientType' }),
  businessLine: column('businessLine', 'string', { picklist: 'organization.businessLine' }),
  origin: column('origin', 'string', { picklist: 'organization.origin' }),
  zone: column('zone', 'string', { picklist: 'organization.zone' }),
  salesperson: column('salesperson', 'string', { picklist: 'organization.salesperson' }),
  website: column('website', 'string'),
  phone: column('phone', 'string'),
  city: column('city', 'string'),
  country: column('country', 'string'),
};

/** A field of the contact's organization, read through a correlated subquery. */
const organizationField = (name: string, type: 'string' | 'enum', picklist?: string) => ({
  type,
  sortable: false,
  picklist,
  expression: (alias: string) =>
    `(SELECT o.${name} FROM organization o WHERE o.id = ${alias}.organizationId AND o.tenantId = ${alias}.tenantId)`,
});

export const contactCatalog: FieldCatalog = {
  ...common,
  firstName: column('firstName', 'string'),
  lastName: column('lastName', 'string'),
  title: column('title', 'string'),
  phone: column('phone', 'string'),
  emailOptOut: column('emailOptOut', 'boolean'),
  organizationId: column('organizationId', 'string', { sortable: false }),
  'organization.name': organizationField('name', 'string'),
  'organization.kind': { ...organizationField('kind', 'enum'), values: ORGANIZATION_KINDS },
  'organization.rating': organizationField('rating', 'string', 'organization.rating'),
  'organization.clientType': organizationField('clientType', 'string', 'organization.clientType'),
  'organization.businessLine': organizationField('businessLine', 'string', 'organization.businessLine'),
  'organization.origin': organizationField('origin', 'string', 'organization.origin'),
  'organization.zone': organizationField('zone', 'string', 'organization.zone'),
  'organization.salesperson': organizationField('salesperson', 'string', 'organization.salesperson'),
};

export const leadCatalog: FieldCatalog = {
  ...common,
  firstName: column('firstName', 'string'),
  lastName: column('lastName', 'string'),
  company: column('company', 'string'),
  title: column('title', 'string'),
  phone: column('phone', 'string'),
  status: column('status', 'enum', { values: LEAD_STATUSES }),
  source: column('source', 'string', { picklist: 'lead.source' }),
  emailOptOut: column('emailOptOut', 'boolean'),
};

export const dealCatalog: FieldCatalog = {
  ...common,
  name: column('name', 'string'),
  pipelineId: column('pipelineId', 'string', { sortable: false }),
  stageId: column('stageId', 'string', { sortable: false }),
  organizationId: column('organizationId', 'string', { sortable: false }),
  contactId: column('contactId', 'string', { sortable: false }),
  amountCents: column('amountCents', 'number'),
  currency: column('currency', 'string'),
  expectedCloseAt: column('expectedCloseAt', 'date'),
};
