import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, TenantOwnedEntity } from '@crm/platform';
import { OwnedRecord } from '../common/owned-record.entity';

export { OwnedRecord };

export const ORGANIZATION_KINDS = ['CLIENT', 'PROSPECT'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** An organization (seed 000) with its classification fields, each a picklist value. */
@Entity('organization')
@Index('idx_organization_tenant_name', ['tenantId', 'name'])
export class Organization extends OwnedRecord {
  @Column({ type: 'varchar', length: 160 })
  name: string;

  @CodeColumn(10)
  kind: OrganizationKind;

  /** Calificación (required). */
  @Column({ type: 'varchar', length: 50 })
  rating: string;

  /** Tipo de Cliente/Prospecto (required). */
  @Column({ type: 'varchar', length: 50 })
  clientType: string;

  /** Giro. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  businessLine: string | null;

  /** Origen. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  origin: string | null;

  /** Zona. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  zone: string | null;

  /** Vendedor. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  salesperson: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  website: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  country: string | null;
}

@Entity('contact')
@Index('idx_contact_tenant_name', ['tenantId', 'lastName', 'firstName'])
export class Contact extends OwnedRecord {
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  organizationId: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  firstName: string | null;

  @Column({ type: 'varchar', length: 80 })
  lastName: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  /** Email Opt Out (seed 001): true means no marketing email to any of the contact's addresses. */
  @Column({ type: 'boolean', default: false })
  emailOptOut: boolean;
}

export const LEAD_STATUSES = ['NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

@Entity('lead')
@Index('idx_lead_tenant_name', ['tenantId', 'lastName', 'firstName'])
export class Lead extends OwnedRecord {
  @Column({ type: 'varchar', length: 80, nullable: true })
  firstName: string | null;

  @Column({ type: 'varchar', length: 80 })
  lastName: string;

  @Column({ type: 'varchar', length: 160, nullable: true })
  company: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @CodeColumn(12, { default: 'NEW' })
  status: LeadStatus;

  /** Where the lead came from, a value of the `lead.source` picklist. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  source: string | null;

  @Column({ type: 'boolean', default: false })
  emailOptOut: boolean;
}

export const EMAIL_OWNER_TYPES = ['contact', 'lead', 'organization'] as const;
export type EmailOwnerType = (typeof EMAIL_OWNER_TYPES)[number];

/**
 * Seed 000 statuses: Activo, Baja (we unsubscribed them), Rebotada (bounced), Se dió de baja
 * (they unsubscribed themselves).
 */
export const EMAIL_STATUSES = ['ACTIVE', 'UNSUBSCRIBED_BY_US', 'BOUNCED', 'UNSUBSCRIBED_BY_USER'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** One of a record's email addresses ("cuenta de correo"). */
@Entity('email_address')
@Index('idx_email_owner', ['tenantId', 'ownerType', 'ownerId'])
@Index('idx_email_address', ['tenantId', 'email'])
/** Matching by address (sync pulls, campaign activity, carts) is case-insensitive. */
@Index('idx_email_normalized', ['tenantId', 'emailNormalized'])
export class EmailAddress extends TenantOwnedEntity {
  @CodeColumn(12)
  ownerType: EmailOwnerType;

  @Column({ type: 'varchar', length: 36 })
  ownerId: string;

  /** Stored as entered (trimmed); matching is case-insensitive through `emailNormalized`. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 254 })
  emailNormalized: string;

  @Column({ type: 'boolean', default: false })
  isPrimary: boolean;

  /** "Usar en Marketing". */
  @Column({ type: 'boolean', default: true })
  useInMarketing: boolean;

  @CodeColumn(24, { default: 'ACTIVE' })
  status: EmailStatus;
}

export const TAGGABLE_MODULES = ['organizations', 'contacts', 'leads'] as const;
export type TaggableModule = (typeof TAGGABLE_MODULES)[number];

/** A tag on a record; a row per (record, tag) so views can filter "has tag" with an index. */
@Entity('record_tag')
@Index('uq_record_tag', ['tenantId', 'module', 'recordId', 'tag'], { unique: true })
@Index('idx_record_tag_tag', ['tenantId', 'module', 'tag'])
export class RecordTag extends TenantOwnedEntity {
  @CodeColumn(20)
  module: TaggableModule;

  @Column({ type: 'varchar', length: 36 })
  recordId: string;

  @Column({ type: 'varchar', length: 80 })
  tag: string;
}
