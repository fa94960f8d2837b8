import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { NotFoundError, TenantId, ValidationFailedError } from '@crm/platform';
import type { Actor } from '../access/actor';
import { ConnectorFieldInput, ConnectorFieldsService } from '../custom-fields/connector-fields.service';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { CRM_MODULES, Profile } from '../identity/profile.entity';
import { User } from '../identity/user.entity';
import { PicklistsService } from '../picklists/picklists.service';
import { ContactsService, contactDefinition } from '../records/contacts.service';
import { LeadsService, leadDefinition } from '../records/leads.service';
import { OrganizationsService, organizationDefinition } from '../records/organizations.service';
import { normalizeEmail } from '../records/email-input';
import { RecordInput } from '../records/record.service';
import {
  Contact,
  EmailAddress,
  EmailOwnerType,
  EmailStatus,
  Lead,
  Organization,
  OwnedRecord,
  RecordTag,
} from '../records/record.entities';
import type { FilterGroup } from '../views/filter.types';
import { SavedView } from '../views/saved-view.entity';
import { ModuleFiltersService } from '../views/module-filters.service';
import { classificationTags } from './classification-tags';
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
  /** Records any of these saved-view filters select. */
  anyOf?: unknown[];
  afterEmailAddressId?: string;
  limit: number;
}

/** Records that saved-view filters select, without an email address (keyset paged by id). */
export interface AddresslessSelection {
  anyOf: unknown[];
  afterRecordId?: string;
  limit: number;
}

/** A saved view as a sync reads it. */
export interface SyncSavedView {
  id: string;
  name: string;
  module: string;
  filter: unknown;
}

/** A contact with its addresses, as a campaign sent from a saved view sees it. */
export interface ViewPerson {
  recordId: string;
  name: string;
  optOut: boolean;
  emails: Array<{ emailAddressId: string; email: string; useInMarketing: boolean; status: EmailStatus }>;
}

export interface ViewPeopleQuery {
  filter?: unknown;
  afterRecordId?: string;
  limit: number;
}

const OWNER_TYPE: Record<SubscriberModuleKey, EmailOwnerType> = {
  contacts: 'contact',
  leads: 'lead',
  organizations: 'organization',
};
const ENTITY = { contacts: Contact, leads: Lead, organizations: Organization } as const;
const MODULE_OF_OWNER: Record<EmailOwnerType, SubscriberModuleKey> = {
  contact: 'contacts',
  lead: 'leads',
  organization: 'organizations',
};
const WRITABLE: Record<SubscriberModuleKey, ReadonlyArray<string>> = {
  contacts: contactDefinition.writableFields,
  leads: leadDefinition.writableFields,
  organizations: organizationDefinition.writableFields,
};
/** Statuses that keep a record's opt-out flag set when another of its addresses is re-opted in. */
const OPTED_OUT_STATUSES: ReadonlyArray<EmailStatus> = ['UNSUBSCRIBED_BY_USER', 'UNSUBSCRIBED_BY_US'];

/** Where a sync's change came from; stamped into the outbox events so relays skip echoes. */
export interface SyncChangeOrigin {
  installationId: string;
}

/**
 * The CRM side of synchronisation, in the shape the connector framework's CrmSyncPort expects:
 * the CRM knows nothing of connectors, the apps bind this service to the port.
 */
