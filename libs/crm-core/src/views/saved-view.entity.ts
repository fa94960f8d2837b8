import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';
import type { FilterGroup, SortSpec } from './filter.types';

export const VIEW_MODULES = ['organizations', 'contacts', 'leads', 'deals'] as const;
export type ViewModule = (typeof VIEW_MODULES)[number];

/**
 * A saved filter over a module ("filtro", "segmento"): list endpoints accept it by id, and
 * connectors reuse it as an audience-membership rule.
 */
@Entity('saved_view')
@Index('idx_saved_view_module', ['tenantId', 'module'])
export class SavedView extends TenantOwnedEntity {
  @CodeColumn(20)
  module: ViewModule;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @JsonColumn()
  filter: FilterGroup;

  @JsonColumn({ nullable: true })
  sort: SortSpec[] | null;

  @JsonColumn({ nullable: true })
  columns: string[] | null;

  @Column({ type: 'varchar', length: 36 })
  ownerId: string;

  /** Shared views are visible to everyone in the tenant; private ones only to their owner. */
  @Column({ type: 'boolean', default: true })
  shared: boolean;
}
