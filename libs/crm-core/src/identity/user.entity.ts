import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '@crm/platform';

@Entity('app_user')
@Index('uq_user_tenant_email', ['tenantId', 'email'], { unique: true })
export class User extends TenantOwnedEntity {
  /** Lower-cased; unique within a tenant. */
  @Index()
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** scrypt hash in a self-describing format (see password-hasher.ts); never returned by the API. */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 36 })
  profileId: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 10, default: 'es' })
  locale: string;
}
