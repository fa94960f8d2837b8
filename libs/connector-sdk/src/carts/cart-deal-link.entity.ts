import { Column, Entity, Index } from 'typeorm';
import { DateTimeColumn, TenantOwnedEntity } from '@crm/platform';

/**
 * Joins a vendor's abandoned cart to the deal it became. The content hash is the cart as last
 * written to the deal, so an unchanged cart costs no CRM write. The cart's customer and last
 * change, as last seen, say whose orders to look for once the cart is gone; `goneSince` is when
 * an import first missed it; `closedAt` is set when its deal was moved on (won with `orderId`, or
 * lost), after which the link is final. The deal is the tenant's and stays on uninstall; this
 * link is the connector's and goes.
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

  /** The store's id for the cart's customer (null when the vendor gave none). */
  @Column({ type: 'varchar', length: 120, nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** When the vendor last changed the cart (null on links made before it was kept). */
  @DateTimeColumn({ nullable: true })
  cartUpdatedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  goneSince: Date | null;

  /** The order that won the deal. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  orderId: string | null;

  @DateTimeColumn({ nullable: true })
  closedAt: Date | null;
}
