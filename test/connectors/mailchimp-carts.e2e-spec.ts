import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import {
  CartDealLink,
  CartImportService,
  defaultSyncSettings,
  ImportScheduler,
  ORDER_GRACE_MS,
  OTHER_CHARGES_LINE,
} from '@crm/connector-sdk';
import { databaseKinds } from '../support/databases';
import { eventually, MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

/**
 * Abandoned carts of a Mailchimp store become deals (seed 001), through the real connector and
 * the sandbox's e-commerce: carts reported by the store's platform (API) or left by a shopper
 * (control API), changed, checked out into an order (which deletes the cart), or deleted by the
 * store's platform without one.
 */

const STORE = 'tienda-centro';
const OUTLET = 'outlet';

const product = (id: string, title: string, price: number) => ({
  id,
  title,
  url: `https://tienda.example.test/p/${id}`,
  variants: [{ id: `${id}-v1`, title: 'Única', price }],
});

const line = (id: string, productId: string, quantity: number, price: number) => ({
  id,
  product_id: productId,
  product_variant_id: `${productId}-v1`,
  quantity,
  price,
});

describe.each(databaseKinds)('Mailchimp abandoned carts → deals against the sandbox (%s)', (kind) => {
  jest.setTimeout(120_000);
  let f: MailchimpFixture;

  beforeAll(async () => {
    f = await MailchimpFixture.start(kind);
    // The hourly imports are driven by the test (ImportScheduler.tick), not by the wall clock.
    await f.t.app.get(SchedulerRegistry).getCronJob('connector-imports').stop();
  });
  afterAll(() => f?.close());

  const get = async (m: MailchimpTenant, path: string) =>
    (await f.t.http().get(path).set(m.auth).expect(200)).body;

  const checkout = (m: MailchimpTenant, store: string, cartId: string, body: Record<string, unknown>) =>
    f.sandbox.control(`/accounts/${m.account.account_id}/stores/${store}/carts/${cartId}/checkout`, { body });

  const notesOf = async (m: MailchimpTenant, module: 'deals' | 'contacts', id: string) =>
    (await get(m, `/api/${module}/${id}/timeline?types=NOTE`)).items;

  /** The store's orders Mailchimp was asked for since `from` (exchange index). */
  const orderReads = (from: number) =>
    f.sandbox.exchanges.slice(from).filter((exchange) => exchange.path.includes('/orders'));

  /** A shopper fills a cart and leaves at the checkout; answers the cart's id. */
  async function abandon(m: MailchimpTenant, store: string, email: string, lines: unknown[]) {
    const response = await f.sandbox.control(
      `/accounts/${m.account.account_id}/stores/${store}/abandoned-carts`,
      {
        body: { email_address: email, lines },
      },
    );
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  it('turns each abandoned cart of the stores the settings enable into a deal, keeps it in step, and wins it with the order when the shopper orders', async () => {
    const m = await f.tenant('Tienda', { syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR' });
    const ana = await f.contact(m, {
      firstName: 'Ana',
      lastName: 'Compras',
      emails: [{ email: 'ana@tienda.test' }],
    });
    const bruno = await f.contact(m, { firstName: 'Bruno', emails: [{ email: 'bruno@tienda.test' }] });
    await f.t
      .http()
      .post('/api/leads')
      .set(m.auth)
      .send({ firstName: 'Lea', lastName: 'Prospecto', emails: [{ email: 'lea@tienda.test' }] })
      .expect(201);
    const shop = m.mailchimp.ecommerce;
    for (const [id, name] of [
      [STORE, 'Tienda Centro'],
      [OUTLET, 'Outlet'],
    ])
      await shop.addStore({
        id,
        list_id: m.listId,
        name,
        currency_code: 'MXN',
        domain: `${id}.example.test`,
      });
    for (const store of [STORE, OUTLET]) {
      await shop.addStoreProduct(store, product('camisa', 'Camisa', 250));
      await shop.addStoreProduct(store, product('gorra', 'Gorra', 150));
      await shop.addStoreProduct(store, product('taza', 'Taza', 99));
    }
    // The store's platform reports Ana's cart: two shirts and a cap, plus 50 of shipping.
    await shop.addStoreCart(STORE, {
      id: 'cart-ana',
      customer: { id: 'cliente-ana', email_address: 'Ana@Tienda.test', opt_in_status: false },
      currency_code: 'MXN',
      order_total: 700,
      checkout_url: 'https://tienda-centro.example.test/checkout/cart-ana',
      lines: [line('l1', 'camisa', 2, 250), line('l2', 'gorra', 1, 150)],
    });
    const brunoCart = await abandon(m, STORE, 'bruno@tienda.test', [{ product_id: 'taza', quantity: 3 }]);
    await abandon(m, STORE, 'lea@tienda.test', [{ product_id: 'gorra', quantity: 1 }]);
    await abandon(m, STORE, 'nadie@otra.test', [{ product_id: 'camisa', quantity: 1 }]);
    await abandon(m, OUTLET, 'ana@tienda.test', [{ product_id: 'camisa', quantity: 5 }]);
    // A cart whose customer the store deleted since: Mailchimp shows it without one.
    await shop.addStoreCart(STORE, {
      id: 'cart-borrado',
      customer: { id: 'cliente-borrado', email_address: 'ana@tienda.test', opt_in_status: false },
      currency_code: 'MXN',
      order_total: 99,
      lines: [line('l1', 'taza', 1, 99)],
    });
    await shop.deleteStoreCustomer(STORE, 'cliente-borrado');

    // Carts are off until the settings enable them for a store.
    const off = await f.t
      .http()
      .post(`/api/installations/${m.installationId}/carts/import`)
      .set(m.auth)
      .expect(400);
    expect(off.body.errors).toEqual([expect.objectContaining({ field: 'carts.enabled' })]);
    // The settings offer the account's stores; one it does not have is refused, naming it.
    const stores = await get(m, `/api/installations/${m.installationId}/stores`);
    expect([...stores].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: OUTLET, name: 'Outlet', currency: 'MXN' },
      { id: STORE, name: 'Tienda Centro', currency: 'MXN' },
    ]);
    const stranger = await f.t.createTenant('Otra tienda');
    await f.t
      .http()
      .get(`/api/installations/${m.installationId}/stores`)
      .set({ Authorization: `Bearer ${stranger.adminToken}` })
      .expect(404);
    const oneWay = { syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR' };
    const unknown = await f.t
      .http()
      .put(`/api/installations/${m.installationId}/settings`)
      .set(m.auth)
      .send({
        ...defaultSyncSettings(),
        ...oneWay,
        targetListId: m.listId,
        carts: { enabled: true, storeIds: [STORE, 'cerrada'] },
      })
      .expect(400);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'carts.storeIds.1', reason: expect.stringContaining('cerrada') }),
    ]);
    expect((await get(m, `/api/installations/${m.installationId}/settings`)).carts.enabled).toBe(false);
    await f.saveSettings(m, { ...oneWay, carts: { enabled: true, storeIds: [STORE] } });
    const from = f.sandbox.exchanges.length;

    const first = await f.importNow(m, 'carts');

    expect(first).toMatchObject({ status: 'SUCCEEDED', kind: 'CARTS', trigger: 'MANUAL' });
    expect(first.result).toEqual({
      stores: 1,
      missingStores: [],
      carts: 5,
      created: 2,
      updated: 0,
      unchanged: 0,
      won: 0,
      lost: 0,
      awaitingOrder: 0,
      skipped: {
        // A stranger's cart, and the cart with no customer left.
        UNKNOWN_EMAIL: 2,
        NOT_A_CONTACT: 1,
        INVALID_CART: 0,
        DEAL_DELETED: 0,
        DEAL_CLOSED: 0,
        NO_WON_STAGE: 0,
        NO_LOST_STAGE: 0,
      },
    });
    const reads = f.sandbox.exchanges.slice(from).map((exchange) => exchange.path);
    expect(reads).toContain(`/ecommerce/stores/${STORE}/carts`);
    expect(reads.filter((path) => path.includes(`/stores/${OUTLET}`))).toEqual([]);

    const pipeline = (await get(m, '/api/pipelines')).find((p: { isDefault: boolean }) => p.isDefault);
    const outcomeOf = (stageId: string) =>
      pipeline.stages.find((s: { id: string }) => s.id === stageId).outcome as string;
    const dealsOf = async (contactId?: string) =>
      (await get(m, `/api/deals?pageSize=100${contactId ? `&contactId=${contactId}` : ''}`)).items;
    const linesOf = async (dealId: string) =>
      (await get(m, `/api/deals/${dealId}/lines`)).lines.map((l: Record<string, unknown>) => [
        l.description,
        l.quantity,
        l.unitPriceCents,
        l.totalCents,
      ]);

    const [anaDeal] = await dealsOf(ana.id);
    expect(anaDeal).toMatchObject({
      name: 'Abandoned cart Tienda Centro cart-ana',
      contactId: ana.id,
      pipelineId: pipeline.id,
      amountCents: 70_000,
      currency: 'MXN',
      sourceUrl: 'https://tienda-centro.example.test/checkout/cart-ana',
      lineCount: 3,
    });
    expect(await linesOf(anaDeal.id)).toEqual([
      ['Camisa', 2, 25_000, 50_000],
      ['Gorra', 1, 15_000, 15_000],
      [OTHER_CHARGES_LINE, 1, 5_000, 5_000],
    ]);
    const [brunoDeal] = await dealsOf(bruno.id);
    expect(brunoDeal).toMatchObject({
      name: `Abandoned cart Tienda Centro ${brunoCart}`,
      amountCents: 29_700,
      currency: 'MXN',
      sourceUrl: `https://tienda-centro.example.test/checkout/${brunoCart}`,
      lineCount: 1,
    });
    expect(await linesOf(brunoDeal.id)).toEqual([['Taza', 3, 9_900, 29_700]]);
    expect(await dealsOf()).toHaveLength(2);
    expect([outcomeOf(anaDeal.stageId), outcomeOf(brunoDeal.stageId)]).toEqual(['OPEN', 'OPEN']);
    const openStage = anaDeal.stageId;

    // Ana takes a cap out and adds a shirt: her deal follows; Bruno orders, paying 50 of shipping
    // (his cart is gone).
    await shop.updateStoreCart(STORE, 'cart-ana', {
      order_total: 800,
      lines: [line('l1', 'camisa', 3, 250)],
    });
    const order = await checkout(m, STORE, brunoCart, { order_id: 'pedido-1', shipping_total: 50 });
    expect(order.status).toBe(201);
    expect((await shop.getStoreOrders(STORE)).orders.map((o: { id: string }) => o.id)).toEqual(['pedido-1']);
    const beforeMove = f.sandbox.exchanges.length;

    const moved = await f.importNow(m, 'carts');

    expect(moved.result).toMatchObject({
      carts: 4,
      created: 0,
      updated: 1,
      unchanged: 0,
      won: 1,
      lost: 0,
      awaitingOrder: 0,
    });
    // Bruno's orders, asked for by his customer id.
    expect(orderReads(beforeMove).map((exchange) => [exchange.method, exchange.path])).toEqual([
      ['GET', `/ecommerce/stores/${STORE}/orders`],
    ]);
    expect((await dealsOf(ana.id))[0]).toMatchObject({
      id: anaDeal.id,
      amountCents: 80_000,
      lineCount: 2,
      stageId: openStage,
    });
    expect(await linesOf(anaDeal.id)).toEqual([
      ['Camisa', 3, 25_000, 75_000],
      [OTHER_CHARGES_LINE, 1, 5_000, 5_000],
    ]);
    // Won with what Bruno paid, the order named on the deal's and Bruno's timelines.
    const won = (await dealsOf(bruno.id))[0];
    expect(won).toMatchObject({ id: brunoDeal.id, amountCents: 34_700 });
    expect(outcomeOf(won.stageId)).toBe('WON');
    expect(await linesOf(brunoDeal.id)).toEqual([
      ['Taza', 3, 9_900, 29_700],
      [OTHER_CHARGES_LINE, 1, 5_000, 5_000],
    ]);
    const [wonNote] = await notesOf(m, 'deals', brunoDeal.id);
    expect(wonNote).toMatchObject({
      source: 'mailchimp',
      subject: 'Order pedido-1 placed in Tienda Centro',
      body: expect.stringContaining(`The abandoned cart ${brunoCart} became order pedido-1 (347.00 MXN)`),
    });
    expect((await notesOf(m, 'contacts', bruno.id)).map((n: { id: string }) => n.id)).toEqual([wonNote.id]);
    expect(await dealsOf()).toHaveLength(2);

    // Nothing changed at Mailchimp: nothing is written.
    const before = await dealsOf();
    const settled = await f.importNow(m, 'carts');
    expect(settled.result).toMatchObject({ carts: 4, created: 0, updated: 0, unchanged: 1, won: 0 });
    expect(await dealsOf()).toEqual(before);

    // The hourly schedule imports the carts of an installation that has them enabled.
    const scheduler = f.t.app.get(ImportScheduler);
    const now = new Date();
    expect(await scheduler.tick(now)).toEqual(
      expect.arrayContaining([`CAMPAIGNS:${m.installationId}`, `CARTS:${m.installationId}`]),
    );
    expect(await scheduler.tick(now)).not.toContain(`CARTS:${m.installationId}`);
    const scheduled = await eventually(async () => {
      const runs = await get(m, `/api/installations/${m.installationId}/imports?kind=CARTS`);
      expect(runs.items[0]).toMatchObject({ trigger: 'SCHEDULE', status: 'SUCCEEDED' });
      return runs.items[0];
    }, 60_000);
    expect(scheduled.result).toMatchObject({ carts: 4, created: 0, unchanged: 1 });
  });

  it('loses the deal of a cart the store deletes without an order, once a late order can no longer come', async () => {
    const m = await f.tenant('Perdidas', { syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR' });
    const carla = await f.contact(m, { firstName: 'Carla', emails: [{ email: 'carla@tienda.test' }] });
    const dario = await f.contact(m, { firstName: 'Darío', emails: [{ email: 'dario@tienda.test' }] });
    const eva = await f.contact(m, { firstName: 'Eva', emails: [{ email: 'eva@tienda.test' }] });
    const shop = m.mailchimp.ecommerce;
    await shop.addStore({ id: STORE, list_id: m.listId, name: 'Tienda Centro', currency_code: 'MXN' });
    await shop.addStoreProduct(STORE, product('camisa', 'Camisa', 250));
    await shop.addStoreProduct(STORE, product('taza', 'Taza', 99));
    // Carla bought a mug two days ago; today she leaves a cart.
    const earlier = await abandon(m, STORE, 'carla@tienda.test', [{ product_id: 'taza', quantity: 1 }]);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600_000).toISOString();
    expect(
      (await checkout(m, STORE, earlier, { order_id: 'pedido-viejo', processed_at_foreign: twoDaysAgo }))
        .status,
    ).toBe(201);
    const carlaCart = await abandon(m, STORE, 'carla@tienda.test', [{ product_id: 'camisa', quantity: 1 }]);
    const darioCart = await abandon(m, STORE, 'dario@tienda.test', [{ product_id: 'taza', quantity: 2 }]);
    const evaCart = await abandon(m, STORE, 'eva@tienda.test', [{ product_id: 'camisa', quantity: 2 }]);
    await f.saveSettings(m, {
      syncType: 'ONE_WAY',
      direction: 'CRM_TO_VENDOR',
      carts: { enabled: true, storeIds: [STORE] },
    });
    expect((await f.importNow(m, 'carts')).result).toMatchObject({ carts: 3, created: 3 });

    // The store's platform deletes Carla's and Darío's carts (emptied, expired); Eva pays with a
    // discount of 100.
    await shop.deleteStoreCart(STORE, carlaCart);
    await shop.deleteStoreCart(STORE, darioCart);
    expect((await checkout(m, STORE, evaCart, { order_id: 'pedido-eva', discount_total: 100 })).status).toBe(
      201,
    );
    const from = f.sandbox.exchanges.length;

    const first = await f.importNow(m, 'carts');

    expect(first.result).toMatchObject({ carts: 0, won: 1, lost: 0, awaitingOrder: 2 });
    expect(orderReads(from)).toHaveLength(3);
    const pipeline = (await get(m, '/api/pipelines')).find((p: { isDefault: boolean }) => p.isDefault);
    const outcomeOf = async (contactId: string) => {
      const [deal] = (await get(m, `/api/deals?contactId=${contactId}`)).items;
      const stage = pipeline.stages.find((s: { id: string }) => s.id === deal.stageId);
      return { deal, outcome: stage.outcome as string };
    };
    const evaDeal = await outcomeOf(eva.id);
    expect(evaDeal.outcome).toBe('WON');
    expect(evaDeal.deal.amountCents).toBe(40_000);
    expect(
      (await get(m, `/api/deals/${evaDeal.deal.id}/lines`)).lines.map((l: Record<string, unknown>) => [
        l.description,
        l.quantity,
        l.totalCents,
      ]),
    ).toEqual([['2 × Camisa', 1, 40_000]]);
    // Their orders may still be on their way from the store: the deals wait, open.
    expect((await outcomeOf(carla.id)).outcome).toBe('OPEN');
    expect((await outcomeOf(dario.id)).outcome).toBe('OPEN');

    const later = await f.t.app
      .get(CartImportService)
      .importCarts(m.tenant.tenantId, m.installationId, new Date(Date.now() + ORDER_GRACE_MS));

    expect(later).toMatchObject({ won: 0, lost: 2, awaitingOrder: 0 });
    // Carla's order of two days ago was not this cart's.
    for (const [contact, cartId] of [
      [carla, carlaCart],
      [dario, darioCart],
    ] as const) {
      const { deal, outcome } = await outcomeOf(contact.id);
      expect(outcome).toBe('LOST');
      const [note] = await notesOf(m, 'deals', deal.id);
      expect(note).toMatchObject({
        source: 'mailchimp',
        subject: `Cart ${cartId} emptied or expired without an order`,
        meta: { cartId, reason: 'CART_GONE_WITHOUT_ORDER' },
      });
      expect((await notesOf(m, 'contacts', contact.id))[0].id).toBe(note.id);
    }

    // Settled: no more questions to Mailchimp about these carts.
    const settledFrom = f.sandbox.exchanges.length;
    const settled = await f.importNow(m, 'carts');
    expect(settled.result).toMatchObject({ carts: 0, won: 0, lost: 0, awaitingOrder: 0 });
    expect(orderReads(settledFrom)).toEqual([]);
  });

  it('finds the order of a cart whose link predates keeping its customer: by the address, else by the cart’s id', async () => {
    const m = await f.tenant('Antiguas', { syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR' });
    const fio = await f.contact(m, { firstName: 'Fio', emails: [{ email: 'fio@tienda.test' }] });
    const gil = await f.contact(m, { firstName: 'Gil', emails: [{ email: 'gil@tienda.test' }] });
    const shop = m.mailchimp.ecommerce;
    await shop.addStore({ id: STORE, list_id: m.listId, name: 'Tienda Centro', currency_code: 'MXN' });
    await shop.addStoreProduct(STORE, product('taza', 'Taza', 99));
    const fioCart = await abandon(m, STORE, 'fio@tienda.test', [{ product_id: 'taza', quantity: 1 }]);
    const gilCart = await abandon(m, STORE, 'gil@tienda.test', [{ product_id: 'taza', quantity: 2 }]);
    await f.saveSettings(m, {
      syncType: 'ONE_WAY',
      direction: 'CRM_TO_VENDOR',
      carts: { enabled: true, storeIds: [STORE] },
    });
    expect((await f.importNow(m, 'carts')).result).toMatchObject({ created: 2 });
    // Links as they were before the cart's customer and last change were kept.
    const links = f.t.app.get(DataSource).getRepository(CartDealLink);
    const scope = { tenantId: m.tenant.tenantId, installationId: m.installationId };
    await links.update({ ...scope, cartId: fioCart }, { customerId: null, cartUpdatedAt: null });
    await links.update({ ...scope, cartId: gilCart }, { customerId: null, email: null, cartUpdatedAt: null });
    // Gil's store files his order under his cart's id.
    expect((await checkout(m, STORE, fioCart, { shipping_total: 1 })).status).toBe(201);
    expect((await checkout(m, STORE, gilCart, { order_id: gilCart })).status).toBe(201);
    const from = f.sandbox.exchanges.length;

    const run = await f.importNow(m, 'carts');

    expect(run.result).toMatchObject({ won: 2, lost: 0, awaitingOrder: 0 });
    expect(
      f.sandbox.exchanges
        .slice(from)
        .filter((exchange) => !exchange.path.endsWith('/carts') && exchange.path !== '/ecommerce/stores')
        .map((exchange) => [exchange.method, exchange.path])
        .sort(),
    ).toEqual([
      ['GET', `/ecommerce/stores/${STORE}/customers`],
      ['GET', `/ecommerce/stores/${STORE}/orders`],
      ['GET', `/ecommerce/stores/${STORE}/orders/${gilCart}`],
    ]);
    const amountOf = async (contactId: string) =>
      (await get(m, `/api/deals?contactId=${contactId}`)).items[0].amountCents;
    expect(await amountOf(fio.id)).toBe(10_000);
    expect(await amountOf(gil.id)).toBe(19_800);
  });
});
