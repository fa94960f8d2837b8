import type { ListEvent } from '../../apps/sandbox/src/mailchimp/context';
import {
  MailchimpClient,
  SandboxAccountCredentials,
  SandboxHarness,
  rejection,
  audienceInput,
} from './support/mailchimp-sandbox.harness';

const audience = (name: string) => audienceInput(name, { permission_reminder: 'You bought from our shop.' });

const product = (id: string, variants = [{ id: `${id}-v1`, title: 'Default', price: 12.5 }]) => ({
  id,
  title: `Product ${id}`,
  url: `https://shop.example/products/${id}`,
  variants,
});

const cart = (id: string, customer: Record<string, unknown>, lines: Array<Record<string, unknown>>) => ({
  id,
  customer,
  currency_code: 'EUR',
  order_total: 25,
  checkout_url: `https://shop.example/checkout/${id}`,
  lines,
});

describe('Mailchimp sandbox: e-commerce', () => {
  let h: SandboxHarness;
  let account: SandboxAccountCredentials;
  let client: MailchimpClient;
  let listId: string;
  const events: ListEvent[] = [];

  beforeAll(async () => {
    h = await SandboxHarness.start();
    h.sandbox.context.onEvent((event) => events.push(event));
    account = await h.createAccount();
    client = h.client({ apiKey: account.api_key });
    listId = (await client.lists.createList(audience('Shop customers'))).id;
  });
  afterAll(() => h.close());

  const memberStatus = async (email: string) => (await client.lists.getListMember(listId, email)).status;

  describe('stores', () => {
    it('creates, reads, lists, edits and deletes a store bound to an existing audience', async () => {
      const created = await client.ecommerce.addStore({
        id: 'store-1',
        list_id: listId,
        name: 'Acme shop',
        currency_code: 'eur',
        domain: 'shop.example',
        is_syncing: true,
      });
      expect(created).toMatchObject({
        id: 'store-1',
        list_id: listId,
        name: 'Acme shop',
        currency_code: 'EUR',
        is_syncing: true,
        list_is_active: true,
      });
      expect(await client.ecommerce.getStore('store-1')).toMatchObject({ name: 'Acme shop' });

      const edited = await client.ecommerce.updateStore('store-1', { name: 'Acme', is_syncing: false });
      expect(edited).toMatchObject({ name: 'Acme', is_syncing: false, list_id: listId });
      const moved = await rejection(client.ecommerce.updateStore('store-1', { list_id: 'other' }));
      expect(moved).toMatchObject({ status: 400, title: 'Invalid Resource' });
      expect(moved.errors).toEqual([{ field: 'list_id', message: expect.any(String) }]);

      const twin = await rejection(
        client.ecommerce.addStore({ id: 'store-1', list_id: listId, name: 'Again', currency_code: 'EUR' }),
      );
      expect(twin).toMatchObject({
        status: 400,
        title: 'Bad Request',
        detail:
          'We were unable to process the request. A store with the provided ID already exists in the account.',
      });
      const sameDomain = await rejection(
        client.ecommerce.addStore({
          id: 'store-x',
          list_id: listId,
          name: 'X',
          currency_code: 'EUR',
          domain: 'shop.example',
        }),
      );
      expect(sameDomain.detail).toContain('A store with the domain shop.example already exists');

      await client.ecommerce.addStore({
        id: 'store-2',
        list_id: listId,
        name: 'Outlet',
        currency_code: 'EUR',
      });
      const stores = await client.ecommerce.stores();
      expect(stores.total_items).toBe(2);
      expect(stores.stores.map((s: { id: string }) => s.id).sort()).toEqual(['store-1', 'store-2']);
      expect(await client.ecommerce.deleteStore('store-2')).toBeNull();
      expect(await rejection(client.ecommerce.getStore('store-2'))).toMatchObject({
        status: 404,
        title: 'Resource Not Found',
      });
    });

    it('requires id, list_id (an existing audience), name and currency_code', async () => {
      const empty = await rejection(client.ecommerce.addStore({}));
      expect(empty).toMatchObject({ status: 400, title: 'Invalid Resource' });
      expect(empty.errors!.map((e) => (e as { field: string }).field).sort()).toEqual(
        ['currency_code', 'id', 'list_id', 'name'].sort(),
      );
      const noList = await rejection(
        client.ecommerce.addStore({ id: 'nolist', list_id: 'missing', name: 'X', currency_code: 'EUR' }),
      );
      expect(noList.errors).toEqual([{ field: 'list_id', message: expect.any(String) }]);
    });
  });

  describe('customers and their contacts', () => {
    beforeAll(async () => {
      await client.ecommerce.addStore({
        id: 'consent',
        list_id: listId,
        name: 'Consent shop',
        currency_code: 'EUR',
      });
    });

    it('adds new contacts as subscribed (opted in) or transactional (not opted in)', async () => {
      events.length = 0;
      const optedIn = await client.ecommerce.addStoreCustomer('consent', {
        id: 'c1',
        email_address: 'Opted.In@example.com',
        opt_in_status: true,
        first_name: 'Ana',
        last_name: 'López',
      });
      expect(optedIn).toMatchObject({ id: 'c1', email_address: 'opted.in@example.com', opt_in_status: true });
      const member = await client.lists.getListMember(listId, 'opted.in@example.com');
      expect(member).toMatchObject({ status: 'subscribed', merge_fields: { FNAME: 'Ana', LNAME: 'López' } });
      expect(events).toEqual([
        expect.objectContaining({
          type: 'subscribe',
          source: 'api',
          member: expect.objectContaining({ id: member.id }),
        }),
      ]);

      await client.ecommerce.addStoreCustomer('consent', {
        id: 'c2',
        email_address: 'receipts@example.com',
        opt_in_status: false,
      });
      expect(await memberStatus('receipts@example.com')).toBe('transactional');
      expect(events).toHaveLength(1);
    });

    it('upgrades a transactional contact who opts in, and never downgrades or overrides a status', async () => {
      await client.ecommerce.addStoreCustomer('consent', {
        id: 'c3',
        email_address: 'later@example.com',
        opt_in_status: false,
      });
      const upgraded = await client.ecommerce.updateStoreCustomer('consent', 'c3', { opt_in_status: true });
      expect(upgraded.opt_in_status).toBe(true);
      expect(await memberStatus('later@example.com')).toBe('subscribed');

      // Opting out through the store does not unsubscribe anyone.
      const kept = await client.ecommerce.setStoreCustomer('consent', 'c3', {
        id: 'c3',
        email_address: 'later@example.com',
        opt_in_status: false,
      });
      expect(kept.opt_in_status).toBe(true);
      expect(await memberStatus('later@example.com')).toBe('subscribed');

      // A contact who unsubscribed stays unsubscribed whatever the store says.
      await client.lists.addListMember(listId, { email_address: 'gone@example.com', status: 'unsubscribed' });
      const customer = await client.ecommerce.addStoreCustomer('consent', {
        id: 'c4',
        email_address: 'gone@example.com',
        opt_in_status: true,
      });
      expect(customer.opt_in_status).toBe(false);
      expect(await memberStatus('gone@example.com')).toBe('unsubscribed');

      // PUT creates a customer that does not exist yet.
      const put = await client.ecommerce.setStoreCustomer('consent', 'c5', {
        id: 'c5',
        email_address: 'put@example.com',
        opt_in_status: false,
      });
      expect(put).toMatchObject({ id: 'c5', opt_in_status: false });
      expect(await memberStatus('put@example.com')).toBe('transactional');
    });

    it('validates customers and serves them by id and by address', async () => {
      const noEmail = await rejection(
        client.ecommerce.addStoreCustomer('consent', { id: 'x', opt_in_status: true }),
      );
      expect(noEmail).toMatchObject({ status: 400, title: 'Invalid Resource' });
      expect(noEmail.errors).toEqual([
        { field: 'email_address', message: 'An email address is required to create a customer.' },
      ]);
      const longId = await rejection(
        client.ecommerce.addStoreCustomer('consent', {
          id: 'x'.repeat(51),
          email_address: 'a@example.com',
          opt_in_status: true,
        }),
      );
      expect(longId.errors).toEqual([{ field: 'id', message: expect.stringContaining('50') }]);
      const twin = await rejection(
        client.ecommerce.addStoreCustomer('consent', {
          id: 'c1',
          email_address: 'a@example.com',
          opt_in_status: true,
        }),
      );
      expect(twin).toMatchObject({ status: 400, title: 'Bad Request' });
      expect(twin.detail).toContain('A customer with the provided ID already exists');

      const found = await client.ecommerce.getAllStoreCustomers('consent', {
        emailAddress: 'receipts@example.com',
      });
      expect(found.total_items).toBe(1);
      expect(found.customers[0].id).toBe('c2');
      expect(found.store_id).toBe('consent');
      expect(await client.ecommerce.getStoreCustomer('consent', 'c2')).toMatchObject({
        email_address: 'receipts@example.com',
      });
      expect(await client.ecommerce.deleteStoreCustomer('consent', 'c2')).toBeNull();
      expect(await rejection(client.ecommerce.getStoreCustomer('consent', 'c2'))).toMatchObject({
        status: 404,
      });
      // The contact stays in the audience.
      expect(await memberStatus('receipts@example.com')).toBe('transactional');
      expect(await rejection(client.ecommerce.getStoreCustomer('nostore', 'c1'))).toMatchObject({
        status: 404,
      });
    });
  });

  describe('products', () => {
    beforeAll(async () => {
      await client.ecommerce.addStore({
        id: 'catalog',
        list_id: listId,
        name: 'Catalog',
        currency_code: 'USD',
      });
    });

    it('requires at least one variant with id and title', async () => {
      const none = await rejection(
        client.ecommerce.addStoreProduct('catalog', { id: 'p0', title: 'No variants' }),
      );
      expect(none).toMatchObject({ status: 400, title: 'Invalid Resource' });
      expect(none.errors).toEqual([
        { field: 'variants', message: 'Schema describes array, NULL found instead' },
      ]);
      const empty = await rejection(
        client.ecommerce.addStoreProduct('catalog', { id: 'p0', title: 'Empty', variants: [] }),
      );
      expect(empty.errors).toEqual([{ field: 'variants', message: expect.any(String) }]);
      const untitled = await rejection(
        client.ecommerce.addStoreProduct('catalog', {
          id: 'p0',
          title: 'Untitled variant',
          variants: [{ id: 'v' }],
        }),
      );
      expect(untitled.errors).toEqual([
        { field: 'variants.item:0.title', message: 'Schema describes string, NULL found instead' },
      ]);
    });

    it('creates, reads, lists, edits and deletes products', async () => {
      const created = await client.ecommerce.addStoreProduct('catalog', product('p1'));
      expect(created).toMatchObject({
        id: 'p1',
        title: 'Product p1',
        currency_code: 'USD',
        variants: [expect.objectContaining({ id: 'p1-v1', title: 'Default', price: 12.5 })],
      });
      const twin = await rejection(client.ecommerce.addStoreProduct('catalog', product('p1')));
      expect(twin.detail).toBe(
        'We were unable to process the request. A product with the provided ID already exists in the account.',
      );
      const edited = await client.ecommerce.updateStoreProduct('catalog', 'p1', {
        title: 'Renamed',
        variants: [{ id: 'p1-v2', title: 'Large', price: 20 }],
      });
      expect(edited.title).toBe('Renamed');
      expect(edited.variants.map((v: { id: string }) => v.id)).toEqual(['p1-v1', 'p1-v2']);
      expect(await client.ecommerce.getStoreProduct('catalog', 'p1')).toMatchObject({ title: 'Renamed' });
      await client.ecommerce.addStoreProduct('catalog', product('p2'));
      expect((await client.ecommerce.getAllStoreProducts('catalog')).total_items).toBe(2);
      expect(await client.ecommerce.deleteStoreProduct('catalog', 'p2')).toBeNull();
      expect(await rejection(client.ecommerce.getStoreProduct('catalog', 'p2'))).toMatchObject({
        status: 404,
      });
    });
  });

  describe('carts', () => {
    beforeAll(async () => {
      await client.ecommerce.addStore({
        id: 'carts',
        list_id: listId,
        name: 'Cart shop',
        currency_code: 'EUR',
        domain: 'carts.example',
      });
      await client.ecommerce.addStoreProduct('carts', product('shoe'));
      await client.ecommerce.addStoreProduct('carts', product('sock'));
    });

    const line = (id: string, productId: string, variantId = `${productId}-v1`) => ({
      id,
      product_id: productId,
      product_variant_id: variantId,
      quantity: 1,
      price: 12.5,
    });

    it('creates a cart with a new customer, keeps checkout_url, and reads, edits and deletes it', async () => {
      const created = await client.ecommerce.addStoreCart(
        'carts',
        cart('cart-1', { id: 'shopper-1', email_address: 'shopper@example.com', opt_in_status: false }, [
          line('l1', 'shoe'),
          line('l2', 'sock'),
        ]),
      );
      expect(created).toMatchObject({
        id: 'cart-1',
        checkout_url: 'https://shop.example/checkout/cart-1',
        currency_code: 'EUR',
        order_total: 25,
        customer: { id: 'shopper-1', email_address: 'shopper@example.com', opt_in_status: false },
        lines: [
          expect.objectContaining({
            id: 'l1',
            product_id: 'shoe',
            product_title: 'Product shoe',
            product_variant_title: 'Default',
          }),
          expect.objectContaining({ id: 'l2', product_id: 'sock' }),
        ],
      });
      expect(created.created_at).toMatch(/\+00:00$/);
      expect(created.updated_at).toMatch(/\+00:00$/);
      // The cart's customer joined the store and, without consent, the audience as transactional.
      expect(await client.ecommerce.getStoreCustomer('carts', 'shopper-1')).toMatchObject({
        email_address: 'shopper@example.com',
      });
      expect(await memberStatus('shopper@example.com')).toBe('transactional');

      const edited = await client.ecommerce.updateStoreCart('carts', 'cart-1', {
        order_total: 12.5,
        lines: [{ ...line('l1', 'shoe'), quantity: 1 }],
      });
      expect(edited).toMatchObject({ order_total: 12.5, lines: [expect.objectContaining({ id: 'l1' })] });
      expect(edited.lines).toHaveLength(1);
      expect(edited.checkout_url).toBe('https://shop.example/checkout/cart-1');
      expect(await client.ecommerce.getStoreCart('carts', 'cart-1')).toMatchObject({ order_total: 12.5 });

      // A known customer is named by id alone.
      await client.ecommerce.addStoreCart('carts', cart('cart-2', { id: 'shopper-1' }, [line('l1', 'sock')]));
      expect((await client.ecommerce.getStoreCarts('carts')).total_items).toBe(2);

      expect(await client.ecommerce.deleteStoreCart('carts', 'cart-1')).toBeNull();
      expect(await rejection(client.ecommerce.getStoreCart('carts', 'cart-1'))).toMatchObject({
        status: 404,
        title: 'Resource Not Found',
      });
    });

    it('refuses lines naming a product or variant the store does not have', async () => {
      const customer = { id: 'shopper-2', email_address: 'two@example.com', opt_in_status: true };
      const noProduct = await rejection(
        client.ecommerce.addStoreCart(
          'carts',
          cart('bad-1', customer, [line('l1', 'shoe'), line('l2', 'hat', 'hat-v1')]),
        ),
      );
      expect(noProduct).toMatchObject({
        status: 400,
        title: 'Bad Request',
        detail: 'A product with the provided ID does not exist in the account for this list.',
      });
      expect(noProduct.errors).toEqual([{ field: 'lines.item:1.product_id', message: expect.any(String) }]);

      const noVariant = await rejection(
        client.ecommerce.addStoreCart('carts', cart('bad-2', customer, [line('l1', 'shoe', 'shoe-xl')])),
      );
      expect(noVariant.detail).toBe(
        'A product with the provided variant ID does not exist in the account for this list.',
      );
      expect(noVariant.errors).toEqual([
        { field: 'lines.item:0.product_variant_id', message: expect.any(String) },
      ]);

      // Nothing was written by the refused calls.
      expect(await rejection(client.ecommerce.getStoreCustomer('carts', 'shopper-2'))).toMatchObject({
        status: 404,
      });
    });

    it('requires the cart fields, and an address and opt-in status for a new customer', async () => {
      const empty = await rejection(client.ecommerce.addStoreCart('carts', {}));
      expect(empty).toMatchObject({ status: 400, title: 'Invalid Resource' });
      expect(empty.errors!.map((e) => (e as { field: string }).field).sort()).toEqual(
        ['currency_code', 'customer', 'id', 'lines', 'order_total'].sort(),
      );
      const anonymous = await rejection(
        client.ecommerce.addStoreCart('carts', cart('bad-3', { id: 'new-shopper' }, [line('l1', 'shoe')])),
      );
      expect(anonymous.errors).toEqual([
        { field: 'customer.email_address', message: 'An email address is required to create a customer.' },
        { field: 'customer.opt_in_status', message: 'Schema describes boolean, NULL found instead' },
      ]);
      const badLine = await rejection(
        client.ecommerce.addStoreCart(
          'carts',
          cart('bad-4', { id: 'shopper-1' }, [{ id: 'l1', product_id: 'shoe', quantity: 'two', price: 1 }]),
        ),
      );
      expect(badLine.errors).toEqual([
        { field: 'lines.item:0.product_variant_id', message: 'Schema describes string, NULL found instead' },
        { field: 'lines.item:0.quantity', message: 'Schema describes integer, string found instead' },
      ]);
    });

    it('lets the control API abandon a cart as a shopper would', async () => {
      const response = await h.control(`/accounts/${account.account_id}/stores/carts/abandoned-carts`, {
        body: { email_address: 'leaver@example.com', lines: [{ product_id: 'shoe', quantity: 2 }] },
      });
      expect(response.status).toBe(201);
      const abandoned = (await response.json()) as Record<string, unknown> & { id: string };
      expect(abandoned).toMatchObject({
        currency_code: 'EUR',
        order_total: 25,
        checkout_url: `https://carts.example/checkout/${abandoned.id}`,
        customer: { email_address: 'leaver@example.com', opt_in_status: false },
        lines: [
          expect.objectContaining({
            product_id: 'shoe',
            product_variant_id: 'shoe-v1',
            quantity: 2,
            price: 12.5,
          }),
        ],
      });
      expect(await client.ecommerce.getStoreCart('carts', abandoned.id)).toMatchObject({ id: abandoned.id });
      expect(await memberStatus('leaver@example.com')).toBe('transactional');

      const defaults = await h.control(`/accounts/${account.account_id}/stores/carts/abandoned-carts`, {
        body: { email_address: 'shopper@example.com', checkout_url: 'https://carts.example/c/1' },
      });
      expect(defaults.status).toBe(201);
      expect(await defaults.json()).toMatchObject({
        checkout_url: 'https://carts.example/c/1',
        // The shopper is the store's existing customer.
        customer: { id: 'shopper-1' },
        lines: [expect.objectContaining({ quantity: 1 })],
      });

      const noEmail = await h.control(`/accounts/${account.account_id}/stores/carts/abandoned-carts`, {
        body: {},
      });
      expect(noEmail.status).toBe(400);
      expect(((await noEmail.json()) as { errors: unknown }).errors).toEqual([
        { field: 'email_address', message: 'is required' },
      ]);
      const noProduct = await h.control(`/accounts/${account.account_id}/stores/carts/abandoned-carts`, {
        body: { email_address: 'x@example.com', lines: [{ product_id: 'hat' }] },
      });
      expect(noProduct.status).toBe(400);
      const noStore = await h.control(`/accounts/${account.account_id}/stores/nope/abandoned-carts`, {
        body: { email_address: 'x@example.com' },
      });
      expect(noStore.status).toBe(404);
      const noAccount = await h.control('/accounts/nope/stores/carts/abandoned-carts', {
        body: { email_address: 'x@example.com' },
      });
      expect(noAccount.status).toBe(404);
    });
  });

  describe('orders', () => {
    beforeAll(async () => {
      await client.ecommerce.addStore({
        id: 'orders',
        list_id: listId,
        name: 'Order shop',
        currency_code: 'MXN',
        domain: 'orders.example',
      });
      await client.ecommerce.addStoreProduct(
        'orders',
        product('mug', [{ id: 'mug-v1', title: 'Blue', price: 80 }]),
      );
    });

    const abandon = async (email: string, quantity: number) => {
      const response = await h.control(`/accounts/${account.account_id}/stores/orders/abandoned-carts`, {
        body: { email_address: email, lines: [{ product_id: 'mug', quantity }] },
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string; customer: { id: string } };
    };
    const checkout = (cartId: string, body?: Record<string, unknown>) =>
      h.control(`/accounts/${account.account_id}/stores/orders/carts/${cartId}/checkout`, { body });

    it('a shopper’s checkout places the order from the cart and the platform deletes the cart', async () => {
      const cart = await abandon('buyer@example.com', 3);
      const kept = await abandon('browser@example.com', 1);

      const response = await checkout(cart.id, { order_id: 'order-1' });

      expect(response.status).toBe(201);
      const order = (await response.json()) as Record<string, unknown>;
      expect(order).toMatchObject({
        id: 'order-1',
        store_id: 'orders',
        financial_status: 'paid',
        currency_code: 'MXN',
        order_total: 240,
        customer: {
          id: cart.customer.id,
          email_address: 'buyer@example.com',
          orders_count: 1,
          total_spent: 240,
        },
        lines: [
          expect.objectContaining({
            product_id: 'mug',
            product_variant_id: 'mug-v1',
            product_title: 'Product mug',
            quantity: 3,
            price: 80,
          }),
        ],
      });
      expect(await rejection(client.ecommerce.getStoreCart('orders', cart.id))).toMatchObject({
        status: 404,
      });
      const carts = await client.ecommerce.getStoreCarts('orders');
      expect(carts.carts.map((c: { id: string }) => c.id)).toEqual([kept.id]);
      expect(await client.ecommerce.getOrder('orders', 'order-1')).toMatchObject({
        id: 'order-1',
        order_total: 240,
      });
      expect(await client.ecommerce.getStoreCustomer('orders', cart.customer.id)).toMatchObject({
        orders_count: 1,
        total_spent: 240,
      });

      // A pending payment is an order too; the customer's spending counts both.
      const again = await abandon('buyer@example.com', 1);
      const pending = await checkout(again.id, { financial_status: 'pending' });
      expect(pending.status).toBe(201);
      const second = (await pending.json()) as { id: string };
      expect(second.id).toMatch(/^[0-9a-f]{16}$/);
      const orders = await client.ecommerce.getStoreOrders('orders', { customerId: cart.customer.id });
      expect(orders.total_items).toBe(2);
      expect(orders.orders.map((o: { financial_status: string }) => o.financial_status).sort()).toEqual([
        'paid',
        'pending',
      ]);
      expect(
        (await client.ecommerce.getStoreOrders('orders', { customerId: kept.customer.id })).total_items,
      ).toBe(0);
      expect(await client.ecommerce.getStoreCustomer('orders', cart.customer.id)).toMatchObject({
        orders_count: 2,
        total_spent: 320,
      });
    });

    it('refuses a checkout of a cart that is gone, a taken order id or a bad status', async () => {
      const cart = await abandon('twice@example.com', 1);
      expect((await checkout(cart.id, { order_id: 'order-2' })).status).toBe(201);
      const gone = await checkout(cart.id);
      expect(gone.status).toBe(404);
      expect(((await gone.json()) as { detail: string }).detail).toContain('checked out or deleted');

      const other = await abandon('other@example.com', 1);
      const taken = await checkout(other.id, { order_id: 'order-2' });
      expect(taken.status).toBe(400);
      expect(((await taken.json()) as { detail: string }).detail).toContain('An order with the provided ID');
      const status = await checkout(other.id, { financial_status: 'refunded', order_id: '' });
      expect(status.status).toBe(400);
      expect(((await status.json()) as { errors: unknown }).errors).toEqual([
        { field: 'order_id', message: 'This value should not be blank.' },
        { field: 'financial_status', message: 'must be one of paid, pending' },
      ]);
      // Nothing refused was written: the cart is still there.
      expect(await client.ecommerce.getStoreCart('orders', other.id)).toMatchObject({ id: other.id });
      expect(await rejection(client.ecommerce.getOrder('orders', 'nope'))).toMatchObject({
        status: 404,
      });
      expect((await checkout('nope')).status).toBe(404);
    });

    it('checks out with shipping, a discount and the time the platform processed the order', async () => {
      const cart = await abandon('shipped@example.com', 2);
      const bad = await checkout(cart.id, {
        shipping_total: -1,
        discount_total: 500,
        processed_at_foreign: 'yesterday',
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { errors: unknown }).errors).toEqual([
        { field: 'shipping_total', message: 'must be 0 or more' },
        { field: 'discount_total', message: 'must be between 0 and the order total' },
        { field: 'processed_at_foreign', message: 'must be an ISO 8601 date-time' },
      ]);

      const response = await checkout(cart.id, {
        order_id: 'order-3',
        shipping_total: 25,
        discount_total: 10.5,
        processed_at_foreign: '2026-03-01T09:30:00Z',
      });

      expect(response.status).toBe(201);
      expect(await client.ecommerce.getOrder('orders', 'order-3')).toMatchObject({
        order_total: 174.5,
        shipping_total: 25,
        discount_total: 10.5,
        processed_at_foreign: '2026-03-01T09:30:00+00:00',
      });
    });
  });

  it('conforms to the OpenAPI copy of the official spec in every exchange above', () => {
    expect(h.exchanges.length).toBeGreaterThan(50);
    expect(h.conformance()).toEqual([]);
  });
});
