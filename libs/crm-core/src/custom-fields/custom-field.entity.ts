import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';

export const CUSTOM_FIELD_MODULES = ['organizations', 'contacts', 'leads', 'deals'] as const;
export type CustomFieldModule = (typeof CUSTOM_FIELD_MODULES)[number];

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'picklist', 'email', 'url'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** A tenant-defined property of a module; values live in the record's `custom` JSON. */
@Entity('custom_field')
@Index('uq_custom_field', ['tenantId', 'module', 'key'], { unique: true })
export class CustomFieldDefinition extends TenantOwnedEntity {
  @CodeColumn(20)
  module: CustomFieldModule;

  /** Stable machine name, `^[a-z][a-z0-9_]{0,39}$`. */
  @Column({ type: 'varchar', length: 40 })
  key: string;

  @Column({ type: 'varchar', length: 80 })
  label: string;

  @CodeColumn(12)
  type: CustomFieldType;

  @Column({ type: 'boolean', default: false })
  required: boolean;

  /** For text fields; at most 255. */
  @Column({ type: 'int', nullable: true })
  maxLength: number | null;

  /** For picklist fields: the allowed values (each ≤50 characters). */
  @JsonColumn({ nullable: true })
  options: string[] | null;

  /** Set by a connector that added the field, so uninstalling it can remove the field. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  createdBy: string | null;
}
