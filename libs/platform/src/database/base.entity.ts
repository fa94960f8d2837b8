import { BeforeInsert, BeforeUpdate, Column, Index, PrimaryColumn } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DateTimeColumn } from './columns';
import type { TenantId } from '../tenancy/tenant-id';

/** Base of every row: a UUID generated in the app (portable), UTC timestamps set by the app. */
export abstract class BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;

  @BeforeInsert()
  protected beforeInsertBase(): void {
    if (!this.id) this.id = randomUUID();
    const now = new Date();
    if (!this.createdAt) this.createdAt = now;
    this.updatedAt = this.updatedAt ?? now;
  }

  @BeforeUpdate()
  protected beforeUpdateBase(): void {
    this.updatedAt = new Date();
  }
}

/** Every tenant-owned row carries its tenant id; repositories never query without it. */
export abstract class TenantOwnedEntity extends BaseEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  tenantId: TenantId;
}
