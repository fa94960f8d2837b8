import type { TenantId } from '@crm/platform';

/**
 * How the connector framework reaches the CRM. The SDK defines it; the CRM core implements it
 * (structurally, without knowing the SDK) and the apps bind the implementation to CRM_SYNC_PORT.
 */
export const CRM_SYNC_PORT = Symbol('CRM_SYNC_PORT');

export type SubscriberModule = 'contacts' | 'leads' | 'organizations';

export type CrmEmailStatus = 'ACTIVE' | 'UNSUBSCRIBED_BY_US' | 'BOUNCED' | 'UNSUBSCRIBED_BY_USER';

/** One email address of a CRM record, with what mapping and tagging need to know. */
export interface CrmSubscriber {
  module: SubscriberModule;
  recordId: string;
  emailAddressId: string;
  email: string;
  isPrimary: boolean;
  useInMarketing: boolean;
  status: CrmEmailStatus;
  /** The record's opt-out flag (contacts and leads). */
  optOut: boolean;
  /** Values by CRM field key (`firstName`, `organization.zone`, `custom.birthday`…). */
  fields: Record<string, unknown>;
  tags: string[];
  updatedAt: Date;
}

export interface CrmFieldDescriptor {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'picklist' | 'email' | 'url';
  required: boolean;
  /** Picklist values, for checks against vendor dropdown choices. */
  options?: string[];
}

export interface SubscriberQuery {
  /** Only these records (real-time and "add selected records" syncs). */
  recordIds?: string[];
  /** A saved-view filter over the module. */
  filter?: unknown;
  /** Records any of these saved-view filters select (each once); none at all when empty. */
  anyOf?: unknown[];
  /** Keyset paging by email address id. */
  afterEmailAddressId?: string;
  limit: number;
}

/** Records of a module that saved-view filters select and that have no email address. */
export interface AddresslessQuery {
  /** Records any of these filters select. */
  anyOf: unknown[];
  /** Keyset paging by record id. */
  afterRecordId?: string;
  limit: number;
}

/** A saved view as a sync reads it: the filter that picks a list's members. */
export interface CrmSavedView {
  id: string;
  name: string;
  /** A CRM module (`leads`, `organizations`, `contacts`, `deals`…). */
  module: string;
  filter: unknown;
}

/** A custom field a connector keeps on the records of one module. */
export interface ConnectorFieldSpec {
  module: SubscriberModule;
  key: string;
  label: string;
  type: 'text' | 'url';
}

/** A record's values of connector fields, by field key. */
export interface ConnectorFieldValues {
  recordId: string;
  values: Record<string, string>;
}

/** Modules whose saved views pick the people a campaign is sent to (organizations: their contacts). */
export type PeopleViewModule = 'organizations' | 'contacts';

/** A contact a campaign could reach, with every address it has (none, one or several). */
export interface CrmPerson {
  recordId: string;
  name: string;
  /** The contact's opt-out flag. */
  optOut: boolean;
  emails: Array<{ emailAddressId: string; email: string; useInMarketing: boolean; status: CrmEmailStatus }>;
}

export interface PeopleQuery {
  /** The saved view's filter over its module. */
  filter?: unknown;
  /** Keyset paging by contact id. */
  afterRecordId?: string;
  limit: number;
}

/** Where a change came from; the CRM passes it into its outbox events so relays can skip echoes. */
export interface ChangeOrigin {
  installationId: string;
}

/** A CRM record an outbox event said changed. */
export interface ChangedRecord {
  module: SubscriberModule;
  id: string;
}

