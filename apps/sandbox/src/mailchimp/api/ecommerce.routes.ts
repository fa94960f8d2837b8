import type { Request, Response } from 'express';
import type { RouteModule } from '../context';
import { collection, page, project, queryText } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import { cartView, readCartInput, writeCart } from '../ecommerce/carts';
import { customerView, readCustomerInput, writeCustomer } from '../ecommerce/customers';
import { BodyReader } from '../http/body-reader';
import { alreadyExists, ordersOf, requireStore, storesOf, type Store } from '../ecommerce/ecommerce.model';
import { orderView } from '../ecommerce/orders';
import { productView, readProductInput, writeProduct } from '../ecommerce/products';
import { readStoreInput, storeView, writeStore } from '../ecommerce/stores';

const STORE = '/ecommerce/stores/:store_id';

/** The store named in the path, with the account acting. */
function storeOf(req: Request, res: Response) {
  const account = accountOf(res);
  return { account, store: requireStore(account, req.params.store_id as string) };
}

/** A resource of the store by its path id, or 404. */
function requireIn<T>(items: Record<string, T>, id: string): T {
  const item = items[id];
  if (!item) throw MailchimpProblem.notFound();
  return item;
}

/** The store-scoped collection answer (`{store_id, <key>: [...], total_items}`). */
function storeCollection<T>(req: Request, store: Store, key: string, all: T[], view: (item: T) => unknown) {
  return project(req, collection(key, all, page(req, all).map(view), { store_id: store.id }));
}

/**
 * E-commerce stores and their customers, products, carts and orders. Orders are read-only here:
 * a shopper's checkout (control API) places them; promos are not simulated.
 */
