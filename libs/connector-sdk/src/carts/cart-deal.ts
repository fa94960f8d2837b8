import type { ImportedDealContent } from '@crm/core';
import type { VendorCart } from '../contract/vendor-records';
import { contentHash } from '../engine/content-hash';

export interface CartStore {
  id: string;
  name: string;
  currency: string;
}

/** The line that brings a deal's amount up to the cart's total (shipping, taxes, fees). */
export const OTHER_CHARGES_LINE = 'Shipping, taxes and other charges';
const DEAL_NAME_MAX = 160;
const LINE_DESCRIPTION_MAX = 255;

/** `Abandoned cart <store> <cart id>`, the store name shortened when the whole would not fit. */
export function cartDealName(store: CartStore, cartId: string): string {
  const tail = ` ${cartId}`;
  const head = 'Abandoned cart ';
  const room = DEAL_NAME_MAX - head.length - tail.length;
  const storeName = store.name.trim() || store.id;
  const shortened = storeName.length > room ? `${storeName.slice(0, Math.max(0, room - 1))}…` : storeName;
  return `${head}${shortened}${tail}`.slice(0, DEAL_NAME_MAX);
}

/**
 * What the deal holds for a cart: one line per cart line (product title, quantity, unit price),
 * in the cart's currency (the store's when the cart names none). A deal's amount is the sum of
 * its lines, so when the cart's total is higher (shipping, taxes) one more line carries the
 * difference; a lower total (a discount) cannot be a line, and the deal shows the lines' sum.
 */
export function cartDealContent(cart: VendorCart, store: CartStore): ImportedDealContent {
  const lines = cart.lines.map((line) => ({
    description: (line.title?.trim() || line.productId).slice(0, LINE_DESCRIPTION_MAX),
    quantity: line.quantity,
    unitPriceCents: line.unitPriceCents,
  }));
  const linesTotal = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  if (lines.length > 0 && cart.totalCents > linesTotal)
    lines.push({
      description: OTHER_CHARGES_LINE,
      quantity: 1,
      unitPriceCents: cart.totalCents - linesTotal,
    });
  return {
    currency: (cart.currency || store.currency).toUpperCase(),
    amountCents: cart.totalCents,
    lines,
    sourceUrl: cart.checkoutUrl ?? null,
  };
}

/** Identifies what a cart puts on its deal: an equal hash means there is nothing to write. */
export function cartHash(cart: VendorCart, store: CartStore): string {
  return contentHash({
    name: cartDealName(store, cart.id),
    email: cart.email.trim().toLowerCase(),
    content: cartDealContent(cart, store),
  });
}