export interface CrmSyncPort {
  /**
   * Records of `module` whose synced data a set of changes affects: the changed records
   * themselves, and for contacts also the contacts of a changed organization (its
   * classification travels with them as tags and fields).
   */
  affectedRecordIds(
    tenantId: TenantId,
    module: SubscriberModule,
    changes: ChangedRecord[],
  ): Promise<string[]>;
  /** CRM fields of a module that can be mapped to vendor fields. */
  fieldCatalog(tenantId: TenantId, module: SubscriberModule): Promise<CrmFieldDescriptor[]>;
  /** Email addresses of a module's records in stable order (email address id), with their fields. */
  readSubscribers(
    tenantId: TenantId,
    module: SubscriberModule,
    query: SubscriberQuery,
  ): Promise<CrmSubscriber[]>;
  countSubscribers(
    tenantId: TenantId,
    module: SubscriberModule,
    query: Omit<SubscriberQuery, 'limit' | 'afterEmailAddressId'>,
  ): Promise<number>;
  /** Ids of the records the filters select that have no email address, in id order. */
  addresslessRecords(
    tenantId: TenantId,
    module: SubscriberModule,
    query: AddresslessQuery,
  ): Promise<string[]>;
  /** These saved views as they are now; ids of deleted (or another tenant's) views are left out. */
  savedViews(tenantId: TenantId, viewIds: string[]): Promise<CrmSavedView[]>;
  /**
   * The contacts a saved view's filter selects, in id order, each with all its addresses: the
   * view's own contacts, or the contacts of the organizations it selects.
   */
  readViewPeople(tenantId: TenantId, module: PeopleViewModule, query: PeopleQuery): Promise<CrmPerson[]>;
  /** A record's owner and team, for record-visibility checks; null when it does not exist. */
  recordOwnership(
    tenantId: TenantId,
    module: SubscriberModule,
    recordId: string,
  ): Promise<{ ownerId: string | null; teamId: string | null } | null>;
  /** The owner and team of each of these records that exists (the same check for many records). */
  recordOwnerships(
    tenantId: TenantId,
    module: SubscriberModule,
    recordIds: string[],
  ): Promise<Array<{ id: string; ownerId: string | null; teamId: string | null }>>;
  /**
   * Of these addresses (by id), the ones that still belong to a record of `module`, with their
   * current normalized email: what a sync checks its links against, a page at a time.
   */
  currentEmails(
    tenantId: TenantId,
    module: SubscriberModule,
    emailAddressIds: string[],
  ): Promise<Map<string, string>>;
  /** Every CRM address equal to `email` (case-insensitive), across modules. */
  findByEmail(tenantId: TenantId, email: string): Promise<CrmSubscriber[]>;
  /** Sets an address's status, and the record's opt-out flag when the status is not ACTIVE. */
  setEmailStatus(
    tenantId: TenantId,
    emailAddressId: string,
    status: CrmEmailStatus,
    origin: ChangeOrigin,
  ): Promise<void>;
  /** Renames an address in place (vendor email change), keeping the record. */
  changeEmail(
    tenantId: TenantId,
    emailAddressId: string,
    newEmail: string,
    origin: ChangeOrigin,
  ): Promise<void>;
  /** Writes mapped field values to a record. */
  updateFields(
    tenantId: TenantId,
    module: SubscriberModule,
    recordId: string,
    fields: Record<string, unknown>,
    origin: ChangeOrigin,
  ): Promise<void>;
  /**
   * Creates the custom fields a connector keeps on records (createdBy = its key) that do not exist
   * yet; a field of the same key an admin made stays theirs. Returns how many were created.
   */
  ensureConnectorFields(
    tenantId: TenantId,
    connectorKey: string,
    fields: ConnectorFieldSpec[],
  ): Promise<number>;
  /**
   * Writes values of a connector's own fields on records of a module, without outbox events
   * (nothing syncs them onwards); keys of fields the connector does not own are ignored.
   */
  setConnectorFieldValues(
    tenantId: TenantId,
    connectorKey: string,
    module: SubscriberModule,
    rows: ConnectorFieldValues[],
  ): Promise<void>;
  /** Deletes the custom fields a connector added (createdBy = its key) and their values; returns how many. */
  removeConnectorFields(tenantId: TenantId, connectorKey: string): Promise<number>;
  /** Creates a contact or lead for a vendor member unknown to the CRM. */
  createSubscriber(
    tenantId: TenantId,
    module: 'contacts' | 'leads',
    input: NewSubscriber,
    origin: ChangeOrigin,
  ): Promise<CrmSubscriber>;
  /**
   * The address `createSubscriber` would create, as the CRM would read it back, without writing
   * anything: it throws what `createSubscriber` would. Its record and address ids are made up.
   */
  previewSubscriber(
    tenantId: TenantId,
    module: 'contacts' | 'leads',
    input: NewSubscriber,
  ): Promise<CrmSubscriber>;
  /** Throws what `updateFields` would for these values, without writing them. */
  checkFields(
    tenantId: TenantId,
    module: SubscriberModule,
    recordId: string,
    fields: Record<string, unknown>,
  ): Promise<void>;
}

/** A vendor member as a new CRM record: its address, mapped values and email status. */
export interface NewSubscriber {
  email: string;
  fields: Record<string, unknown>;
  status: CrmEmailStatus;
}
