import { Column, Index } from 'typeorm';
import { JsonColumn, TenantOwnedEntity } from '@crm/platform';

/**
 * Columns shared by the records users own and teams share (organizations, contacts, leads,
 * deals): owner, team and custom properties.
 */
export abstract class OwnedRecord extends TenantOwnedEntity {
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  ownerId: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  teamId: string | null;

  @JsonColumn()
  custom: Record<string, unknown>;
}
