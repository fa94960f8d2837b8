import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';

/**
 * A vendor list as the CRM shows it (Mailchimp Audiences, MailUp Lists). Removed on uninstall;
 * a list deleted at the vendor stays as history with status DELETED.
 */
@Entity('vendor_list')
@Index('uq_vendor_list', ['tenantId', 'installationId', 'vendorListId'], { unique: true })
export class VendorListRecord extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @Column({ type: 'varchar', length: 120 })
  vendorListId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @CodeColumn(10, { default: 'ACTIVE' })
  status: 'ACTIVE' | 'DELETED';

  @Column({ type: 'int', nullable: true })
  memberCount: number | null;

  @JsonColumn({ nullable: true })
  details: Record<string, unknown> | null;

  /** True while CRM records are being pushed to it (the MailUp seed's "sincro in corso"). */
  @Column({ type: 'boolean', default: false })
  syncInProgress: boolean;

  @DateTimeColumn({ nullable: true })
  lastSyncedAt: Date | null;

  /** The webhook the connector registered on this list, removed at the vendor on uninstall. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  webhookId: string | null;
}

/** A tag, group or segment of a vendor list (the Segments/Tags records). */
@Entity('vendor_tag')
@Index('uq_vendor_tag', ['tenantId', 'installationId', 'vendorListId', 'kind', 'name'], { unique: true })
export class VendorTagRecord extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @Column({ type: 'varchar', length: 120 })
  vendorListId: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  vendorTagId: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @CodeColumn(10)
  kind: 'tag' | 'group' | 'segment';

  @Column({ type: 'int', nullable: true })
  memberCount: number | null;
}
