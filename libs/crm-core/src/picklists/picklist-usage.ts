import { Lead, Organization } from '../records/record.entities';

/** Which record column holds the values of each built-in picklist (for rename and in-use checks). */
export const PICKLIST_USAGE: Record<
  string,
  { entity: typeof Organization | typeof Lead; column: string; aggregateType: string }
> = {
  'organization.rating': { entity: Organization, column: 'rating', aggregateType: 'organization' },
  'organization.clientType': { entity: Organization, column: 'clientType', aggregateType: 'organization' },
  'organization.businessLine': {
    entity: Organization,
    column: 'businessLine',
    aggregateType: 'organization',
  },
  'organization.origin': { entity: Organization, column: 'origin', aggregateType: 'organization' },
  'organization.zone': { entity: Organization, column: 'zone', aggregateType: 'organization' },
  'organization.salesperson': { entity: Organization, column: 'salesperson', aggregateType: 'organization' },
  'lead.source': { entity: Lead, column: 'source', aggregateType: 'lead' },
};
