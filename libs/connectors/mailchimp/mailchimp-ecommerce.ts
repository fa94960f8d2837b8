import {
  ConnectorErrorCode,
  isConnectorError,
  type CartOrderQuery,
  type VendorCart,
  type VendorCartLine,
  type VendorOrder,
  type VendorStore,
} from '@crm/connector-sdk';
import type { MailchimpSession } from './mailchimp-client';
import { PAGE_MAX, readAll } from './mailchimp-catalog';

interface MailchimpLine {
  product_id: string;
  product_title?: string;
  quantity: number;
  price: number;
}

interface MailchimpCart {
  id: string;
  customer?: { id?: string; email_address?: string };
  checkout_url?: string;
  currency_code: string;
  order_total: number;
  updated_at?: string;
  created_at?: string;
  lines?: MailchimpLine[];
}

interface MailchimpOrder {
  id: string;
  financial_status?: string;
  currency_code: string;
  order_total: number;
  processed_at_foreign?: string;
  updated_at_foreign?: string;
  lines?: MailchimpLine[];
}

/** Orders that are no sale (Mailchimp leaves them out of a customer's spending too). */
const UNDONE_ORDERS = new Set(['cancelled', 'refunded']);

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
    ...(cart.customer?.id ? { customerId: cart.customer.id } : {}),
    currency: cart.currency_code,
    totalCents: cents(cart.order_total),
    ...(cart.checkout_url ? { checkoutUrl: cart.checkout_url } : {}),
    lines: (cart.lines ?? []).map(toLine),
    updatedAt: new Date(cart.updated_at ?? cart.created_at ?? Date.now()),
  }));
  const next = offset + page.carts.length;
  return {
    carts,
    ...(page.carts.length === PAGE_MAX && next < page.total_items ? { nextCursor: String(next) } : {}),
  };
}

/**
 * A line of a cart or an order. Its `price` is the unit price: shops send the product's price and
 * make the total the sum of quantity × price (Mailchimp for WooCommerce does).
 */
function toLine(line: MailchimpLine): VendorCartLine {
  return {
    productId: line.product_id,
    title: line.product_title ?? line.product_id,
    quantity: line.quantity,
    unitPriceCents: cents(line.price),
  };
}

/**
 * The customer's orders in the store placed since `query.since`, oldest first, without cancelled
 * or refunded ones. Mailchimp files orders by customer id (carts always name theirs); with only an
 * address the store's customers with it are asked for, and with neither the order filed under the
 * cart's id (stores that reuse the cart's id for its order).
 */
export async function findOrdersForCart(
  session: MailchimpSession,
  storeId: string,
  query: CartOrderQuery,
): Promise<VendorOrder[]> {
  const customerIds = query.customerId
    ? [query.customerId]
    : query.email
      ? await customersWithEmail(session, storeId, query.email)
      : [];
  const orders = new Map<string, MailchimpOrder>();
  for (const customerId of customerIds)
    for (const order of await ordersOfCustomer(session, storeId, customerId)) orders.set(order.id, order);
  if (customerIds.length === 0) {
    const own = await orderById(session, storeId, query.cartId);
    if (own) orders.set(own.id, own);
  }
  return [...orders.values()]
    .filter((order) => !UNDONE_ORDERS.has(order.financial_status ?? ''))
    .flatMap((order) => {
      const placedAt = placedAtOf(order);
      return placedAt && placedAt >= query.since ? [toOrder(order, placedAt)] : [];
    })
    .sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
}

async function customersWithEmail(
  session: MailchimpSession,
  storeId: string,
  email: string,
): Promise<string[]> {
  const page = await session.call<{ customers: Array<{ id: string }> }>((api) =>
    api.ecommerce.getAllStoreCustomers(storeId as never, { email_address: email, count: PAGE_MAX } as never),
  );
  return page.customers.map((customer) => customer.id);
}

function ordersOfCustomer(
  session: MailchimpSession,
  storeId: string,
  customerId: string,
): Promise<MailchimpOrder[]> {
  return readAll(async (offset) => {
    const page = await session.call<{ orders: MailchimpOrder[]; total_items: number }>((api) =>
      api.ecommerce.getStoreOrders(
        storeId as never,
        { customer_id: customerId, count: PAGE_MAX, offset } as never,
      ),
    );
    return { items: page.orders, total: page.total_items };
  });
}

async function orderById(
  session: MailchimpSession,
  storeId: string,
  orderId: string,
): Promise<MailchimpOrder | null> {
  try {
    return await session.call<MailchimpOrder>((api) =>
      api.ecommerce.getOrder(storeId as never, orderId as never),
    );
  } catch (error) {
    if (isConnectorError(error) && error.code === ConnectorErrorCode.NOT_FOUND) return null;
    throw error;
  }
}

/** When the store processed the order; an order the store sent no time for cannot be placed after the cart. */
function placedAtOf(order: MailchimpOrder): Date | null {
  const at = new Date(order.processed_at_foreign || order.updated_at_foreign || '');
  return Number.isNaN(at.getTime()) ? null : at;
}

function toOrder(order: MailchimpOrder, placedAt: Date): VendorOrder {
  return {
    id: order.id,
    currency: order.currency_code,
    totalCents: cents(order.order_total),
    lines: (order.lines ?? []).map(toLine),
    placedAt,
  };
}
