import { hexId, now, type SandboxAccount } from '../state';
import { customerView } from './customers';
import { ordersOf, type Cart, type Order, type Store } from './ecommerce.model';

/**
 * Orders as a store's platform reports them. The sandbox makes them the way a shop does at its
 * checkout: from the shopper's cart, which the platform then deletes (Mailchimp never turns a
 * cart into an order itself, and a cart it still has is an abandoned one).
 */
export function checkoutCart(
  store: Store,
  cart: Cart,
  options: {
    orderId?: string;
    financialStatus?: Order['financial_status'];
    /** Added to the cart's total. */
    shippingTotal?: number;
    /** Taken off the cart's total. */
    discountTotal?: number;
    /** When the store processed it, if not now (a platform that reports orders late). */
    processedAt?: string;
  },
): Order {
  const at = options.processedAt ?? now();
  const shipping = options.shippingTotal ?? 0;
  const discount = options.discountTotal ?? 0;
  const order: Order = {
    id: options.orderId ?? hexId(8),
    customerId: cart.customerId,
    ...(cart.campaign_id ? { campaign_id: cart.campaign_id } : {}),
    financial_status: options.financialStatus ?? 'paid',
    fulfillment_status: '',
    currency_code: cart.currency_code,
    order_total: Math.round((cart.order_total + shipping - discount) * 100) / 100,
    tax_total: cart.tax_total ?? 0,
    shipping_total: shipping,
    discount_total: discount,
    processed_at_foreign: at,
    updated_at_foreign: at,
    lines: cart.lines.map((line) => ({ ...line, discount: 0 })),
  };
  ordersOf(store)[order.id] = order;
  delete store.carts[cart.id];
  return order;
}

export function orderView(account: SandboxAccount, store: Store, order: Order) {
  const customer = store.customers[order.customerId];
  return {
    id: order.id,
    ...(customer ? { customer: customerView(account, store, customer) } : {}),
    store_id: store.id,
    ...(order.campaign_id ? { campaign_id: order.campaign_id } : {}),
    financial_status: order.financial_status,
    fulfillment_status: order.fulfillment_status,
    currency_code: order.currency_code,
    order_total: order.order_total,
    discount_total: order.discount_total,
    tax_total: order.tax_total,
    shipping_total: order.shipping_total,
    processed_at_foreign: order.processed_at_foreign,
    updated_at_foreign: order.updated_at_foreign,
    lines: order.lines.map((line) => {
      const product = store.products[line.product_id];
      const variant = product?.variants.find((v) => v.id === line.product_variant_id);
      return {
        ...line,
        product_title: product?.title ?? '',
        product_variant_title: variant?.title ?? '',
        image_url: variant?.image_url || product?.image_url || '',
        _links: [],
      };
    }),
    promos: [],
    _links: [],
  };
}
