import { Column, Entity, Index } from 'typeorm';
import { DateTimeColumn, TenantOwnedEntity } from '@crm/platform';

/**
 * Joins a vendor's abandoned cart to the deal it became. The content hash is the cart as last
 * written to the deal, so an unchanged cart costs no CRM write; `closedAt` is set when the cart
 * left the vendor's abandoned carts (the customer ordered) and its deal was moved on. The deal is
 * the tenant's and stays on uninstall; this link is the connector's and goes.
 */
@Entity('cart_deal_link')
@Index('uq_cart_deal_link', ['tenantId', 'installationId', 'storeId', 'cartId'], { unique: true })
export class CartDealLink extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @Column({ type: 'varchar', length: 120 })
  storeId: string;

  @Column({ type: 'varchar', length: 120 })
  cartId: string;

  @Column({ type: 'varchar', length: 36 })
  dealId: string;

  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  @DateTimeColumn({ nullable: true })
  closedAt: Date | null;
}
