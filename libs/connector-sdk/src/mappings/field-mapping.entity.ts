import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, TenantOwnedEntity } from '@crm/platform';
import type { MappingDirection } from '../contract/manifest';

/** One vendor field ↔ CRM field pair of a list, with its direction. */
@Entity('field_mapping')
@Index('uq_field_mapping', ['tenantId', 'installationId', 'listId', 'vendorField'], { unique: true })
export class FieldMapping extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @Column({ type: 'varchar', length: 120 })
  listId: string;

  @Column({ type: 'varchar', length: 80 })
  vendorField: string;

  /** A CRM field key: `firstName`, `organization.zone`, `custom.birthday`… */
  @Column({ type: 'varchar', length: 120 })
  crmField: string;

  @CodeColumn(10)
  direction: MappingDirection;

  @Column({ type: 'boolean', default: false })
  locked: boolean;
}
