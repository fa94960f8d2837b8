import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantId, ValidationFailedError } from '@crm/platform';
import { ImportedDealClose, ImportedDealClosing, ImportedDealsService } from '@crm/core';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import type { ConnectionContext, EcommerceCartsCapability } from '../contract/connector';
import type { VendorCart } from '../contract/vendor-records';
import { CRM_SYNC_PORT, CrmSyncPort } from '../engine/crm-sync.port';
import { assertImportable, requireCapability } from '../imports/import-preconditions';
import type { ConnectorInstallation } from '../installations/installation.entities';
import { SyncSettingsService } from '../settings/sync-settings.service';
import { CartDealLink } from './cart-deal-link.entity';
import { cartDealContent, cartDealName, cartHash, CartStore, orderDealContent } from './cart-deal';
import { abandonedNote, graceOver, orderedNote, orderOfCart, ordersSince, vendorTime } from './cart-orders';

/**
 * Why a cart did not become (or change) a deal:
 * - UNKNOWN_EMAIL: no CRM record has the cart's address. The import creates no contact: a cart is
 *   not consent to become a marketing contact, and the subscriber sync (with its module setting)
 *   is what brings vendor people into the CRM; the cart becomes a deal on the first import after.
 * - NOT_A_CONTACT: only a lead (or organization) has the address; deals link to contacts.
 * - INVALID_CART: the vendor's cart breaks a deal rule (currency, quantities, prices).
 * - DEAL_DELETED: someone deleted the cart's deal; it is not created again.
 * - DEAL_CLOSED: the deal left its open stages in the CRM; the import no longer changes it.
 * - NO_WON_STAGE: the cart was ordered but the deal's pipeline has no WON stage to move it to
 *   (it stays open, and the next import tries again).
 * - NO_LOST_STAGE: the cart went without an order but the deal's pipeline has no LOST stage (it
 *   stays open for the sales team; the import no longer looks at it).
 */
export const CART_SKIP_REASONS = [
  'UNKNOWN_EMAIL',
  'NOT_A_CONTACT',
  'INVALID_CART',
  'DEAL_DELETED',
  'DEAL_CLOSED',
  'NO_WON_STAGE',
  'NO_LOST_STAGE',
] as const;
export type CartSkipReason = (typeof CART_SKIP_REASONS)[number];

export interface CartImportResult {
  stores: number;
  /** Stores the settings name that the vendor account no longer has; their deals are left as they are. */
  missingStores: string[];
  carts: number;
  created: number;
  updated: number;
  unchanged: number;
  /**
   * Deals moved to a won stage: their cart left the abandoned carts and the customer's order was
   * found (with a connector that cannot look orders up: as soon as the cart left).
   */
  won: number;
  /** Deals moved to a lost stage: their cart went, and no order came within ORDER_GRACE_MS. */
  lost: number;
  /** Carts gone with no order found yet: their deals stay open while the order may still come in. */
  awaitingOrder: number;
  skipped: Record<CartSkipReason, number>;
}

/** A connector that hands back the cursor it was given would loop for ever. */
const MAX_CART_PAGES = 10_000;
const EMAIL_MAX = 254;
const VENDOR_ID_MAX = 120;

/** One import of one installation: where it reads, when it runs, what it counts. */
interface CartRun {
  tenantId: TenantId;
  installation: ConnectorInstallation;
  shop: EcommerceCartsCapability;
  context: ConnectionContext;
  now: Date;
  result: CartImportResult;
}

/**
 * Abandoned carts → deals (seed 001): for the stores the installation's sync settings name, one
 * deal per cart, linked to the contact with the cart's address, kept in step while the cart
 * changes. When a cart leaves the vendor's abandoned carts, the customer's orders say what
 * became of it: an order placed since the cart last changed wins the deal with the order's lines
 * and total; none, within ORDER_GRACE_MS of the cart going, loses it. Both leave a note on the
 * deal's and the contact's timelines. A cart whose content hash is unchanged costs no CRM write.
 */
@Injectable()
export class CartImportService {
  private readonly logger = new Logger(CartImportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionContextFactory,
    private readonly settings: SyncSettingsService,
    private readonly deals: ImportedDealsService,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
  ) {}

  async importCarts(tenantId: TenantId, installationId: string, now = new Date()): Promise<CartImportResult> {
    const { installation, connector, context } = await this.connections.forInstallation(
      tenantId,
      installationId,
    );
    assertImportable(installation);
    const shop = requireCapability(connector, 'ecommerceCarts', 'e-commerce carts');
    const { carts } = await this.settings.current(tenantId, installationId);
    if (!carts.enabled || carts.storeIds.length === 0)
      throw ValidationFailedError.field('carts.enabled', 'cart import is switched off in the sync settings');

    const run: CartRun = { tenantId, installation, shop, context, now, result: emptyResult() };
    const stores = new Map((await shop.listStores(context)).map((store) => [store.id, store]));
    for (const storeId of carts.storeIds) {
      const store = stores.get(storeId);
      if (!store) {
        run.result.missingStores.push(storeId);
        continue;
      }
      // Read in full before anything is written: only a complete list says which carts are gone.
      const vendorCarts = await readAllCarts(shop, context, storeId);
      run.result.stores += 1;
      run.result.carts += vendorCarts.length;
      await this.importStore(run, store, vendorCarts);
    }
    this.logger.log({ tenantId, installationId, ...run.result }, 'abandoned carts imported');
    return run.result;
  }

