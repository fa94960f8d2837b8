import type { ImportedDealContent, ImportedDealLine } from '@crm/core';
import type { VendorCart, VendorCartLine, VendorOrder } from '../contract/vendor-records';
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
  return {
    currency: currencyOf(cart, store),
    amountCents: cart.totalCents,
    lines: withCharges(dealLines(cart.lines), cart.totalCents),
    sourceUrl: cart.checkoutUrl ?? null,
  };
}

/**
 * What a won deal holds for the order its cart became: the order's lines and total, so the
 * amount is what the customer paid. Shipping and taxes get their line as for a cart; a discount
 * (a total below the lines) is shared out over the lines in proportion, each line then priced
 * as a whole (`2 × Camisa`, quantity 1), since a line cannot be negative.
 */
export function orderDealContent(
  order: VendorOrder,
  store: CartStore,
): Omit<ImportedDealContent, 'sourceUrl'> {
  const lines = dealLines(order.lines);
  return {
    currency: currencyOf(order, store),
    amountCents: order.totalCents,
    lines:
      order.totalCents < sumOf(lines)
        ? discounted(lines, order.totalCents)
        : withCharges(lines, order.totalCents),
  };
}

function currencyOf(record: { currency: string }, store: CartStore): string {
  return (record.currency || store.currency).toUpperCase();
}

function dealLines(lines: VendorCartLine[]): ImportedDealLine[] {
  return lines.map((line) => ({
    description: (line.title?.trim() || line.productId).slice(0, LINE_DESCRIPTION_MAX),
    quantity: line.quantity,
    unitPriceCents: line.unitPriceCents,
  }));
}

const sumOf = (lines: ImportedDealLine[]) =>
  lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);

/** The lines, and one more for what the total adds to them. */
function withCharges(lines: ImportedDealLine[], totalCents: number): ImportedDealLine[] {
  const linesTotal = sumOf(lines);
  if (lines.length === 0 || totalCents <= linesTotal) return lines;
  return [
    ...lines,
    { description: OTHER_CHARGES_LINE, quantity: 1, unitPriceCents: totalCents - linesTotal },
  ];
}

/** Each line as a whole at its share of `totalCents`; the last takes what rounding left. */
function discounted(lines: ImportedDealLine[], totalCents: number): ImportedDealLine[] {
  const linesTotal = sumOf(lines);
  let left = Math.max(0, totalCents);
  return lines.map((line, index) => {
    const whole = line.quantity * line.unitPriceCents;
    const share =
      index === lines.length - 1 ? left : Math.min(left, Math.floor((whole / linesTotal) * totalCents));
    left -= share;
    const description = line.quantity === 1 ? line.description : `${line.quantity} × ${line.description}`;
    return { description: description.slice(0, LINE_DESCRIPTION_MAX), quantity: 1, unitPriceCents: share };
  });
}

/** Identifies what a cart puts on its deal: an equal hash means there is nothing to write. */
export function cartHash(cart: VendorCart, store: CartStore): string {
  return contentHash({
    name: cartDealName(store, cart.id),
    email: cart.email.trim().toLowerCase(),
    content: cartDealContent(cart, store),
  });
}
