import { DynamicModule, Module } from '@nestjs/common';
import type { CampaignsCapability, ConnectionContext, EcommerceCartsCapability } from '../contract/connector';
import type { ConnectorManifest } from '../contract/manifest';
import type {
  CartOrderQuery,
  VendorCampaign,
  VendorCampaignActivity,
  VendorCart,
  VendorOrder,
  VendorUnsubscribe,
} from '../contract/vendor-records';
import { ConnectorPlugin } from '../registry/connector-plugin.decorator';
import { FakeConnector, fakeManifest } from './fake.connector';
import { FakeVendor } from './fake-vendor';

/**
 * The fake connector with campaigns (reports and per-recipient activity) and e-commerce stores
 * with abandoned carts, over the same FakeVendor: for the framework's campaign and cart imports.
 */
@ConnectorPlugin()
export class FakeMarketingConnector
  extends FakeConnector
  implements CampaignsCapability, EcommerceCartsCapability
{
  constructor(vendor: FakeVendor = new FakeVendor(), manifest: Partial<ConnectorManifest> = {}) {
    super(vendor, {
      capabilities: [...fakeManifest.capabilities, 'campaigns', 'ecommerceCarts'],
      ...manifest,
    });
  }

  /** Every campaign, or those sent at or after `sentSince`. */
  listCampaigns(context: ConnectionContext, options: { sentSince?: Date }): Promise<VendorCampaign[]> {
    return context.budget.run(async () => {
      this.vendor.call('listCampaigns');
      return [...this.vendor.campaigns.values()]
        .filter((c) => !options.sentSince || (c.sentAt !== undefined && c.sentAt >= options.sentSince))
        .map((c) => structuredClone(this.vendor.campaignView(c)));
    });
  }

  /** Recipients in address order, `pageSize` at a time (without unsubscribes when reported apart). */
  readCampaignActivity(
    context: ConnectionContext,
    campaignId: string,
    options: { cursor?: string; pageSize: number },
  ): Promise<{ activity: VendorCampaignActivity[]; nextCursor?: string }> {
    return context.budget.run(async () => {
      this.vendor.call('readCampaignActivity', campaignId);
      const all = [...this.vendor.campaign(campaignId).activity.entries()]
        .map(([email, events]): [string, VendorCampaignActivity['events']] => [
          email,
          this.vendor.unsubscribesApart ? events.filter((e) => e.type !== 'unsubscribe') : events,
        ])
        .filter(([, events]) => events.length > 0)
        .sort(([a], [b]) => a.localeCompare(b));
      const start = options.cursor ? Number(options.cursor) : 0;
      const activity = all
        .slice(start, start + options.pageSize)
        .map(([email, events]) => ({ email, events: structuredClone(events) }));
      const next = start + options.pageSize;
      return { activity, nextCursor: next < all.length ? String(next) : undefined };
    });
  }

  /** The unsubscribes, when the vendor reports them apart; none otherwise (they are in the pages). */
  readCampaignUnsubscribes(context: ConnectionContext, campaignId: string): Promise<VendorUnsubscribe[]> {
    return context.budget.run(async () => {
      this.vendor.call('readCampaignUnsubscribes', campaignId);
      if (!this.vendor.unsubscribesApart) return [];
      return [...this.vendor.campaign(campaignId).activity.entries()].flatMap(([email, events]) =>
        events.filter((e) => e.type === 'unsubscribe').map((e) => ({ email, at: e.at })),
      );
    });
  }

  listStores(context: ConnectionContext): Promise<Array<{ id: string; name: string; currency: string }>> {
    return context.budget.run(async () => {
      this.vendor.call('listStores');
      return [...this.vendor.stores.values()].map(({ id, name, currency }) => ({ id, name, currency }));
    });
  }

  /** Carts in id order, `vendor.cartPageSize` at a time. */
  listAbandonedCarts(
    context: ConnectionContext,
    storeId: string,
    options: { cursor?: string },
  ): Promise<{ carts: VendorCart[]; nextCursor?: string }> {
    return context.budget.run(async () => {
      this.vendor.call('listAbandonedCarts', storeId);
      const all = [...this.vendor.store(storeId).carts.values()].sort((a, b) => a.id.localeCompare(b.id));
      const start = options.cursor ? Number(options.cursor) : 0;
      const next = start + this.vendor.cartPageSize;
      return {
        carts: all.slice(start, next).map((cart) => structuredClone(cart)),
        nextCursor: next < all.length ? String(next) : undefined,
      };
    });
  }

  /** Absent while `vendor.reportsOrders` is off, as on a connector that cannot look orders up. */
  get findOrdersForCart() {
    return this.vendor.reportsOrders ? this.ordersForCart : undefined;
  }

  /** The customer's orders (by id, else by address) since `since`, and the one with the cart's id. */
  private readonly ordersForCart = (
    context: ConnectionContext,
    storeId: string,
    query: CartOrderQuery,
  ): Promise<VendorOrder[]> =>
    context.budget.run(async () => {
      this.vendor.call('findOrdersForCart', storeId);
      const email = query.email?.toLowerCase();
      return [...this.vendor.store(storeId).orders.values()]
        .filter(
          (order) =>
            (order.id === query.cartId ||
              (query.customerId
                ? order.customerId === query.customerId
                : order.email.toLowerCase() === email)) &&
            !order.undone &&
            order.placedAt >= query.since,
        )
        .sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime())
        .map(({ id, currency, totalCents, lines, placedAt }) =>
          structuredClone({ id, currency, totalCents, lines, placedAt }),
        );
    });
}

/** Registers a FakeMarketingConnector (key `fake`) over the given vendor. */
@Module({})
export class FakeMarketingConnectorModule {
  static register(
    vendor: FakeVendor = new FakeVendor(),
    manifest: Partial<ConnectorManifest> = {},
  ): DynamicModule {
    return {
      module: FakeMarketingConnectorModule,
      providers: [
        { provide: FakeMarketingConnector, useValue: new FakeMarketingConnector(vendor, manifest) },
        { provide: FakeVendor, useValue: vendor },
      ],
      exports: [FakeMarketingConnector, FakeVendor],
    };
  }
}
