import type { VendorCart, VendorOrder } from '../contract/vendor-records';
import { cartDealContent, cartDealName, cartHash, orderDealContent, OTHER_CHARGES_LINE } from './cart-deal';

const store = { id: 'store-1', name: 'Tienda Centro', currency: 'MXN' };
const cart: VendorCart = {
  id: 'c1',
  email: 'Ana@Example.test',
  currency: 'mxn',
  totalCents: 70_000,
  checkoutUrl: 'https://shop.example/checkout/c1',
  lines: [
    { productId: 'p1', title: 'Camisa', quantity: 2, unitPriceCents: 25_000 },
    { productId: 'p2', title: '  ', quantity: 1, unitPriceCents: 15_000 },
  ],
  updatedAt: new Date('2026-11-20T10:00:00Z'),
};

describe('cart → deal', () => {
  it('names the deal after the store and the cart, shortening the store to fit 160 characters', () => {
    expect(cartDealName(store, 'c1')).toBe('Abandoned cart Tienda Centro c1');
    const long = cartDealName({ ...store, name: 'T'.repeat(300) }, 'cart-123');
    expect(long).toHaveLength(160);
    expect(long.endsWith('… cart-123')).toBe(true);
    expect(cartDealName({ ...store, name: ' ' }, 'c1')).toBe('Abandoned cart store-1 c1');
  });

  it('makes a line per cart line and one more for what the total adds (shipping, taxes)', () => {
    expect(cartDealContent(cart, store)).toEqual({
      currency: 'MXN',
      amountCents: 70_000,
      sourceUrl: 'https://shop.example/checkout/c1',
      lines: [
        { description: 'Camisa', quantity: 2, unitPriceCents: 25_000 },
        // No title: the product id names the line.
        { description: 'p2', quantity: 1, unitPriceCents: 15_000 },
        { description: OTHER_CHARGES_LINE, quantity: 1, unitPriceCents: 5_000 },
      ],
    });
  });

  it('adds no line for a discount, and uses the store currency when the cart names none', () => {
    const discounted = cartDealContent({ ...cart, totalCents: 60_000, currency: '' }, store);
    expect(discounted.lines).toHaveLength(2);
    expect(discounted.currency).toBe('MXN');
    expect(cartDealContent({ ...cart, lines: [], checkoutUrl: undefined }, store)).toEqual({
      currency: 'MXN',
      amountCents: 70_000,
      lines: [],
      sourceUrl: null,
    });
  });

  it('hashes what the deal shows: not when the vendor touched the cart, nor the address’s case', () => {
    const hash = cartHash(cart, store);
    expect(cartHash({ ...cart, updatedAt: new Date(), email: 'ana@example.test' }, store)).toBe(hash);
    expect(cartHash({ ...cart, totalCents: 71_000 }, store)).not.toBe(hash);
    expect(cartHash({ ...cart, lines: cart.lines.slice(0, 1) }, store)).not.toBe(hash);
    expect(cartHash(cart, { ...store, name: 'Renamed' })).not.toBe(hash);
  });

  it('makes a won deal of the order: its lines, and its total as the amount', () => {
    const order: VendorOrder = {
      id: 'o1',
      currency: 'mxn',
      totalCents: 80_000,
      lines: [{ productId: 'p1', title: 'Camisa', quantity: 3, unitPriceCents: 25_000 }],
      placedAt: new Date('2026-11-21T10:00:00Z'),
    };
    expect(orderDealContent(order, store)).toEqual({
      currency: 'MXN',
      amountCents: 80_000,
      lines: [
        { description: 'Camisa', quantity: 3, unitPriceCents: 25_000 },
        { description: OTHER_CHARGES_LINE, quantity: 1, unitPriceCents: 5_000 },
      ],
    });
    expect(orderDealContent({ ...order, lines: [] }, store)).toEqual({
      currency: 'MXN',
      amountCents: 80_000,
      lines: [],
    });
  });

  it('shares an order’s discount over its lines, so the lines still add up to what was paid', () => {
    const order: VendorOrder = {
      id: 'o2',
      currency: 'MXN',
      totalCents: 10_000,
      lines: [
        { productId: 'p1', title: 'Camisa', quantity: 2, unitPriceCents: 4_000 },
        { productId: 'p2', title: 'Gorra', quantity: 1, unitPriceCents: 3_333 },
      ],
      placedAt: new Date('2026-11-21T10:00:00Z'),
    };
    const content = orderDealContent(order, store);
    expect(content.lines).toEqual([
      { description: '2 × Camisa', quantity: 1, unitPriceCents: 7_059 },
      { description: 'Gorra', quantity: 1, unitPriceCents: 2_941 },
    ]);
    expect(content.lines.reduce((sum, line) => sum + line.unitPriceCents, 0)).toBe(10_000);
    expect(content.amountCents).toBe(10_000);
  });
});
