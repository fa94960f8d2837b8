import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, TenantOwnedEntity } from '@crm/platform';
import type { MappingDirection } from '../contract/manifest';

/**
 * One vendor field ↔ CRM field pair of a list, with its direction. `crmModule` is the CRM module
 * whose records it maps, or `*` for every module without mappings of its own (all mappings made
 * before mappings had a module are `*`); `listId` is `*` for connectors whose fields are the
 * account's (see mapping-selection.ts).
 */
@Entity('field_mapping')
@Index('uq_field_mapping', ['tenantId', 'installationId', 'listId', 'crmModule', 'vendorField'], {
  unique: true,
})
export class FieldMapping extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @Column({ type: 'varchar', length: 120 })
  listId: string;

  @CodeColumn(20, { default: '*' })
  crmModule: string;

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
