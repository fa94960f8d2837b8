import { DataSource } from 'typeorm';
import { asTenantId, OutboxEvent } from '@crm/platform';
import { CartDealLink, CartImportService, ORDER_GRACE_MS, OTHER_CHARGES_LINE } from '@crm/connector-sdk';
import { FakeMarketingConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import type { VendorCart } from '@crm/connector-sdk';
import { signInNewUser } from '../e2e/sales-users.fixture';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { ImportFixture } from './import-fixtures';

type Cart = Omit<VendorCart, 'updatedAt'>;

const line = (productId: string, title: string, quantity: number, unitPriceCents: number) => ({
  productId,
  title,
  quantity,
  unitPriceCents,
});

describe.each(databaseKinds)('abandoned carts → deals (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeMarketingConnectorModule.register(vendor)]);
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    vendor.stores.clear();
    vendor.calls.length = 0;
    vendor.cartPageSize = 2;
    vendor.reportsOrders = true;
  });

  /** A tenant whose one-way (vendor → CRM) sync imports the carts of `storeIds`. */
  async function shop(name: string, storeIds: (store: string) => string[] = (store) => [store]) {
    const f = await ImportFixture.create(t, vendor, name);
    const store = vendor.createStore(`Tienda ${name}`, 'MXN');
    await f.saveSettings({
      syncType: 'ONE_WAY',
      direction: 'VENDOR_TO_CRM',
      carts: { enabled: true, storeIds: storeIds(store) },
    });
    const pipeline = (await f.get('/api/pipelines')).find((p: { isDefault: boolean }) => p.isDefault);
    const stage = (stageName: string) =>
      pipeline.stages.find((s: { name: string }) => s.name === stageName).id as string;
    return { f, store, stage, pipelineId: pipeline.id as string };
  }

  const dealsOf = async (f: ImportFixture, contactId?: string) =>
    (await f.get(`/api/deals?pageSize=200${contactId ? `&contactId=${contactId}` : ''}`)).items;

  const timelineOf = async (f: ImportFixture, module: 'deals' | 'contacts', id: string) =>
    (await f.get(`/api/${module}/${id}/timeline?types=NOTE`)).items;

  const orderLookups = () => vendor.calls.filter((call) => call.method === 'findOrdersForCart').length;

  /** An import run as the hourly job runs it, at `now` (later than the wall clock, to let time pass). */
  const importAt = (f: ImportFixture, now: Date) =>
    t.app.get(CartImportService).importCarts(asTenantId(f.tenant.tenantId), f.installationId, now);

  const dealEvents = (f: ImportFixture) =>
    t.app
      .get(DataSource)
      .getRepository(OutboxEvent)
      .countBy({ tenantId: f.tenant.tenantId, aggregateType: 'deal' });

  it('turns each cart into a deal for its contact, keeps it in step, and wins it with the order when the customer orders', async () => {
    const { f, store, stage, pipelineId } = await shop('Centro');
    const ana = await f.contact('ana@example.test', 'García');
    const bob = await f.contact('bob@example.test', 'Brown');
    await f.lead('lea@example.test');
    const otherStore = vendor.createStore('Not synced', 'EUR');
    const anaCart: Cart = {
      id: 'c1',
      email: 'Ana@Example.test',
      currency: 'MXN',
      totalCents: 70_000,
      checkoutUrl: 'https://shop.example/checkout/c1',
      lines: [line('p1', 'Camisa', 2, 25_000), line('p2', 'Gorra', 1, 15_000)],
    };
    vendor.abandonCart(store, anaCart);
    vendor.abandonCart(store, {
      id: 'c2',
      email: 'bob@example.test',
      currency: 'MXN',
      totalCents: 9_900,
      lines: [line('p3', 'Taza', 1, 9_900)],
    });
    vendor.abandonCart(store, {
      id: 'c3',
      email: 'lea@example.test',
      currency: 'MXN',
      totalCents: 100,
      lines: [],
    });
    vendor.abandonCart(store, {
      id: 'c4',
      email: 'nobody@example.test',
      currency: 'MXN',
      totalCents: 100,
      lines: [],
    });
    vendor.abandonCart(store, {
      id: 'c5',
      email: 'bob@example.test',
      currency: 'ZZZ',
      totalCents: 100,
      lines: [line('p4', 'Odd', 1, 100)],
    });
    vendor.abandonCart(otherStore, { ...anaCart, id: 'x1' });

    const first = await f.import('carts');

    expect(first.status).toBe('SUCCEEDED');
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
        UNKNOWN_EMAIL: 1,
        NOT_A_CONTACT: 1,
        INVALID_CART: 1,
        DEAL_DELETED: 0,
        DEAL_CLOSED: 0,
        NO_WON_STAGE: 0,
        NO_LOST_STAGE: 0,
      },
    });
    // Five carts two to a page; the other store was never read.
    expect(vendor.calls.filter((c) => c.method === 'listAbandonedCarts').map((c) => c.listId)).toEqual([
      store,
      store,
      store,
    ]);
    const [anaDeal] = await dealsOf(f, ana);
    expect(anaDeal).toMatchObject({
      name: 'Abandoned cart Tienda Centro c1',
      contactId: ana,
      pipelineId,
      stageId: stage('Prospección'),
      amountCents: 70_000,
      currency: 'MXN',
      sourceUrl: 'https://shop.example/checkout/c1',
      ownerId: f.tenant.adminUserId,
      lineCount: 3,
    });
    const lines = await f.get(`/api/deals/${anaDeal.id}/lines`);
    expect(
      lines.lines.map((l: Record<string, unknown>) => [
        l.description,
        l.quantity,
        l.unitPriceCents,
        l.totalCents,
      ]),
    ).toEqual([
      ['Camisa', 2, 25_000, 50_000],
      ['Gorra', 1, 15_000, 15_000],
      [OTHER_CHARGES_LINE, 1, 5_000, 5_000],
    ]);
    const [bobDeal] = await dealsOf(f, bob);
    expect(bobDeal).toMatchObject({
      name: 'Abandoned cart Tienda Centro c2',
      amountCents: 9_900,
      sourceUrl: null,
    });
    expect(await dealsOf(f)).toHaveLength(2);

    // Nothing changed at the vendor: nothing is written.
    const events = await dealEvents(f);
    const again = await f.import('carts');
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: 2, won: 0 });
    expect(await dealEvents(f)).toBe(events);
    expect((await dealsOf(f, ana))[0].updatedAt).toBe(anaDeal.updatedAt);

    // Ana changes her cart; Bob orders, paying shipping on top.
    vendor.abandonCart(store, { ...anaCart, totalCents: 90_000, lines: [line('p1', 'Camisa', 3, 25_000)] });
    const bobOrder = vendor.orderCart(store, 'c2', { totalCents: 12_400 });
    const moved = await f.import('carts');

    expect(moved.result).toMatchObject({
      carts: 4,
      created: 0,
      updated: 1,
      unchanged: 0,
      won: 1,
      lost: 0,
      awaitingOrder: 0,
    });
    const changed = (await dealsOf(f, ana))[0];
    expect(changed).toMatchObject({ id: anaDeal.id, amountCents: 90_000, lineCount: 2 });
    expect(
      (await f.get(`/api/deals/${anaDeal.id}/lines`)).lines.map(
        (l: { description: string }) => l.description,
      ),
    ).toEqual(['Camisa', OTHER_CHARGES_LINE]);
    // Won with what Bob paid: the order's lines and total, and a note naming the order.
    expect((await dealsOf(f, bob))[0]).toMatchObject({
      id: bobDeal.id,
      stageId: stage('Ganada'),
      amountCents: 12_400,
    });
    expect(
      (await f.get(`/api/deals/${bobDeal.id}/lines`)).lines.map((l: Record<string, unknown>) => [
        l.description,
        l.totalCents,
      ]),
    ).toEqual([
      ['Taza', 9_900],
      [OTHER_CHARGES_LINE, 2_500],
    ]);
    const [note] = await timelineOf(f, 'deals', bobDeal.id);
    expect(note).toMatchObject({
      type: 'NOTE',
      source: 'fake',
      subject: `Order ${bobOrder} placed in Tienda Centro`,
      meta: { cartId: 'c2', orderId: bobOrder, totalCents: 12_400 },
    });
    expect((await timelineOf(f, 'contacts', bob)).map((n: { id: string }) => n.id)).toEqual([note.id]);
    expect(await dealsOf(f)).toHaveLength(2);

    const settled = await f.import('carts');
    expect(settled.result).toMatchObject({ created: 0, updated: 0, unchanged: 1, won: 0 });
  });

  it('leaves deals the sales team closed or deleted alone', async () => {
    const { f, store, stage } = await shop('Hands off');
    const ana = await f.contact('ana@example.test');
    const bob = await f.contact('bob@example.test');
    const cart = (id: string, email: string, cents: number): Cart => ({
      id,
      email,
      currency: 'MXN',
      totalCents: cents,
      lines: [line('p1', 'Libro', 1, cents)],
    });
    vendor.abandonCart(store, cart('k1', 'ana@example.test', 1_000));
    vendor.abandonCart(store, cart('k2', 'bob@example.test', 2_000));
    await f.import('carts');
    const [anaDeal] = await dealsOf(f, ana);
    const [bobDeal] = await dealsOf(f, bob);
    await t
      .http()
      .post(`/api/deals/${anaDeal.id}/move`)
      .set(f.auth)
      .send({ stageId: stage('Perdida') })
      .expect(200);
    await t.http().delete(`/api/deals/${bobDeal.id}`).set(f.auth).expect(204);

    vendor.abandonCart(store, cart('k1', 'ana@example.test', 1_500));
    vendor.abandonCart(store, cart('k2', 'bob@example.test', 2_500));
    const changed = await f.import('carts');
    expect(changed.result).toMatchObject({
      created: 0,
      updated: 0,
      skipped: { DEAL_CLOSED: 1, DEAL_DELETED: 1 },
    });
    expect((await dealsOf(f, ana))[0]).toMatchObject({ amountCents: 1_000, stageId: stage('Perdida') });
    expect(await dealsOf(f, bob)).toEqual([]);

    vendor.orderCart(store, 'k1');
    const ordered = await f.import('carts');
    expect(ordered.result).toMatchObject({ won: 0, unchanged: 1, skipped: { DEAL_CLOSED: 1 } });
    expect((await dealsOf(f, ana))[0].stageId).toBe(stage('Perdida'));
  });

  it('loses the deal of a cart that went without an order, once a late order can no longer come', async () => {
    const { f, store, stage } = await shop('Gone');
    const [ana, bob, cai, dan, eva] = [
      await f.contact('ana@example.test'),
      await f.contact('bob@example.test'),
      await f.contact('cai@example.test'),
      await f.contact('dan@example.test'),
      await f.contact('eva@example.test'),
    ];
    const cart = (id: string, email: string, extra: Partial<Cart> = {}): Cart => ({
      id,
      email,
      currency: 'MXN',
      totalCents: 10_000,
      lines: [line('p1', 'Libro', 2, 5_000)],
      ...extra,
    });
    // Ana bought two days ago, before this cart.
    vendor.placeOrder(store, {
      email: 'ana@example.test',
      currency: 'MXN',
      totalCents: 3_000,
      lines: [],
      placedAt: new Date(Date.now() - 2 * 24 * 3600_000),
    });
    vendor.abandonCart(store, cart('a1', 'ana@example.test'));
    vendor.abandonCart(store, cart('b1', 'bob@example.test'));
    // Cai's orders are filed under the store's id for him, not his address.
    vendor.abandonCart(store, cart('c1', 'cai@example.test', { customerId: 'cust-cai' }));
    vendor.abandonCart(store, cart('d1', 'dan@example.test'));
    vendor.abandonCart(store, cart('e1', 'eva@example.test'));
    expect((await f.import('carts')).result).toMatchObject({ created: 5 });

    // Ana, Bob and Dan empty their carts (or they expire); Cai orders at a discount under
    // another address; Eva's cart goes, then comes back.
    for (const cartId of ['a1', 'b1', 'd1', 'e1']) vendor.dropCart(store, cartId);
    const caiOrder = vendor.orderCart(store, 'c1', { email: 'cai@work.test', totalCents: 8_000 });
    vendor.calls.length = 0;
    const first = await f.import('carts');

    expect(first.result).toMatchObject({ carts: 0, won: 1, lost: 0, awaitingOrder: 4 });
    expect(orderLookups()).toBe(5);
    const deals = async () =>
      Object.fromEntries(
        await Promise.all(
          [ana, bob, cai, dan, eva].map(async (contact) => [contact, (await dealsOf(f, contact))[0]]),
        ),
      );
    let now = await deals();
    expect(now[cai]).toMatchObject({ stageId: stage('Ganada'), amountCents: 8_000 });
    expect(
      (await f.get(`/api/deals/${now[cai].id}/lines`)).lines.map((l: Record<string, unknown>) => [
        l.description,
        l.quantity,
        l.totalCents,
      ]),
    ).toEqual([['2 × Libro', 1, 8_000]]);
    expect((await timelineOf(f, 'deals', now[cai].id))[0].meta).toMatchObject({ orderId: caiOrder });
    // Waiting for an order that may still be reported: open, no note yet.
    for (const contact of [ana, bob, dan]) expect(now[contact].stageId).toBe(stage('Prospección'));
    expect(await timelineOf(f, 'deals', now[ana].id)).toEqual([]);

    // Bob's order is reported late; Eva's cart is back.
    const bobOrder = vendor.placeOrder(store, {
      email: 'bob@example.test',
      currency: 'MXN',
      totalCents: 10_000,
      lines: [line('p1', 'Libro', 2, 5_000)],
    });
    vendor.abandonCart(store, cart('e1', 'eva@example.test'));
    vendor.calls.length = 0;
    const later = await importAt(f, new Date(Date.now() + ORDER_GRACE_MS));

    expect(later).toMatchObject({ carts: 1, unchanged: 1, won: 1, lost: 2, awaitingOrder: 0 });
    expect(orderLookups()).toBe(3);
    now = await deals();
    expect(now[bob]).toMatchObject({ stageId: stage('Ganada'), amountCents: 10_000 });
    expect((await timelineOf(f, 'deals', now[bob].id))[0].meta).toMatchObject({ orderId: bobOrder });
    // Ana's order from two days ago was not this cart's.
    for (const contact of [ana, dan]) {
      expect(now[contact]).toMatchObject({ stageId: stage('Perdida'), amountCents: 10_000 });
      const [note] = await timelineOf(f, 'deals', now[contact].id);
      expect(note).toMatchObject({
        subject: expect.stringMatching(/^Cart [ad]1 emptied or expired without an order$/),
        meta: { reason: 'CART_GONE_WITHOUT_ORDER' },
      });
      expect((await timelineOf(f, 'contacts', contact))[0].id).toBe(note.id);
    }
    expect(now[eva].stageId).toBe(stage('Prospección'));

    // Settled deals cost no more vendor calls; Eva's returned cart waits afresh when it goes.
    vendor.dropCart(store, 'e1');
    vendor.calls.length = 0;
    const settled = await importAt(f, new Date(Date.now() + 2 * ORDER_GRACE_MS));
    expect(settled).toMatchObject({ won: 0, lost: 0, awaitingOrder: 1 });
    expect(orderLookups()).toBe(1);
  });

  it('leaves the deal open where the pipeline has no lost stage, and wins on any departure without order lookups', async () => {
    const { f, store, stage, pipelineId } = await shop('No lost stage');
    const ana = await f.contact('ana@example.test');
    const bob = await f.contact('bob@example.test');
    await t
      .http()
      .patch(`/api/pipelines/${pipelineId}/stages/${stage('Perdida')}`)
      .set(f.auth)
      .send({ outcome: 'OPEN' })
      .expect(200);
    const cart = (id: string, email: string): Cart => ({
      id,
      email,
      currency: 'MXN',
      totalCents: 500,
      lines: [line('p1', 'Vela', 1, 500)],
    });
    vendor.abandonCart(store, cart('n1', 'ana@example.test'));
    await f.import('carts');
    vendor.dropCart(store, 'n1');
    expect((await f.import('carts')).result).toMatchObject({ awaitingOrder: 1 });

    const over = await importAt(f, new Date(Date.now() + ORDER_GRACE_MS));

    expect(over).toMatchObject({ won: 0, lost: 0, awaitingOrder: 0, skipped: { NO_LOST_STAGE: 1 } });
    expect((await dealsOf(f, ana))[0].stageId).toBe(stage('Prospección'));
    vendor.calls.length = 0;
    expect(await importAt(f, new Date(Date.now() + 2 * ORDER_GRACE_MS))).toMatchObject({
      lost: 0,
      skipped: { NO_LOST_STAGE: 0 },
    });
    expect(orderLookups()).toBe(0);

    // A vendor that cannot report orders: a cart that leaves counts as ordered, as it always did.
    vendor.reportsOrders = false;
    vendor.abandonCart(store, cart('n2', 'bob@example.test'));
    await f.import('carts');
    vendor.dropCart(store, 'n2');
    const departed = await f.import('carts');
    expect(departed.result).toMatchObject({ won: 1, lost: 0, awaitingOrder: 0 });
    expect((await dealsOf(f, bob))[0]).toMatchObject({ stageId: stage('Ganada'), amountCents: 500 });
    expect(orderLookups()).toBe(0);
  });

  it('gives the deal to the contact’s owner, counts stores the account no longer has, and keeps tenants apart', async () => {
    const gone = vendor.createStore('Closed', 'MXN');
    const { f, store } = await shop('Owners', (s) => [s, gone]);
    // The store closes after the settings chose it.
    vendor.stores.delete(gone);
    const rep = await signInNewUser(t, f.tenant.tenantId, { recordAccess: 'OWN' });
    const own = await f.contact('own@example.test', 'Propio', { ownerId: rep.userId });
    vendor.abandonCart(store, {
      id: 'o1',
      email: 'own@example.test',
      currency: 'MXN',
      totalCents: 500,
      lines: [line('p1', 'Lápiz', 5, 100)],
    });
    const run = await f.import('carts');
    expect(run.result).toMatchObject({ stores: 1, missingStores: [gone], created: 1 });
    const repDeals = await f.get('/api/deals', rep.auth);
    expect(repDeals.items).toHaveLength(1);
    expect(repDeals.items[0]).toMatchObject({ contactId: own, ownerId: rep.userId, amountCents: 500 });
    await t.http().post(`/api/installations/${f.installationId}/carts/import`).set(rep.auth).expect(403);

    const other = await ImportFixture.create(t, vendor, 'Elsewhere');
    expect(await dealsOf(other)).toEqual([]);
    await t.http().post(`/api/installations/${f.installationId}/carts/import`).set(other.auth).expect(404);
    await t.http().get(`/api/deals/${repDeals.items[0].id}`).set(other.auth).expect(404);
    // Its own installation has carts switched off: a clear 400 on the setting at fault.
    const off = await t
      .http()
      .post(`/api/installations/${other.installationId}/carts/import`)
      .set(other.auth)
      .expect(400);
    expect(off.body.errors).toEqual([expect.objectContaining({ field: 'carts.enabled' })]);
  });

  it('keeps the deals on uninstall and removes the links', async () => {
    const { f, store } = await shop('Uninstall');
    const ana = await f.contact('ana@example.test');
    vendor.abandonCart(store, {
      id: 'u1',
      email: 'ana@example.test',
      currency: 'MXN',
      totalCents: 1_234,
      lines: [line('p1', 'Vela', 2, 617)],
    });
    await f.import('carts');
    const links = t.app.get(DataSource).getRepository(CartDealLink);
    expect(await links.countBy({ installationId: f.installationId })).toBe(1);

    const removed = await t.http().delete(`/api/installations/${f.installationId}`).set(f.auth).expect(200);

    expect(removed.body.removed).toMatchObject({ cartLinks: 1, importRuns: 1, installation: 1 });
    expect(await links.countBy({ installationId: f.installationId })).toBe(0);
    expect(await dealsOf(f, ana)).toEqual([expect.objectContaining({ amountCents: 1_234, lineCount: 1 })]);
  });
});