  private async importStore(run: CartRun, store: CartStore, carts: VendorCart[]): Promise<void> {
    const links = await this.dataSource.getRepository(CartDealLink).findBy({
      tenantId: run.tenantId,
      installationId: run.installation.id,
      storeId: store.id,
    });
    const linkByCart = new Map(links.map((link) => [link.cartId, link]));
    for (const cart of carts) await this.importCart(run, store, cart, linkByCart.get(cart.id));
    const present = new Set(carts.map((cart) => cart.id));
    const claimed = new Set(links.flatMap((link) => (link.orderId ? [link.orderId] : [])));
    for (const link of links) {
      if (link.closedAt || present.has(link.cartId)) continue;
      await this.settleGone(run, store, link, claimed);
    }
  }

  private async importCart(
    run: CartRun,
    store: CartStore,
    cart: VendorCart,
    link: CartDealLink | undefined,
  ): Promise<void> {
    const { tenantId, installation, result } = run;
    const hash = cartHash(cart, store);
    const seen = sighting(cart);
    // A closed link is final; an unchanged cart has nothing to write to its deal.
    if (link && (link.closedAt || link.contentHash === hash)) {
      result.unchanged += 1;
      // The vendor touched the cart without changing what the deal shows: keep whose and when.
      if (!link.closedAt && !sameSighting(link, seen))
        await this.saveLink(this.dataSource.manager, Object.assign(link, seen));
      return;
    }
    const origin = { installationId: installation.id };
    const content = cartDealContent(cart, store);
    try {
      if (link) {
        await this.dataSource.transaction(async (manager) => {
          const outcome = await this.deals.replaceContent(manager, tenantId, link.dealId, content, origin);
          if (outcome === 'missing') result.skipped.DEAL_DELETED += 1;
          else if (outcome === 'closed') result.skipped.DEAL_CLOSED += 1;
          else result[outcome] += 1;
          // Remembered whatever the outcome, so the same cart costs nothing next time.
          await this.saveLink(manager, Object.assign(link, { contentHash: hash }, seen));
        });
        return;
      }
      const contact = await this.contactFor(tenantId, cart.email);
      if ('reason' in contact) {
        result.skipped[contact.reason] += 1;
        return;
      }
      await this.dataSource.transaction(async (manager) => {
        const deal = await this.deals.create(
          manager,
          tenantId,
          {
            ...content,
            name: cartDealName(store, cart.id),
            contactId: contact.contactId,
            fallbackOwnerId: installation.installedById,
          },
          origin,
        );
        const repository = manager.getRepository(CartDealLink);
        await this.saveLink(
          manager,
          repository.create({
            tenantId,
            installationId: installation.id,
            storeId: store.id,
            cartId: cart.id,
            dealId: deal.id,
            contentHash: hash,
            ...seen,
            orderId: null,
            closedAt: null,
          }),
        );
        result.created += 1;
      });
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      result.skipped.INVALID_CART += 1;
      this.logger.warn(
        {
          tenantId,
          installationId: installation.id,
          storeId: store.id,
          cartId: cart.id,
          problems: error.problems,
        },
        'abandoned cart skipped',
      );
    }
  }

  /**
   * The cart left the abandoned carts: won by the customer's order if one came, lost once the
   * grace for its order is over, waiting meanwhile. A connector that cannot look orders up has
   * every cart that leaves counted as ordered.
   */
  private async settleGone(
    run: CartRun,
    store: CartStore,
    link: CartDealLink,
    claimed: Set<string>,
  ): Promise<void> {
    if (!run.shop.findOrdersForCart) {
      await this.closeDeal(run, link, { outcome: 'WON' });
      return;
    }
    const orders = await run.shop.findOrdersForCart(run.context, store.id, {
      cartId: link.cartId,
      ...(link.customerId ? { customerId: link.customerId } : {}),
      ...(link.email ? { email: link.email } : {}),
      since: ordersSince(lastChange(link)),
    });
    const source = run.installation.connectorKey;
    const order = orderOfCart(orders, link.cartId, claimed);
    if (order) {
      const won = await this.closeWithOrder(
        run,
        link,
        {
          outcome: 'WON',
          content: orderDealContent(order, store),
          note: orderedNote(store, link.cartId, order, source),
        },
        order.id,
      );
      if (won) claimed.add(order.id);
      return;
    }
    const goneSince = link.goneSince ?? run.now;
    if (!graceOver(goneSince, run.now)) {
      run.result.awaitingOrder += 1;
      if (!link.goneSince)
        await this.saveLink(
          this.dataSource.manager,
          Object.assign(link, { goneSince, cartUpdatedAt: lastChange(link) }),
        );
      return;
    }
    await this.closeDeal(run, link, {
      outcome: 'LOST',
      note: abandonedNote(store, link.cartId, goneSince, source),
    });
  }

