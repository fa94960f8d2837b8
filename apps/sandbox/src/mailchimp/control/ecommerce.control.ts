import type { Router } from 'express';
import type { SandboxContext } from '../context';
import { cartView, writeCart } from '../ecommerce/carts';
import { readEmail } from '../ecommerce/ecommerce-input';
import {
  alreadyExists,
  ordersOf,
  storesOf,
  type CartLine,
  type Order,
  type Store,
} from '../ecommerce/ecommerce.model';
import { checkoutCart, orderView } from '../ecommerce/orders';
import { BodyReader, isRecord, schemaMessage } from '../http/body-reader';
import { MailchimpProblem } from '../http/problem';
import { hexId } from '../state';
import { requireAccount } from './accounts.control';

const FINANCIAL_STATUSES = ['paid', 'pending'] as const;
const ORDER_ID_MAX = 50;

interface LineRequest {
  product_id: string;
  product_variant_id?: string;
  quantity: number;
}

function readLineRequests(reader: BodyReader): LineRequest[] | undefined {
  const lines = reader.array('lines');
  return lines?.map((line, index) => {
    if (!isRecord(line)) {
      reader.fail(`lines.item:${index}`, schemaMessage('object', line));
      return { product_id: '', quantity: 1 };
    }
    const lineReader = new BodyReader(line, `lines.item:${index}.`, reader.errors);
    const quantity = lineReader.integer('quantity') ?? 1;
    if (quantity < 1) lineReader.fail('quantity', 'must be at least 1');
    return {
      product_id: lineReader.string('product_id', true) ?? '',
      product_variant_id: lineReader.string('product_variant_id'),
      quantity,
    };
  });
}

/** Cart lines priced from the store's catalogue; without a request, one of its first product. */
function pricedLines(store: Store, requests: LineRequest[] | undefined): CartLine[] {
  const wanted = requests ?? [{ product_id: Object.keys(store.products)[0] ?? '', quantity: 1 }];
  return wanted.map((request, index) => {
    const product = store.products[request.product_id];
    if (!product)
      throw MailchimpProblem.field(`lines.item:${index}.product_id`, 'no such product in the store');
    const variant = request.product_variant_id
      ? product.variants.find((v) => v.id === request.product_variant_id)
      : product.variants[0];
    if (!variant)
      throw MailchimpProblem.field(
        `lines.item:${index}.product_variant_id`,
        'no such variant of the product',
      );
    return {
      id: `line-${index + 1}`,
      product_id: product.id,
      product_variant_id: variant.id,
      quantity: request.quantity,
      price: variant.price,
    };
  });
}

/**
 * A shopper's side of a store: filling a cart and leaving at the checkout, so the account has an
 * abandoned cart as if the store's platform had reported it; or coming back and paying, so the
 * platform reports the order and deletes the cart.
 */
export function ecommerceControl(router: Router, context: SandboxContext): void {
  router.post('/accounts/:account_id/stores/:store_id/abandoned-carts', (req, res) => {
    const account = requireAccount(context, req.params.account_id);
    const store = storesOf(account)[req.params.store_id];
    if (!store)
      throw MailchimpProblem.notFound(`Store ${req.params.store_id} does not exist in this account.`);
    const reader = BodyReader.of(req.body);
    const email = readEmail(reader, 'email_address', true, 'is required');
    const optIn = reader.boolean('opt_in_status') ?? false;
    const checkoutUrl = reader.string('checkout_url');
    const requests = readLineRequests(reader);
    reader.done();
    const lines = pricedLines(store, requests);
    const known = Object.values(store.customers).find((customer) => customer.email_address === email);
    const cartId = hexId(8);
    const cart = writeCart(context, account, store, undefined, {
      id: cartId,
      customer: { id: known?.id ?? hexId(8), email_address: email, opt_in_status: optIn },
      currency_code: store.currency_code,
      order_total: lines.reduce((sum, line) => sum + line.price * line.quantity, 0),
      checkout_url: checkoutUrl ?? `https://${store.domain || 'shop.example'}/checkout/${cartId}`,
      lines,
    });
    context.changed();
    res.status(201).json(cartView(account, store, cart));
  });

  // `{order_id?, financial_status?, shipping_total?, discount_total?, processed_at_foreign?}`: the
  // cart becomes an order (paid, now and at the cart's total unless said) and is deleted.
  router.post('/accounts/:account_id/stores/:store_id/carts/:cart_id/checkout', (req, res) => {
    const account = requireAccount(context, req.params.account_id);
    const store = storesOf(account)[req.params.store_id];
    if (!store)
      throw MailchimpProblem.notFound(`Store ${req.params.store_id} does not exist in this account.`);
    const cart = store.carts[req.params.cart_id];
    if (!cart)
      throw MailchimpProblem.notFound(
        `Cart ${req.params.cart_id} does not exist in store ${store.id} (checked out or deleted).`,
      );
    const reader = BodyReader.of(req.body);
    const orderId = reader.string('order_id', false, ORDER_ID_MAX);
    if (orderId === '') reader.fail('order_id', 'This value should not be blank.');
    const financialStatus = reader.string('financial_status');
    if (financialStatus !== undefined && !(FINANCIAL_STATUSES as readonly string[]).includes(financialStatus))
      reader.fail('financial_status', `must be one of ${FINANCIAL_STATUSES.join(', ')}`);
    const shippingTotal = reader.number('shipping_total');
    if (shippingTotal !== undefined && shippingTotal < 0) reader.fail('shipping_total', 'must be 0 or more');
    const discountTotal = reader.number('discount_total');
    if (
      discountTotal !== undefined &&
      (discountTotal < 0 || discountTotal > cart.order_total + (shippingTotal ?? 0))
    )
      reader.fail('discount_total', 'must be between 0 and the order total');
    const processedAt = reader.string('processed_at_foreign');
    if (processedAt !== undefined && Number.isNaN(Date.parse(processedAt)))
      reader.fail('processed_at_foreign', 'must be an ISO 8601 date-time');
    reader.done();
    if (orderId !== undefined && ordersOf(store)[orderId]) throw alreadyExists('order');
    const order = checkoutCart(store, cart, {
      orderId,
      financialStatus: financialStatus as Order['financial_status'] | undefined,
      shippingTotal,
      discountTotal,
      processedAt: processedAt && new Date(processedAt).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    });
    context.changed();
    res.status(201).json(orderView(account, store, order));
  });
}
