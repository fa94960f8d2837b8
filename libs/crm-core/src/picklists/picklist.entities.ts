import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '@crm/platform';

export const PICKLIST_VALUE_MAX_LENGTH = 50;

/** A tenant-configurable dropdown, e.g. `organization.zone` (Zona). */
@Entity('picklist')
@Index('uq_picklist_tenant_key', ['tenantId', 'key'], { unique: true })
export class Picklist extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'varchar', length: 80 })
  label: string;

  /** Built-in picklists back standard fields and cannot be deleted (their values can change). */
  @Column({ type: 'boolean', default: false })
  builtIn: boolean;
}

@Entity('picklist_value')
@Index('uq_picklist_value', ['tenantId', 'picklistId', 'value'], { unique: true })
export class PicklistValue extends TenantOwnedEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  picklistId: string;

  @Column({ type: 'varchar', length: PICKLIST_VALUE_MAX_LENGTH })
  value: string;

  @Column({ type: 'int', default: 0 })
  position: number;

  /** Inactive values stay valid on existing records but cannot be chosen for new ones. */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}