  /** Closes the deal as won by the order; answers whether the order now belongs to it. */
  private async closeWithOrder(
    run: CartRun,
    link: CartDealLink,
    closing: ImportedDealClosing,
    orderId: string,
  ): Promise<boolean> {
    try {
      return (await this.closeDeal(run, link, closing, orderId)) === 'won';
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      // An order that breaks a deal rule (its currency, say) still wins the deal, as the cart was.
      this.logger.warn(
        {
          tenantId: run.tenantId,
          installationId: run.installation.id,
          cartId: link.cartId,
          orderId,
          problems: error.problems,
        },
        'order content not taken over',
      );
      return (await this.closeDeal(run, link, { ...closing, content: undefined }, orderId)) === 'won';
    }
  }

  /** Moves the deal on and makes the link final, counting what happened. */
  private async closeDeal(
    run: CartRun,
    link: CartDealLink,
    closing: ImportedDealClosing,
    orderId: string | null = null,
  ): Promise<ImportedDealClose> {
    const { result } = run;
    return this.dataSource.transaction(async (manager) => {
      const outcome = await this.deals.close(manager, run.tenantId, link.dealId, closing, {
        installationId: run.installation.id,
      });
      if (outcome === 'no-stage' && closing.outcome === 'WON') {
        // Left open: once the pipeline has a WON stage the next import moves it.
        result.skipped.NO_WON_STAGE += 1;
        return outcome;
      }
      if (outcome === 'no-stage') result.skipped.NO_LOST_STAGE += 1;
      else if (outcome === 'won') result.won += 1;
      else if (outcome === 'lost') result.lost += 1;
      else result.skipped[outcome === 'missing' ? 'DEAL_DELETED' : 'DEAL_CLOSED'] += 1;
      await this.saveLink(
        manager,
        Object.assign(link, { closedAt: run.now, orderId: outcome === 'won' ? orderId : null }),
      );
      return outcome;
    });
  }

  private async saveLink(manager: EntityManager, link: CartDealLink): Promise<void> {
    await manager.getRepository(CartDealLink).save(link);
  }

  /** The contact with this address (its primary one first), or why there is none. */
  private async contactFor(
    tenantId: TenantId,
    email: string,
  ): Promise<{ contactId: string } | { reason: 'UNKNOWN_EMAIL' | 'NOT_A_CONTACT' }> {
    const address = email.trim().toLowerCase();
    if (!address) return { reason: 'UNKNOWN_EMAIL' };
    const subscribers = await this.crm.findByEmail(tenantId, address);
    const contacts = subscribers
      .filter((subscriber) => subscriber.module === 'contacts')
      .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
    if (contacts.length > 0) return { contactId: contacts[0].recordId };
    return { reason: subscribers.length > 0 ? 'NOT_A_CONTACT' : 'UNKNOWN_EMAIL' };
  }
}

async function readAllCarts(
  connector: EcommerceCartsCapability,
  context: ConnectionContext,
  storeId: string,
): Promise<VendorCart[]> {
  const carts = new Map<string, VendorCart>();
  let cursor: string | undefined;
  for (let pages = 0; pages < MAX_CART_PAGES; pages++) {
    const page = await connector.listAbandonedCarts(context, storeId, { cursor });
    for (const cart of page.carts) carts.set(cart.id, cart);
    if (!page.nextCursor || page.nextCursor === cursor) break;
    cursor = page.nextCursor;
  }
  return [...carts.values()];
}

type Sighting = Pick<CartDealLink, 'customerId' | 'email' | 'cartUpdatedAt' | 'goneSince'>;

/** What a link keeps of the cart as last seen (a cart seen again is no longer gone). */
function sighting(cart: VendorCart): Sighting {
  return {
    customerId: cart.customerId?.slice(0, VENDOR_ID_MAX) || null,
    email: cart.email.trim().toLowerCase().slice(0, EMAIL_MAX) || null,
    cartUpdatedAt: vendorTime(cart.updatedAt),
    goneSince: null,
  };
}

/**
 * When the cart last changed, as far as the link knows. A link made before this was kept has the
 * time it last wrote the deal (no earlier than the cart's last change); saving it with the link
 * keeps it from moving on.
 */
function lastChange(link: CartDealLink): Date {
  return link.cartUpdatedAt ?? link.updatedAt;
}

function sameSighting(link: CartDealLink, seen: Sighting): boolean {
  return (
    link.customerId === seen.customerId &&
    link.email === seen.email &&
    link.cartUpdatedAt?.getTime() === seen.cartUpdatedAt?.getTime() &&
    link.goneSince === null
  );
}

function emptyResult(): CartImportResult {
  return {
    stores: 0,
    missingStores: [],
    carts: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    won: 0,
    lost: 0,
    awaitingOrder: 0,
    skipped: Object.fromEntries(CART_SKIP_REASONS.map((reason) => [reason, 0])) as Record<
      CartSkipReason,
      number
    >,
  };
}
