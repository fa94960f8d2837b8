import type { ImportedDealNote } from '@crm/core';
import type { VendorOrder } from '../contract/vendor-records';
import type { CartStore } from './cart-deal';

/**
 * Orders this much older than the cart's last change still count as the cart's: the store's
 * clock (an order's time) and the vendor's (a cart's) differ, and a platform's sync queue can
 * report a cart's last change after the order it led to.
 */
export const ORDER_CLOCK_SLACK_MS = 15 * 60_000;

/**
 * How long a cart may be gone without an order before its deal is lost. Platforms delete the cart
 * and report the order separately, so the order can come in after the cart has gone; until then
 * the deal stays open and the import asks again.
 */
export const ORDER_GRACE_MS = 30 * 60_000;

/** A vendor's time as a valid Date of our own (a connector may hand over anything Date-like). */
export function vendorTime(value: Date | undefined): Date | null {
  // Not `instanceof Date`: a Date from another realm (a vm, a worker's clone) fails it.
  const time = typeof value?.getTime === 'function' ? Number(value.getTime()) : NaN;
  return Number.isFinite(time) ? new Date(time) : null;
}

/** The earliest time an order of the cart can have been placed. */
export function ordersSince(cartUpdatedAt: Date): Date {
  return new Date(cartUpdatedAt.getTime() - ORDER_CLOCK_SLACK_MS);
}

/**
 * Which of the customer's orders the cart became: the one filed under the cart's own id, else the
 * earliest. An order that already won another cart's deal is not counted twice, nor one without
 * a valid time.
 */
export function orderOfCart(
  orders: VendorOrder[],
  cartId: string,
  claimed: ReadonlySet<string>,
): VendorOrder | null {
  const open = orders.flatMap((order) => {
    const placedAt = vendorTime(order.placedAt);
    return placedAt && !claimed.has(order.id) ? [{ ...order, placedAt }] : [];
  });
  return (
    open.find((order) => order.id === cartId) ??
    [...open].sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime())[0] ??
    null
  );
}

/** Whether a cart gone since `goneSince` has waited long enough for its order. */
export function graceOver(goneSince: Date, now: Date): boolean {
  return now.getTime() - goneSince.getTime() >= ORDER_GRACE_MS;
}

/** `1,234.50 MXN`: amounts are kept in hundredths of the currency. */
export function formatCents(cents: number, currency: string): string {
  const amount = (cents / 100).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${amount} ${currency}`;
}

/** The timeline note of a deal won by the order its cart became. */
export function orderedNote(
  store: CartStore,
  cartId: string,
  order: VendorOrder,
  source: string,
): ImportedDealNote {
  const currency = (order.currency || store.currency).toUpperCase();
  return {
    subject: `Order ${order.id} placed in ${storeName(store)}`,
    body:
      `The abandoned cart ${cartId} became order ${order.id} (${formatCents(order.totalCents, currency)}), ` +
      `placed ${order.placedAt.toISOString()}. The deal is won with the order's lines and total.`,
    occurredAt: order.placedAt,
    source,
    meta: { storeId: store.id, cartId, orderId: order.id, totalCents: order.totalCents, currency },
  };
}

/** The timeline note of a deal lost because its cart went without an order. */
export function abandonedNote(
  store: CartStore,
  cartId: string,
  goneSince: Date,
  source: string,
): ImportedDealNote {
  return {
    subject: `Cart ${cartId} emptied or expired without an order`,
    body:
      `The abandoned cart ${cartId} left ${storeName(store)} and its customer placed no order there ` +
      `since the cart last changed. The deal is lost.`,
    occurredAt: goneSince,
    source,
    meta: { storeId: store.id, cartId, reason: 'CART_GONE_WITHOUT_ORDER' },
  };
}

const storeName = (store: CartStore) => store.name.trim() || store.id;
