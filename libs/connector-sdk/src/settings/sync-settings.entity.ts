import { Column, Entity, Index } from 'typeorm';
import { JsonColumn, TenantOwnedEntity } from '@crm/platform';
import type { SyncSettingsData } from './sync-settings.types';

/** The sync wizard's answers for one installation, validated as a whole before saving. */
@Entity('sync_settings')
@Index('uq_sync_settings_installation', ['tenantId', 'installationId'], { unique: true })
export class SyncSettings extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @JsonColumn()
  data: SyncSettingsData;
}
