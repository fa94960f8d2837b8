import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from '../database/columns';
import type { TenantId } from '../tenancy/tenant-id';

/**
 * A change to a CRM record, written in the same transaction as the change itself, so a relay
 * can publish it later exactly when the change committed. The auto-increment id gives the
 * relay a total order to read in.
 */
@Entity('outbox_event')
@Index('idx_outbox_pending', ['processedAt', 'id'])
export class OutboxEvent {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 36 })
  tenantId: TenantId;

  /** e.g. `contact`, `lead`, `organization`, `email_address`. */
  @Column({ type: 'varchar', length: 40 })
  aggregateType: string;

  @Column({ type: 'varchar', length: 36 })
  aggregateId: string;

  /** e.g. `contact.updated`. */
  @Column({ type: 'varchar', length: 60 })
  type: string;

  /** Ids and the names of changed fields; never whole records or secrets. */
  @JsonColumn()
  payload: Record<string, unknown>;

  @DateTimeColumn()
  occurredAt: Date;

  @DateTimeColumn({ nullable: true })
  processedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;
}