@Injectable()
export class CrmSyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customFields: CustomFieldsService,
    private readonly connectorFields: ConnectorFieldsService,
    private readonly picklists: PicklistsService,
    private readonly filters: ModuleFiltersService,
    private readonly contacts: ContactsService,
    private readonly leads: LeadsService,
    private readonly organizations: OrganizationsService,
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
    // Fields a connector keeps (its ids and links at the vendor) are filled by syncs, never mapped.
    const custom = (await this.customFields.list(tenantId, module)).filter((field) => !field.createdBy);
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

  async affectedRecordIds(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    changes: Array<{ module: SubscriberModuleKey; id: string }>,
  ): Promise<string[]> {
    const ids = new Set(changes.filter((c) => c.module === module).map((c) => c.id));
    const organizationIds = changes.filter((c) => c.module === 'organizations').map((c) => c.id);
    if (module === 'contacts' && organizationIds.length > 0) {
      const contacts = await this.dataSource
        .getRepository(Contact)
        .find({ where: { tenantId, organizationId: In(organizationIds) }, select: ['id'] });
      contacts.forEach((contact) => ids.add(contact.id));
    }
    return [...ids];
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

  /** Records the filters select that have no email address: a list fed by views reports them as skipped. */
  async addresslessRecords(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    selection: AddresslessSelection,
  ): Promise<string[]> {
    const query = this.dataSource
      .getRepository(ENTITY[module])
      .createQueryBuilder('r')
      .select('r.id', 'id')
      .where('r.tenantId = :tenantId', { tenantId })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM email_address ea WHERE ea.tenantId = r.tenantId' +
          ' AND ea.ownerType = :ownerType AND ea.ownerId = r.id)',
        { ownerType: OWNER_TYPE[module] },
      );
    this.filters.applyAnyFilter(
      query,
      await this.filters.context(tenantId, module, 'r'),
      selection.anyOf as FilterGroup[],
    );
    if (selection.afterRecordId) query.andWhere('r.id > :after', { after: selection.afterRecordId });
    const rows = await query.orderBy('r.id', 'ASC').limit(selection.limit).getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  async savedViews(tenantId: TenantId, viewIds: string[]): Promise<SyncSavedView[]> {
    if (viewIds.length === 0) return [];
    const views = await this.dataSource.getRepository(SavedView).findBy({ tenantId, id: In(viewIds) });
    return views.map(({ id, name, module, filter }) => ({ id, name, module, filter }));
  }

  async currentEmails(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    emailAddressIds: string[],
  ): Promise<Map<string, string>> {
    if (emailAddressIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(EmailAddress)
      .createQueryBuilder('ea')
      .innerJoin(ENTITY[module], 'r', 'r.id = ea.ownerId AND r.tenantId = ea.tenantId')
      .select(['ea.id', 'ea.emailNormalized'])
      .where('ea.tenantId = :tenantId', { tenantId })
      .andWhere('ea.ownerType = :ownerType', { ownerType: OWNER_TYPE[module] })
      .andWhere('ea.id IN (:...ids)', { ids: emailAddressIds })
      .getMany();
    return new Map(rows.map((row) => [row.id, row.emailNormalized]));
  }

  async findByEmail(tenantId: TenantId, email: string): Promise<SyncSubscriber[]> {
    const emails = await this.dataSource.getRepository(EmailAddress).find({
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

  /** The custom fields a connector keeps on records, created when an installation is authorized. */
  ensureConnectorFields(
    tenantId: TenantId,
    connectorKey: string,
    fields: ConnectorFieldInput[],
  ): Promise<number> {
    return this.connectorFields.ensure(tenantId, connectorKey, fields);
  }

  /** A sync's values for a connector's fields (its member ids, links at the vendor). */
  setConnectorFieldValues(
    tenantId: TenantId,
    connectorKey: string,
    module: SubscriberModuleKey,
    rows: Array<{ recordId: string; values: Record<string, string> }>,
  ): Promise<void> {
    return this.connectorFields.setValues(tenantId, connectorKey, module, rows);
  }

  /**
   * Deletes the custom fields a connector added (createdBy = its key) and their values when it is
   * uninstalled; fields an admin created stay. Returns how many were removed.
   */
  removeConnectorFields(tenantId: TenantId, connectorKey: string): Promise<number> {
    return this.connectorFields.remove(tenantId, connectorKey);
  }

  /**
   * The contacts a saved view selects — its own (a contacts view) or those of the organizations
   * it selects — in id order, with all their addresses (two queries per page).
   */
  async readViewPeople(
    tenantId: TenantId,
    module: 'organizations' | 'contacts',
    query: ViewPeopleQuery,
  ): Promise<ViewPerson[]> {
    const contacts = this.dataSource
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where('c.tenantId = :tenantId', { tenantId });
    const filter = query.filter as FilterGroup | undefined;
    if (module === 'contacts') {
      this.filters.applyFilter(contacts, await this.filters.context(tenantId, 'contacts', 'c'), filter);
    } else {
      const organizations = this.dataSource
        .getRepository(Organization)
        .createQueryBuilder('o')
        .select('o.id')
        .where('o.tenantId = :tenantId', { tenantId });
      this.filters.applyFilter(
        organizations,
        await this.filters.context(tenantId, 'organizations', 'o'),
        filter,
      );
      contacts.andWhere(`c.organizationId IN (${organizations.getQuery()})`, organizations.getParameters());
    }
    if (query.afterRecordId) contacts.andWhere('c.id > :after', { after: query.afterRecordId });
    const page = await contacts.orderBy('c.id', 'ASC').limit(query.limit).getMany();
    if (page.length === 0) return [];
    const emails = await this.dataSource.getRepository(EmailAddress).find({
      where: { tenantId, ownerType: 'contact', ownerId: In(page.map((c) => c.id)) },
      order: { isPrimary: 'DESC', createdAt: 'ASC' },
    });
    const byOwner = new Map<string, ViewPerson['emails']>();
    for (const e of emails) {
      const own = byOwner.get(e.ownerId) ?? [];
      own.push({
        emailAddressId: e.id,
        email: e.emailNormalized,
        useInMarketing: e.useInMarketing,
        status: e.status,
      });
      byOwner.set(e.ownerId, own);
    }
    return page.map((contact) => ({
      recordId: contact.id,
      name: [contact.firstName, contact.lastName].filter(Boolean).join(' '),
      optOut: contact.emailOptOut,
      emails: byOwner.get(contact.id) ?? [],
    }));
  }

  async recordOwnership(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    recordId: string,
  ): Promise<{ ownerId: string | null; teamId: string | null } | null> {
    const record = await this.dataSource
      .getRepository(ENTITY[module])
      .findOne({ where: { tenantId, id: recordId }, select: ['id', 'ownerId', 'teamId'] });
    return record ? { ownerId: record.ownerId, teamId: record.teamId } : null;
  }

  async recordOwnerships(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    recordIds: string[],
  ): Promise<Array<{ id: string; ownerId: string | null; teamId: string | null }>> {
    if (recordIds.length === 0) return [];
    const records: Array<{ id: string; ownerId: string | null; teamId: string | null }> =
      await this.dataSource
        .getRepository(ENTITY[module])
        .find({ where: { tenantId, id: In(recordIds) }, select: ['id', 'ownerId', 'teamId'] });
    return records.map(({ id, ownerId, teamId }) => ({ id, ownerId, teamId }));
  }

  // ---------------------------------------------------------------- writes (through the record services)

  /**
   * Sets an address's status. A status other than ACTIVE also sets the record's opt-out flag; a
   * return to ACTIVE (an explicit re-opt-in at the vendor) clears it unless another address of
   * the record is still unsubscribed.
   */
  async setEmailStatus(
    tenantId: TenantId,
    emailAddressId: string,
    status: EmailStatus,
    origin: SyncChangeOrigin,
  ): Promise<void> {
    const address = await this.address(tenantId, emailAddressId);
    const module = MODULE_OF_OWNER[address.ownerType];
    let fields: Record<string, unknown> = {};
    if (module !== 'organizations') {
      const siblings = await this.dataSource
        .getRepository(EmailAddress)
        .findBy({ tenantId, ownerType: address.ownerType, ownerId: address.ownerId });
      const stillOptedOut = siblings.some(
        (e) => e.id !== address.id && OPTED_OUT_STATUSES.includes(e.status),
      );
      fields = status !== 'ACTIVE' ? { emailOptOut: true } : stillOptedOut ? {} : { emailOptOut: false };
    }
    await this.service(module).applySyncChange(
      await this.systemActor(tenantId),
      address.ownerId,
      { fields, emailId: address.id, email: { status } },
      { ...origin },
    );
  }

  /** Renames an address in place (the vendor's email change), keeping its record and status. */
  async changeEmail(
    tenantId: TenantId,
    emailAddressId: string,
    newEmail: string,
    origin: SyncChangeOrigin,
  ): Promise<void> {
    const address = await this.address(tenantId, emailAddressId);
    await this.service(MODULE_OF_OWNER[address.ownerType]).applySyncChange(
      await this.systemActor(tenantId),
      address.ownerId,
      { emailId: address.id, email: { email: newEmail } },
      { ...origin },
    );
  }

  /** Writes mapped values (`firstName`, `custom.birthday`…); keys a sync cannot write are ignored. */
  async updateFields(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    recordId: string,
    fields: Record<string, unknown>,
    origin: SyncChangeOrigin,
  ): Promise<void> {
    const input = this.recordInput(module, fields);
    if (Object.keys(input).length === 0) return;
    await this.service(module).applySyncChange(
      await this.systemActor(tenantId),
      recordId,
      { fields: input },
      { ...origin },
    );
  }

  /**
   * Creates a contact or lead for a vendor member the CRM does not know. A member without a last
   * name gets the address's local part, since the CRM requires one.
   */
  async createSubscriber(
    tenantId: TenantId,
    module: 'contacts' | 'leads',
    input: { email: string; fields: Record<string, unknown>; status: EmailStatus },
    origin: SyncChangeOrigin,
  ): Promise<SyncSubscriber> {
    const record = await this.service(module).create(
      await this.systemActor(tenantId),
      this.subscriberInput(module, input),
      { ...origin },
    );
    const created = await this.findByEmail(tenantId, input.email);
    return created.find((s) => s.module === module && s.recordId === record.id)!;
  }

  /**
   * The address `createSubscriber` would create, checked the same way (it throws what that would),
   * as a sync would read it back — without writing anything (a dry run's import). Its ids are
   * made up: no row has them.
   */
  async previewSubscriber(
    tenantId: TenantId,
    module: 'contacts' | 'leads',
    input: { email: string; fields: Record<string, unknown>; status: EmailStatus },
  ): Promise<SyncSubscriber> {
    const recordInput = this.subscriberInput(module, input);
    const record = await this.service(module).previewCreate(await this.systemActor(tenantId), recordInput);
    const [address] = recordInput.emails!;
    const email = Object.assign(new EmailAddress(), {
      id: randomUUID(),
      tenantId,
      ownerType: OWNER_TYPE[module],
      ownerId: record.id,
      email: address.email.trim(),
      emailNormalized: normalizeEmail(address.email),
      isPrimary: true,
      useInMarketing: true,
      status: input.status,
    });
    const now = new Date();
    Object.assign(record, { createdAt: now, updatedAt: now });
    Object.assign(email, { createdAt: now, updatedAt: now });
    return (await this.describeRecords(tenantId, module, [email], [record as Contact | Lead], []))[0];
  }

  /** Throws what `updateFields` would for these values, without writing them (a dry run's pull). */
  async checkFields(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    recordId: string,
    fields: Record<string, unknown>,
  ): Promise<void> {
    const input = this.recordInput(module, fields);
    if (Object.keys(input).length === 0) return;
    await this.service(module).checkSyncChange(await this.systemActor(tenantId), recordId, input);
  }

  /** A vendor member as new-record input: a member without a last name gets the address's local part. */
  private subscriberInput(
    module: 'contacts' | 'leads',
    input: { email: string; fields: Record<string, unknown>; status: EmailStatus },
  ): RecordInput<OwnedRecord> {
    const values = this.recordInput(module, input.fields);
    const lastName = typeof values.lastName === 'string' && values.lastName.trim() ? values.lastName : null;
    return {
      ...values,
      lastName: lastName ?? input.email.split('@')[0],
      emailOptOut: input.status !== 'ACTIVE',
      emails: [{ email: input.email, isPrimary: true, useInMarketing: true, status: input.status }],
    } as RecordInput<OwnedRecord>;
  }

  private service(module: SubscriberModuleKey): ContactsService | LeadsService | OrganizationsService {
    return { contacts: this.contacts, leads: this.leads, organizations: this.organizations }[module];
  }

  private async address(tenantId: TenantId, emailAddressId: string): Promise<EmailAddress> {
    const address = await this.dataSource
      .getRepository(EmailAddress)
      .findOneBy({ tenantId, id: emailAddressId });
    if (!address) throw new NotFoundError('Email address', emailAddressId);
    return address;
  }

  /** Mapped values as record input: writable standard fields and `custom.*`; empty text is null. */
  private recordInput(module: SubscriberModuleKey, fields: Record<string, unknown>): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    const mappable = new Set(SUBSCRIBER_FIELDS[module].map((f) => f.key));
    for (const [key, raw] of Object.entries(fields)) {
      const value = raw === '' || raw === undefined ? null : raw;
      if (key.startsWith('custom.')) custom[key.slice(7)] = value;
      else if (mappable.has(key) && WRITABLE[module].includes(key)) input[key] = value;
    }
    if (Object.keys(custom).length > 0) input.custom = custom;
    return input;
  }

  /**
   * Syncs act for the tenant, not for a user: as its first active administrator, who also owns
   * the records a sync creates (an owner must be an active user of the tenant).
   */
  private async systemActor(tenantId: TenantId): Promise<Actor> {
    const admin = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(Profile, 'p', 'p.id = u.profileId AND p.tenantId = u.tenantId')
      .where('u.tenantId = :tenantId AND u.active = :active AND p.isAdmin = :admin', {
        tenantId,
        active: true,
        admin: true,
      })
      .orderBy('u.createdAt', 'ASC')
      .getOne();
    if (!admin) throw ValidationFailedError.field('tenant', 'has no active administrator to act for syncs');
    return {
      tenantId,
      userId: admin.id,
      profileId: admin.profileId,
      isAdmin: true,
      recordAccess: 'ALL',
      modules: CRM_MODULES,
      teamIds: [],
    };
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
    if (selection.anyOf) {
      const context = await this.filters.context(tenantId, module, 'r');
      this.filters.applyAnyFilter(query, context, selection.anyOf as FilterGroup[]);
    }
    return query;
  }

  /**
   * Joins each address to its record's fields and tags — its own, and its organization's
   * classification as tags (see classification-tags.ts) — in three queries per page.
   */
  private async describe(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    emails: EmailAddress[],
  ): Promise<SyncSubscriber[]> {
    if (emails.length === 0) return [];
    const ids = [...new Set(emails.map((e) => e.ownerId))];
    const records = await this.dataSource.getRepository(ENTITY[module]).findBy({ tenantId, id: In(ids) });
    const tags = await this.dataSource
      .getRepository(RecordTag)
      .find({ where: { tenantId, module, recordId: In(ids) }, order: { tag: 'ASC' } });
    return this.describeRecords(tenantId, module, emails, records, tags);
  }

  /** Addresses with their records' fields and tags, as `describe` reads them. */
  private async describeRecords(
    tenantId: TenantId,
    module: SubscriberModuleKey,
    emails: EmailAddress[],
    records: Array<Contact | Lead | Organization>,
    tags: RecordTag[],
  ): Promise<SyncSubscriber[]> {
    const byId = new Map<string, Contact | Lead | Organization>(records.map((r) => [r.id, r]));
    const organizations =
      module === 'contacts'
        ? await this.organizationsOf(tenantId, records as unknown as Contact[])
        : new Map<string, Organization>();
    // The organization whose classification a record's members are tagged with.
    const classifiedBy = (record: Contact | Lead | Organization): Organization | undefined =>
      module === 'organizations'
        ? (record as Organization)
        : module === 'contacts'
          ? organizations.get((record as Contact).organizationId ?? '')
          : undefined;
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
          tags: [
            ...tags.filter((t) => t.recordId === record.id).map((t) => t.tag),
            ...classificationTags(classifiedBy(record)),
          ],
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