export const ecommerceRoutes: RouteModule = (router, context) => {
  router.get('/ecommerce/stores', (req, res) => {
    const account = accountOf(res);
    const all = Object.values(storesOf(account));
    const items = page(req, all).map((store) => storeView(account, store));
    res.json(project(req, collection('stores', all, items)));
  });

  router.post('/ecommerce/stores', (req, res) => {
    const account = accountOf(res);
    const input = readStoreInput(account, req.body);
    if (storesOf(account)[input.id!]) throw alreadyExists('store');
    const store = writeStore(account, undefined, input);
    context.changed();
    res.json(storeView(account, store));
  });

  router.get(STORE, (req, res) => {
    const { account, store } = storeOf(req, res);
    res.json(project(req, storeView(account, store)));
  });

  router.patch(STORE, (req, res) => {
    const { account, store } = storeOf(req, res);
    writeStore(account, store, readStoreInput(account, req.body, store));
    context.changed();
    res.json(storeView(account, store));
  });

  router.delete(STORE, (req, res) => {
    const { account, store } = storeOf(req, res);
    // The store's customers, products and carts go with it; audience contacts stay.
    delete storesOf(account)[store.id];
    context.changed();
    res.status(204).end();
  });

  // Customers: each write also upserts the customer's contact in the store's audience.
  router.get(`${STORE}/customers`, (req, res) => {
    const { account, store } = storeOf(req, res);
    const email = queryText(req, 'email_address')?.toLowerCase();
    const all = Object.values(store.customers).filter((c) => !email || c.email_address === email);
    res.json(storeCollection(req, store, 'customers', all, (c) => customerView(account, store, c)));
  });

  router.post(`${STORE}/customers`, (req, res) => {
    const { account, store } = storeOf(req, res);
    const reader = BodyReader.of(req.body);
    const input = readCustomerInput(reader, true);
    reader.done();
    if (store.customers[input.id!]) throw alreadyExists('customer');
    const customer = writeCustomer(context, account, store, undefined, input);
    context.changed();
    res.json(customerView(account, store, customer));
  });

  router.get(`${STORE}/customers/:customer_id`, (req, res) => {
    const { account, store } = storeOf(req, res);
    res.json(project(req, customerView(account, store, requireIn(store.customers, req.params.customer_id))));
  });

  router.put(`${STORE}/customers/:customer_id`, (req, res) => {
    const { account, store } = storeOf(req, res);
    const reader = BodyReader.of(req.body);
    const input = readCustomerInput(reader, true);
    if (input.id !== undefined && input.id !== req.params.customer_id)
      reader.fail('id', 'The id must match the customer id of the URL.');
    reader.done();
    const customer = writeCustomer(context, account, store, store.customers[req.params.customer_id], input);
    context.changed();
    res.json(customerView(account, store, customer));
  });

  router.patch(`${STORE}/customers/:customer_id`, (req, res) => {
    const { account, store } = storeOf(req, res);
    const existing = requireIn(store.customers, req.params.customer_id);
    const reader = BodyReader.of(req.body);
    // The address is the customer's identity in the audience: a PATCH does not change it.
    const { email_address: _ignored, ...input } = readCustomerInput(reader, false);
    reader.done();
    writeCustomer(context, account, store, existing, { ...input, id: existing.id });
    context.changed();
    res.json(customerView(account, store, existing));
  });

  router.delete(`${STORE}/customers/:customer_id`, (req, res) => {
    const { store } = storeOf(req, res);
    requireIn(store.customers, req.params.customer_id);
    delete store.customers[req.params.customer_id];
    context.changed();
    res.status(204).end();
  });

  // Products: carts may only name products (and variants) that exist.
  router.get(`${STORE}/products`, (req, res) => {
    const { store } = storeOf(req, res);
    const all = Object.values(store.products);
    res.json(storeCollection(req, store, 'products', all, (p) => productView(store, p)));
  });

  router.post(`${STORE}/products`, (req, res) => {
    const { store } = storeOf(req, res);
    const reader = BodyReader.of(req.body);
    const input = readProductInput(reader, true);
    reader.done();
    if (store.products[input.id!]) throw alreadyExists('product');
    const product = writeProduct(store, undefined, input);
    context.changed();
    res.json(productView(store, product));
  });

  router.get(`${STORE}/products/:product_id`, (req, res) => {
    const { store } = storeOf(req, res);
    res.json(project(req, productView(store, requireIn(store.products, req.params.product_id))));
  });

  router.put(`${STORE}/products/:product_id`, (req, res) => {
    const { store } = storeOf(req, res);
    const reader = BodyReader.of(req.body);
    const input = readProductInput(reader, true);
    if (input.id !== undefined && input.id !== req.params.product_id)
      reader.fail('id', 'The id must match the product id of the URL.');
    reader.done();
    const product = writeProduct(store, store.products[req.params.product_id], input);
    context.changed();
    res.json(productView(store, product));
  });

  router.patch(`${STORE}/products/:product_id`, (req, res) => {
    const { store } = storeOf(req, res);
    const existing = requireIn(store.products, req.params.product_id);
    const reader = BodyReader.of(req.body);
    const { id: _ignored, ...input } = readProductInput(reader, false);
    reader.done();
    writeProduct(store, existing, input);
    context.changed();
    res.json(productView(store, existing));
  });

  router.delete(`${STORE}/products/:product_id`, (req, res) => {
    const { store } = storeOf(req, res);
    requireIn(store.products, req.params.product_id);
    delete store.products[req.params.product_id];
    context.changed();
    res.status(204).end();
  });

  // Carts: kept until deleted (deleting one cancels its abandoned-cart email).
  router.get(`${STORE}/carts`, (req, res) => {
    const { account, store } = storeOf(req, res);
    const all = Object.values(store.carts);
    res.json(storeCollection(req, store, 'carts', all, (c) => cartView(account, store, c)));
  });

  router.post(`${STORE}/carts`, (req, res) => {
    const { account, store } = storeOf(req, res);
    const input = readCartInput(req.body, store, true);
    if (store.carts[input.id!]) throw alreadyExists('cart');
    const cart = writeCart(context, account, store, undefined, input);
    context.changed();
    res.json(cartView(account, store, cart));
  });

  router.get(`${STORE}/carts/:cart_id`, (req, res) => {
    const { account, store } = storeOf(req, res);
    res.json(project(req, cartView(account, store, requireIn(store.carts, req.params.cart_id))));
  });

  router.patch(`${STORE}/carts/:cart_id`, (req, res) => {
    const { account, store } = storeOf(req, res);
    const existing = requireIn(store.carts, req.params.cart_id);
    const { id: _ignored, ...input } = readCartInput(req.body, store, false);
    writeCart(context, account, store, existing, input);
    context.changed();
    res.json(cartView(account, store, existing));
  });

  router.delete(`${STORE}/carts/:cart_id`, (req, res) => {
    const { store } = storeOf(req, res);
    requireIn(store.carts, req.params.cart_id);
    delete store.carts[req.params.cart_id];
    context.changed();
    res.status(204).end();
  });

  // Orders, newest placed first; `customer_id` and `campaign_id` narrow them.
  router.get(`${STORE}/orders`, (req, res) => {
    const { account, store } = storeOf(req, res);
    const customerId = queryText(req, 'customer_id');
    const campaignId = queryText(req, 'campaign_id');
    const all = Object.values(ordersOf(store))
      .filter(
        (o) => (!customerId || o.customerId === customerId) && (!campaignId || o.campaign_id === campaignId),
      )
      .sort((a, b) => b.processed_at_foreign.localeCompare(a.processed_at_foreign));
    res.json(storeCollection(req, store, 'orders', all, (o) => orderView(account, store, o)));
  });

  router.get(`${STORE}/orders/:order_id`, (req, res) => {
    const { account, store } = storeOf(req, res);
    res.json(project(req, orderView(account, store, requireIn(ordersOf(store), req.params.order_id))));
  });
};
