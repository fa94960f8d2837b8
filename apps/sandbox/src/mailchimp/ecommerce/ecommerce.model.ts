import { MailchimpProblem } from '../http/problem';
import type { SandboxAccount } from '../state';

/** A postal address as the e-commerce resources carry it (free-form fields, all optional). */
export type EcommerceAddress = Record<string, string | number>;

export interface Customer {
  id: string;
  email_address: string;
  /** What the store last sent; the contact's audience status decides what is answered. */
  opt_in_status: boolean;
  company: string;
  first_name: string;
  last_name: string;
  address?: EcommerceAddress;
  created_at: string;
  updated_at: string;
}

export interface ProductVariant {
  id: string;
  title: string;
  url: string;
  sku: string;
  price: number;
  inventory_quantity: number;
  image_url: string;
  backorders: string;
  visibility: string;
  created_at: string;
  updated_at: string;
}

export interface Product {
  id: string;
  title: string;
  handle: string;
  url: string;
  description: string;
  type: string;
  vendor: string;
  image_url: string;
  images: Array<{ id: string; url: string; variant_ids?: string[] }>;
  published_at_foreign?: string;
  variants: ProductVariant[];
  created_at: string;
  updated_at: string;
}

export interface CartLine {
  id: string;
  product_id: string;
  product_variant_id: string;
  quantity: number;
  price: number;
}

export interface Cart {
  id: string;
  customerId: string;
  campaign_id?: string;
  checkout_url?: string;
  currency_code: string;
  order_total: number;
  tax_total?: number;
  lines: CartLine[];
  created_at: string;
  updated_at: string;
}

export interface OrderLine extends CartLine {
  discount: number;
}

/** A placed order, as the store's platform reports it (the sandbox: a shopper's checkout). */
export interface Order {
  id: string;
  customerId: string;
  campaign_id?: string;
  financial_status: 'paid' | 'pending' | 'refunded' | 'cancelled';
  fulfillment_status: string;
  currency_code: string;
  order_total: number;
  tax_total: number;
  shipping_total: number;
  discount_total: number;
  processed_at_foreign: string;
  updated_at_foreign: string;
  lines: OrderLine[];
}

export interface Store {
  id: string;
  /** The audience the store's customers join; fixed at creation. */
  list_id: string;
  name: string;
  platform: string;
  domain: string;
  is_syncing: boolean;
  email_address: string;
  currency_code: string;
  money_format: string;
  primary_locale: string;
  timezone: string;
  phone: string;
  address?: EcommerceAddress;
  created_at: string;
  updated_at: string;
  customers: Record<string, Customer>;
  products: Record<string, Product>;
  carts: Record<string, Cart>;
  /** Absent in state saved before orders were simulated: read it through `ordersOf`. */
  orders?: Record<string, Order>;
}

export const storesOf = (account: SandboxAccount) => account.stores as unknown as Record<string, Store>;

export function ordersOf(store: Store): Record<string, Order> {
  store.orders ??= {};
  return store.orders;
}

/** The customer's orders in the store that count as spending (not refunded or cancelled). */
export function customerSpending(store: Store, customerId: string): { orders: number; spent: number } {
  const orders = Object.values(ordersOf(store)).filter(
    (order) =>
      order.customerId === customerId &&
      order.financial_status !== 'refunded' &&
      order.financial_status !== 'cancelled',
  );
  return { orders: orders.length, spent: orders.reduce((sum, order) => sum + order.order_total, 0) };
}

export function requireStore(account: SandboxAccount, storeId: string): Store {
  const store = storesOf(account)[storeId];
  if (!store) throw MailchimpProblem.notFound();
  return store;
}

/** Mailchimp's answer to an id already taken in the account ("product", "customer"…). */
export const alreadyExists = (kind: string) =>
  new MailchimpProblem(
    400,
    'Bad Request',
    `We were unable to process the request. ${/^[aeiou]/.test(kind) ? 'An' : 'A'} ${kind} with the provided ID already exists in the account.`,
  );
