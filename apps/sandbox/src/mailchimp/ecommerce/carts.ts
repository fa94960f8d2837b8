import type { SandboxContext } from '../context';
import { MailchimpProblem } from '../http/problem';
import { BodyReader, isRecord, schemaMessage } from '../http/body-reader';
import { now, type SandboxAccount } from '../state';
import { customerView, readCustomerInput, writeCustomer, type CustomerInput } from './customers';
import { readCurrency } from './ecommerce-input';
import type { Cart, CartLine, Store } from './ecommerce.model';

export interface CartInput {
  id?: string;
  customer?: CustomerInput;
  currency_code?: string;
  order_total?: number;
  tax_total?: number;
  checkout_url?: string;
  campaign_id?: string;
  lines?: CartLine[];
}

function readLine(reader: BodyReader): CartLine {
  return {
    id: reader.string('id', true) ?? '',
    product_id: reader.string('product_id', true) ?? '',
    product_variant_id: reader.string('product_variant_id', true) ?? '',
    quantity: reader.integer('quantity', true) ?? 0,
    price: reader.number('price', true) ?? 0,
  };
}

/**
 * The cart's customer: a customer the store does not know yet is created with the cart, so it
 * needs an email address and opt-in status; a known one is named by its id alone.
 */
function readCartCustomer(reader: BodyReader, store: Store, required: boolean): CustomerInput | undefined {
  const customer = reader.nested('customer', required);
  if (!customer) return undefined;
  const id = customer.body.id;
  const known = typeof id === 'string' && store.customers[id] !== undefined;
  return readCustomerInput(customer, !known && (required || id !== undefined));
}

/** A cart body; creating needs id, customer, currency_code, order_total and lines. */
export function readCartInput(body: unknown, store: Store, creating: boolean): CartInput {
  const reader = BodyReader.of(body);
  const input: CartInput = {
    id: reader.string('id', creating),
    customer: readCartCustomer(reader, store, creating),
    currency_code: readCurrency(reader, creating),
    order_total: reader.number('order_total', creating),
    tax_total: reader.number('tax_total'),
    checkout_url: reader.string('checkout_url'),
    campaign_id: reader.string('campaign_id'),
  };
  const lines = reader.array('lines', creating);
  if (lines) {
    if (creating && lines.length === 0) reader.fail('lines', 'A cart must have at least one line.');
    input.lines = lines.map((line, index) => {
      const field = `lines.item:${index}`;
      if (isRecord(line)) return readLine(new BodyReader(line, `${field}.`, reader.errors));
      reader.fail(field, schemaMessage('object', line));
      return readLine(new BodyReader({}, `${field}.`, []));
    });
  }
  reader.done();
  if (input.lines) requireProducts(store, input.lines);
  return input;
}

/** Lines may only name products and variants the store has: Mailchimp's 400 names the first that does not. */
function requireProducts(store: Store, lines: CartLine[]): void {
  lines.forEach((line, index) => {
    const product = store.products[line.product_id];
    const [field, detail] = !product
      ? ['product_id', 'A product with the provided ID does not exist in the account for this list.']
      : !product.variants.some((variant) => variant.id === line.product_variant_id)
        ? [
            'product_variant_id',
            'A product with the provided variant ID does not exist in the account for this list.',
          ]
        : [];
    if (field && detail)
      throw new MailchimpProblem(400, 'Bad Request', detail, [
        { field: `lines.item:${index}.${field}`, message: detail },
      ]);
  });
}

/** Creates or updates the cart (lines given replace the lines); a customer given is written first. */
export function writeCart(
  context: SandboxContext,
  account: SandboxAccount,
  store: Store,
  existing: Cart | undefined,
  input: CartInput,
): Cart {
  let customerId = existing?.customerId ?? '';
  if (input.customer) {
    const id = input.customer.id ?? customerId;
    customerId = writeCustomer(context, account, store, store.customers[id], { ...input.customer, id }).id;
  }
  const at = now();
  const cart: Cart = existing ?? {
    id: input.id!,
    customerId,
    currency_code: input.currency_code!,
    order_total: input.order_total!,
    lines: [],
    created_at: at,
    updated_at: at,
  };
  cart.customerId = customerId;
  for (const key of ['currency_code', 'order_total', 'tax_total', 'checkout_url', 'campaign_id'] as const)
    if (input[key] !== undefined) (cart as unknown as Record<string, unknown>)[key] = input[key];
  if (input.lines) cart.lines = input.lines;
  cart.updated_at = at;
  store.carts[cart.id] = cart;
  return cart;
}

export function cartView(account: SandboxAccount, store: Store, cart: Cart) {
  const customer = store.customers[cart.customerId];
  return {
    id: cart.id,
    ...(customer ? { customer: customerView(account, store, customer) } : {}),
    ...(cart.campaign_id ? { campaign_id: cart.campaign_id } : {}),
    ...(cart.checkout_url ? { checkout_url: cart.checkout_url } : {}),
    currency_code: cart.currency_code,
    order_total: cart.order_total,
    ...(cart.tax_total !== undefined ? { tax_total: cart.tax_total } : {}),
    lines: cart.lines.map((line) => {
      const product = store.products[line.product_id];
      const variant = product?.variants.find((v) => v.id === line.product_variant_id);
      return { ...line, product_title: product?.title ?? '', product_variant_title: variant?.title ?? '' };
    }),
    created_at: cart.created_at,
    updated_at: cart.updated_at,
    _links: [],
  };
}
