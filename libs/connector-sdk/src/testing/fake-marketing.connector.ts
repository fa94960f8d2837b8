import { DynamicModule, Module } from '@nestjs/common';
import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import type {
  CampaignSendingCapability,
  CampaignsCapability,
  ConnectionContext,
  EcommerceCartsCapability,
  SegmentsCapability,
} from '../contract/connector';
import type { ConnectorManifest } from '../contract/manifest';
import type {
  CampaignState,
  CartOrderQuery,
  VendorCampaign,
  VendorCampaignActivity,
  VendorCampaignDraft,
  VendorCart,
  VendorTag,
  VendorOrder,
  VendorUnsubscribe,
} from '../contract/vendor-records';
import { ConnectorPlugin } from '../registry/connector-plugin.decorator';
import { FakeConnector, fakeManifest } from './fake.connector';
import { FakeCampaign, FakeVendor } from './fake-vendor';

const STATES: Record<string, CampaignState> = { save: 'DRAFT', schedule: 'SCHEDULED', sent: 'SENT' };

function draftView(campaign: FakeCampaign): VendorCampaignDraft {
  return {
    id: campaign.id,
    name: campaign.name,
    subject: campaign.subject,
    listId: campaign.listId,
    state: STATES[campaign.status] ?? 'OTHER',
    status: campaign.status,
    sendAt: campaign.scheduledAt ?? campaign.sentAt,
  };
}

/**
 * The fake connector with campaigns (reports and per-recipient activity, and sending drafts to a
 * static segment), segments, and e-commerce stores with abandoned carts, over the same
 * FakeVendor: for the framework's campaign and cart imports and campaign sends.
 */
@ConnectorPlugin()
export class FakeMarketingConnector
  extends FakeConnector
  implements CampaignsCapability, CampaignSendingCapability, SegmentsCapability, EcommerceCartsCapability
{
  constructor(vendor: FakeVendor = new FakeVendor(), manifest: Partial<ConnectorManifest> = {}) {
    super(vendor, {
      capabilities: [
        ...fakeManifest.capabilities,
        'segments',
        'campaigns',
        'campaignSending',
        'ecommerceCarts',
      ],
      ...manifest,
    });
  }

  listSegments(context: ConnectionContext, listId: string): Promise<VendorTag[]> {
    return context.budget.run(async () => {
      this.vendor.call('listSegments', listId);
      return [...this.vendor.segments.values()]
        .filter((segment) => segment.listId === listId)
        .map((segment) => ({ id: segment.id, name: segment.name, kind: 'segment' as const }));
    });
  }

  createStaticSegment(
    context: ConnectionContext,
    listId: string,
    name: string,
    emails: string[],
  ): Promise<VendorTag> {
    return context.budget.run(async () => {
      this.vendor.call('createStaticSegment', listId, emails.length);
      const segment = this.vendor.createSegment(listId, name, emails);
      this.vendor.answer('createStaticSegment');
      return { id: segment.id, name: segment.name, kind: 'segment', memberCount: segment.emails.length };
    });
  }

  listSendableCampaigns(context: ConnectionContext): Promise<VendorCampaignDraft[]> {
    return context.budget.run(async () => {
      this.vendor.call('listSendableCampaigns');
      return [...this.vendor.campaigns.values()]
        .filter((c) => c.status === 'save' && c.listId)
        .map(draftView);
    });
  }

  getCampaign(context: ConnectionContext, campaignId: string): Promise<VendorCampaignDraft | null> {
    return context.budget.run(async () => {
      this.vendor.call('getCampaign', campaignId);
      const campaign = this.vendor.campaigns.get(campaignId);
      return campaign ? draftView(campaign) : null;
    });
  }

  replicateToSegment(
    context: ConnectionContext,
    campaignId: string,
    segmentId: string,
    title: string,
  ): Promise<VendorCampaignDraft> {
    return context.budget.run(async () => {
      this.vendor.call('replicateToSegment', campaignId);
      const copy = this.vendor.replicateCampaign(campaignId, title, segmentId);
      this.vendor.answer('replicateToSegment');
      return draftView(copy);
    });
  }

  /** Like Mailchimp, only a draft can be sent (a second send of the same campaign is refused). */
  sendCampaign(context: ConnectionContext, campaignId: string): Promise<void> {
    return context.budget.run(async () => {
      this.vendor.call('sendCampaign', campaignId);
      const campaign = this.draft(campaignId, 'sent');
      this.vendor.sendCampaign(campaign.id, this.vendor.audienceOf(campaign));
      this.vendor.answer('sendCampaign');
    });
  }

  scheduleCampaign(context: ConnectionContext, campaignId: string, at: Date): Promise<void> {
    return context.budget.run(async () => {
      this.vendor.call('scheduleCampaign', campaignId);
      const campaign = this.draft(campaignId, 'scheduled');
      campaign.status = 'schedule';
      campaign.scheduledAt = at;
      this.vendor.answer('scheduleCampaign');
    });
  }

  private draft(campaignId: string, action: string): FakeCampaign {
    const campaign = this.vendor.campaign(campaignId);
    if (campaign.status !== 'save')
      throw new ConnectorError(
        ConnectorErrorCode.VALIDATION,
        `This campaign cannot be ${action}: its status is ${campaign.status}`,
      );
    return campaign;
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
