import type { VendorCart, VendorStore } from '@crm/connector-sdk';
import type { MailchimpSession } from './mailchimp-client';
import { PAGE_MAX, readAll } from './mailchimp-catalog';

interface MailchimpCart {
  id: string;
  customer?: { email_address?: string };
  checkout_url?: string;
  currency_code: string;
  order_total: number;
  updated_at?: string;
  created_at?: string;
  lines?: Array<{ product_id: string; product_title?: string; quantity: number; price: number }>;
}

/** Money as integer cents: Mailchimp sends decimal numbers. */
const cents = (amount: number) => Math.round(amount * 100);

export async function listStores(session: MailchimpSession): Promise<VendorStore[]> {
  const stores = await readAll(async (offset) => {
    const page = await session.call<{
      stores: Array<{ id: string; name: string; currency_code: string }>;
      total_items: number;
    }>((api) => api.ecommerce.stores({ count: PAGE_MAX, offset } as never));
    return { items: page.stores, total: page.total_items };
  });
  return stores.map((store) => ({ id: store.id, name: store.name, currency: store.currency_code }));
}

/** One page of a store's carts (in Mailchimp a cart that still exists is an abandoned one). */
export async function listAbandonedCarts(
  session: MailchimpSession,
  storeId: string,
  options: { cursor?: string },
): Promise<{ carts: VendorCart[]; nextCursor?: string }> {
  const offset = Number(options.cursor) || 0;
  const page = await session.call<{ carts: MailchimpCart[]; total_items: number }>((api) =>
    api.ecommerce.getStoreCarts(storeId as never, { count: PAGE_MAX, offset } as never),
  );
  // A cart whose customer the store deleted has no address: the import skips it as unknown.
  const carts = page.carts.map((cart) => ({
    id: cart.id,
    email: cart.customer?.email_address?.toLowerCase() ?? '',
    currency: cart.currency_code,
    totalCents: cents(cart.order_total),
    ...(cart.checkout_url ? { checkoutUrl: cart.checkout_url } : {}),
    lines: (cart.lines ?? []).map((line) => ({
      productId: line.product_id,
      title: line.product_title ?? line.product_id,
      quantity: line.quantity,
      // A cart line's `price` is the unit price: shops send the product's price and make the
      // cart's order_total the sum of quantity × price (Mailchimp for WooCommerce does).
      unitPriceCents: cents(line.price),
    })),
    updatedAt: new Date(cart.updated_at ?? cart.created_at ?? Date.now()),
  }));
  const next = offset + page.carts.length;
  return {
    carts,
    ...(page.carts.length === PAGE_MAX && next < page.total_items ? { nextCursor: String(next) } : {}),
  };
}
