import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TenantId, ValidationFailedError } from '@crm/platform';
import { ImportedDealsService } from '@crm/core';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import type { ConnectionContext, EcommerceCartsCapability } from '../contract/connector';
import type { VendorCart } from '../contract/vendor-records';
import { CRM_SYNC_PORT, CrmSyncPort } from '../engine/crm-sync.port';
import { assertImportable, requireCapability } from '../imports/import-preconditions';
import type { ConnectorInstallation } from '../installations/installation.entities';
import { SyncSettingsService } from '../settings/sync-settings.service';
import { CartDealLink } from './cart-deal-link.entity';
import { cartDealContent, cartDealName, cartHash, CartStore } from './cart-deal';

/**
 * Why a cart did not become (or change) a deal:
 * - UNKNOWN_EMAIL: no CRM record has the cart's address. The import creates no contact: a cart is
 *   not consent to become a marketing contact, and the subscriber sync (with its module setting)
 *   is what brings vendor people into the CRM; the cart becomes a deal on the first import after.
 * - NOT_A_CONTACT: only a lead (or organization) has the address; deals link to contacts.
 * - INVALID_CART: the vendor's cart breaks a deal rule (currency, quantities, prices).
 * - DEAL_DELETED: someone deleted the cart's deal; it is not created again.
 * - DEAL_CLOSED: the deal left its open stages in the CRM; the import no longer changes it.
 * - NO_WON_STAGE: the cart was ordered but the deal's pipeline has no WON stage to move it to.
 */
export const CART_SKIP_REASONS = [
  'UNKNOWN_EMAIL',
  'NOT_A_CONTACT',
  'INVALID_CART',
  'DEAL_DELETED',
  'DEAL_CLOSED',
  'NO_WON_STAGE',
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
  /** Deals moved to a won stage because their cart left the abandoned carts (the customer ordered). */
  won: number;
  skipped: Record<CartSkipReason, number>;
}

/** A connector that hands back the cursor it was given would loop for ever. */
const MAX_CART_PAGES = 10_000;

/**
 * Abandoned carts → deals (seed 001): for the stores the installation's sync settings name, one
 * deal per cart, linked to the contact with the cart's address, kept in step while the cart
 * changes, and moved to its pipeline's first WON stage when the cart leaves the vendor's
 * abandoned carts. A cart whose content hash is unchanged costs no CRM read or write.
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

    const result = emptyResult();
    const stores = new Map((await shop.listStores(context)).map((store) => [store.id, store]));
    for (const storeId of carts.storeIds) {
      const store = stores.get(storeId);
      if (!store) {
        result.missingStores.push(storeId);
        continue;
      }
      // Read in full before anything is written: only a complete list says which carts are gone.
      const vendorCarts = await readAllCarts(shop, context, storeId);
      result.stores += 1;
      result.carts += vendorCarts.length;
      await this.importStore(tenantId, installation, store, vendorCarts, now, result);
    }
    this.logger.log({ tenantId, installationId, ...result }, 'abandoned carts imported');
    return result;
  }

  private async importStore(
    tenantId: TenantId,
    installation: ConnectorInstallation,
    store: CartStore,
    carts: VendorCart[],
    now: Date,
    result: CartImportResult,
  ): Promise<void> {
    const links = await this.dataSource
      .getRepository(CartDealLink)
      .findBy({ tenantId, installationId: installation.id, storeId: store.id });
    const linkByCart = new Map(links.map((link) => [link.cartId, link]));
    for (const cart of carts)
      await this.importCart(tenantId, installation, store, cart, linkByCart.get(cart.id), result);
    const present = new Set(carts.map((cart) => cart.id));
    for (const link of links) {
      if (link.closedAt || present.has(link.cartId)) continue;
      await this.closeOrdered(tenantId, installation, link, now, result);
    }
  }

  private async importCart(
    tenantId: TenantId,
    installation: ConnectorInstallation,
    store: CartStore,
    cart: VendorCart,
    link: CartDealLink | undefined,
    result: CartImportResult,
  ): Promise<void> {
    const hash = cartHash(cart, store);
    // A converted cart is final; an unchanged one has nothing to write.
    if (link && (link.closedAt || link.contentHash === hash)) {
      result.unchanged += 1;
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
          await this.saveLink(manager, Object.assign(link, { contentHash: hash }));
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

  /** The cart is no longer abandoned: its customer ordered. Its deal is won. */
  private async closeOrdered(
    tenantId: TenantId,
    installation: ConnectorInstallation,
    link: CartDealLink,
    now: Date,
    result: CartImportResult,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const outcome = await this.deals.closeAsWon(manager, tenantId, link.dealId, {
        installationId: installation.id,
      });
      if (outcome === 'no-won-stage') {
        // Left open: once the pipeline has a WON stage the next import moves it.
        result.skipped.NO_WON_STAGE += 1;
        return;
      }
      if (outcome === 'won') result.won += 1;
      else result.skipped[outcome === 'missing' ? 'DEAL_DELETED' : 'DEAL_CLOSED'] += 1;
      await this.saveLink(manager, Object.assign(link, { closedAt: now }));
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

function emptyResult(): CartImportResult {
  return {
    stores: 0,
    missingStores: [],
    carts: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    won: 0,
    skipped: Object.fromEntries(CART_SKIP_REASONS.map((reason) => [reason, 0])) as Record<
      CartSkipReason,
      number
    >,
  };
}
