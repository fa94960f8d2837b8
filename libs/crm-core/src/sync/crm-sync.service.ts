import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { TenantId } from '@crm/platform';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { PicklistsService } from '../picklists/picklists.service';
import {
  Contact,
  EmailAddress,
  EmailOwnerType,
  Lead,
  Organization,
  RecordTag,
} from '../records/record.entities';
import type { FilterGroup } from '../views/filter.types';
import { ModuleFiltersService } from '../views/module-filters.service';
import { CrmFieldInfo, SUBSCRIBER_FIELDS, SubscriberModuleKey } from './subscriber-fields';

export interface SyncSubscriber {
  module: SubscriberModuleKey;
  recordId: string;
  emailAddressId: string;
  email: string;
  isPrimary: boolean;
  useInMarketing: boolean;
  status: EmailAddress['status'];
  optOut: boolean;
  fields: Record<string, unknown>;
  tags: string[];
  updatedAt: Date;
}

export interface SubscriberSelection {
  recordIds?: string[];
  filter?: unknown;
  afterEmailAddressId?: string;
  limit: number;
}

const OWNER_TYPE: Record<SubscriberModuleKey, EmailOwnerType> = {
  contacts: 'contact',
  leads: 'lead',
  organizations: 'organization',
};
const ENTITY = { contacts: Contact, leads: Lead, organizations: Organization } as const;

/**
 * The CRM side of synchronisation, in the shape the connector framework's CrmSyncPort expects:
 * the CRM knows nothing of connectors, the apps bind this service to the port.
 */
@Injectable()
export class CrmSyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customFields: CustomFieldsService,
    private readonly picklists: PicklistsService,
    private readonly filters: ModuleFiltersService,
  ) {}

  /** Mappable fields of a module: standard ones, picklist values, then custom fields. */
  async fieldCatalog(tenantId: TenantId, module: SubscriberModuleKey): Promise<CrmFieldInfo[]> {
    const picklists = await this.picklists.list(tenantId);
    const optionsOf = (key: string) =>
      picklists
        .find((p) => p.key === key)
        ?.values.filter((v) => v.active)
        .map((v) => v.value);
    const standard: CrmFieldInfo[] = SUBSCRIBER_FIELDS[module].map(({ picklist, ...field }) =>
      picklist ? { ...field, options: optionsOf(picklist) ?? [] } : field,
    );
    const custom = await this.customFields.list(tenantId, module);
    return [
      ...standard,
      ...custom.map((definition) => ({
        key: `custom.${definition.key}`,
        label: definition.label,
        type: definition.type,
        required: definition.required,
        ...(definition.options ? { options: definition.options } : {}),
      })),
    ];
  }

  async readSubscribers(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    selection: SubscriberSelection,
  ): Promise<SyncSubscriber[]> {
    const query = await this.selectEmails(tenantId, module, selection);
    if (selection.afterEmailAddressId)
      query.andWhere('ea.id > :after', { after: selection.afterEmailAddressId });
    const emails = await query.orderBy('ea.id', 'ASC').limit(selection.limit).getMany();
    return this.describe(tenantId, module, emails);
  }

  async countSubscribers(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    selection: Omit<SubscriberSelection, 'limit' | 'afterEmailAddressId'>,
  ): Promise<number> {
    return (await this.selectEmails(tenantId, module, { ...selection, limit: 0 })).getCount();
  }

  async findByEmail(tenantId: TenantId, email: string): Promise<SyncSubscriber[]> {
    const emails = await this.dataSource
      .getRepository(EmailAddress)
      .find({
        where: { tenantId, emailNormalized: email.trim().toLowerCase() },
        order: { createdAt: 'ASC' },
      });
    const result: SyncSubscriber[] = [];
    for (const module of Object.keys(OWNER_TYPE) as SubscriberModuleKey[]) {
      const own = emails.filter((e) => e.ownerType === OWNER_TYPE[module]);
      if (own.length) result.push(...(await this.describe(tenantId, module, own)));
    }
    return result;
  }

  private async selectEmails(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    selection: SubscriberSelection,
  ): Promise<SelectQueryBuilder<EmailAddress>> {
    const query = this.dataSource
      .getRepository(EmailAddress)
      .createQueryBuilder('ea')
      .innerJoin(ENTITY[module], 'r', 'r.id = ea.ownerId AND r.tenantId = ea.tenantId')
      .where('ea.tenantId = :tenantId', { tenantId })
      .andWhere('ea.ownerType = :ownerType', { ownerType: OWNER_TYPE[module] });
    if (selection.recordIds) {
      if (selection.recordIds.length === 0) return query.andWhere('1 = 0');
      query.andWhere('r.id IN (:...recordIds)', { recordIds: selection.recordIds });
    }
    if (selection.filter) {
      const context = await this.filters.context(tenantId, module, 'r');
      this.filters.applyFilter(query, context, selection.filter as FilterGroup);
    }
    return query;
  }

  /** Joins each address to its record's fields and tags (three queries per page). */
  private async describe(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    emails: EmailAddress[],
  ): Promise<SyncSubscriber[]> {
    if (emails.length === 0) return [];
    const ids = [...new Set(emails.map((e) => e.ownerId))];
    const records = await this.dataSource.getRepository(ENTITY[module]).findBy({ tenantId, id: In(ids) });
    const byId = new Map<string, Contact | Lead | Organization>(records.map((r) => [r.id, r]));
    const tags = await this.dataSource
      .getRepository(RecordTag)
      .find({ where: { tenantId, module, recordId: In(ids) }, order: { tag: 'ASC' } });
    const organizations =
      module === 'contacts'
        ? await this.organizationsOf(tenantId, records as unknown as Contact[])
        : new Map<string, Organization>();
    return emails
      .filter((email) => byId.has(email.ownerId))
      .map((email) => {
        const record = byId.get(email.ownerId)!;
        return {
          module,
          recordId: record.id,
          emailAddressId: email.id,
          email: email.emailNormalized,
          isPrimary: email.isPrimary,
          useInMarketing: email.useInMarketing,
          status: email.status,
          optOut: 'emailOptOut' in record ? record.emailOptOut : false,
          fields: this.fieldValues(module, record, email, organizations),
          tags: tags.filter((t) => t.recordId === record.id).map((t) => t.tag),
          updatedAt: record.updatedAt > email.updatedAt ? record.updatedAt : email.updatedAt,
        };
      });
  }

  private async organizationsOf(tenantId: TenantId, contacts: Contact[]): Promise<Map<string, Organization>> {
    const ids = [...new Set(contacts.map((c) => c.organizationId).filter((id): id is string => !!id))];
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(Organization).findBy({ tenantId, id: In(ids) });
    return new Map(rows.map((o) => [o.id, o]));
  }

  private fieldValues(
    module: SubscriberModuleKey,
    record: Contact | Lead | Organization,
    email: EmailAddress,
    organizations: Map<string, Organization>,
  ): Record<string, unknown> {
    const values: Record<string, unknown> = { email: email.emailNormalized };
    const source = record as unknown as Record<string, unknown>;
    for (const field of SUBSCRIBER_FIELDS[module]) {
      if (field.key === 'email') continue;
      if (field.key.startsWith('organization.')) {
        const organization = organizations.get((record as Contact).organizationId ?? '');
        values[field.key] = organization
          ? ((organization as unknown as Record<string, unknown>)[field.key.slice(13)] ?? null)
          : null;
      } else values[field.key] = source[field.key] ?? null;
    }
    for (const [key, value] of Object.entries(record.custom ?? {})) values[`custom.${key}`] = value;
    return values;
  }
}
