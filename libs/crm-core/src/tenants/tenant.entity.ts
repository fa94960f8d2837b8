import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@crm/platform';

@Entity('tenant')
export class Tenant extends BaseEntity {
  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Short unique handle used at sign-in when one email belongs to several tenants. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 60 })
  slug: string;
}
