import type { VendorOrder } from '../contract/vendor-records';
import {
  abandonedNote,
  formatCents,
  graceOver,
  ORDER_CLOCK_SLACK_MS,
  ORDER_GRACE_MS,
  orderedNote,
  orderOfCart,
  ordersSince,
} from './cart-orders';

const store = { id: 'store-1', name: 'Tienda Centro', currency: 'MXN' };
const order = (id: string, placedAt: string): VendorOrder => ({
  id,
  currency: 'MXN',
  totalCents: 123_450,
  lines: [],
  placedAt: new Date(placedAt),
});

describe('what became of a cart that left the abandoned carts', () => {
  it('takes the order filed under the cart’s id, else the earliest, never one another deal has or one without a time', () => {
    const early = order('o-early', '2026-11-20T10:00:00Z');
    const late = order('o-late', '2026-11-20T12:00:00Z');
    const own = order('c1', '2026-11-20T14:00:00Z');
    expect(orderOfCart([late, own, early], 'c1', new Set())).toEqual(own);
    expect(orderOfCart([late, early], 'c1', new Set())).toEqual(early);
    expect(orderOfCart([late, early], 'c1', new Set(['o-early']))).toEqual(late);
    expect(orderOfCart([early], 'c1', new Set(['o-early']))).toBeNull();
    expect(orderOfCart([], 'c1', new Set())).toBeNull();
    // An order with no valid time cannot be placed after the cart.
    expect(orderOfCart([{ ...early, placedAt: new Date('not a date') }], 'c1', new Set())).toBeNull();
  });

  it('looks for orders from a little before the cart last changed, and waits a while for a late one', () => {
    const changed = new Date('2026-11-20T10:00:00Z');
    expect(changed.getTime() - ordersSince(changed).getTime()).toBe(ORDER_CLOCK_SLACK_MS);
    const gone = new Date('2026-11-20T11:00:00Z');
    expect(graceOver(gone, new Date(gone.getTime() + ORDER_GRACE_MS - 1))).toBe(false);
    expect(graceOver(gone, new Date(gone.getTime() + ORDER_GRACE_MS))).toBe(true);
  });

  it('names the order and the cart in the won deal’s note, and the reason in the lost one’s', () => {
    const placed = order('pedido-1', '2026-11-20T10:00:00Z');
    expect(orderedNote(store, 'c1', placed, 'mailchimp')).toEqual({
      subject: 'Order pedido-1 placed in Tienda Centro',
      body: expect.stringContaining('The abandoned cart c1 became order pedido-1 (1,234.50 MXN)'),
      occurredAt: placed.placedAt,
      source: 'mailchimp',
      meta: { storeId: 'store-1', cartId: 'c1', orderId: 'pedido-1', totalCents: 123_450, currency: 'MXN' },
    });
    const gone = new Date('2026-11-20T11:00:00Z');
    expect(abandonedNote({ ...store, name: ' ' }, 'c2', gone, 'fake')).toMatchObject({
      subject: 'Cart c2 emptied or expired without an order',
      body: expect.stringContaining('left store-1'),
      occurredAt: gone,
      meta: { reason: 'CART_GONE_WITHOUT_ORDER' },
    });
    expect(formatCents(5, 'EUR')).toBe('0.05 EUR');
  });
});
