import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, IntegerAmountColumn, TenantOwnedEntity } from '@crm/platform';
import { OwnedRecord } from '../common/owned-record.entity';

@Entity('pipeline')
@Index('uq_pipeline_tenant_name', ['tenantId', 'name'], { unique: true })
export class Pipeline extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'boolean', default: false })
  isDefault: boolean;
}

export const STAGE_OUTCOMES = ['OPEN', 'WON', 'LOST'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];

@Entity('pipeline_stage')
@Index('uq_pipeline_stage', ['tenantId', 'pipelineId', 'name'], { unique: true })
export class PipelineStage extends TenantOwnedEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'int', default: 0 })
  position: number;

  /** 0–100, the default win probability of deals in this stage. */
  @Column({ type: 'int', default: 0 })
  probability: number;

  @CodeColumn(8, { default: 'OPEN' })
  outcome: StageOutcome;
}

@Entity('product')
@Index('uq_product_sku', ['tenantId', 'sku'], { unique: true })
export class Product extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 160 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  /** Price in minor units (cents) of `currency`. */
  @IntegerAmountColumn({ default: 0 })
  unitPriceCents: number;

  /** ISO 4217 code. */
  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}

@Entity('deal')
@Index('idx_deal_stage', ['tenantId', 'pipelineId', 'stageId'])
export class Deal extends OwnedRecord {
  @Column({ type: 'varchar', length: 160 })
  name: string;

  @Column({ type: 'varchar', length: 36 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 36 })
  stageId: string;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  organizationId: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  contactId: string | null;

  /** Minor units; the sum of the lines when the deal has lines. */
  @IntegerAmountColumn({ default: 0 })
  amountCents: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @DateTimeColumn({ nullable: true })
  expectedCloseAt: Date | null;

  /** For deals an import created: the page they came from (an abandoned cart's checkout link). */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  sourceUrl: string | null;
}

@Entity('deal_line')
export class DealLine extends TenantOwnedEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  dealId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  productId: string | null;

  @Column({ type: 'varchar', length: 255 })
  description: string;

  @Column({ type: 'int' })
  quantity: number;

  @IntegerAmountColumn()
  unitPriceCents: number;

  @IntegerAmountColumn()
  totalCents: number;

  @Column({ type: 'int', default: 0 })
  position: number;
}
