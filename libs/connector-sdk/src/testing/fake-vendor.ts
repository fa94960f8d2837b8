import { randomUUID } from 'node:crypto';
import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import type {
  MemberStatus,
  MemberWrite,
  MemberWriteResult,
  VendorCampaign,
  VendorCampaignActivity,
  VendorCart,
  VendorEvent,
  VendorField,
  VendorMember,
  VendorOrder,
} from '../contract/vendor-records';

type CampaignEventType = VendorCampaignActivity['events'][number]['type'];

export interface FakeCampaign {
  id: string;
  name: string;
  subject?: string;
  listId?: string;
  status: string;
  sentAt?: Date;
  /** When a scheduled campaign goes out. */
  scheduledAt?: Date;
  /** The static segment it is addressed to (else the whole list). */
  segmentId?: string;
  /** Per recipient address (lower case), oldest first. */
  activity: Map<string, VendorCampaignActivity['events']>;
}

/** A static segment of a list: the members put in it. */
export interface FakeSegment {
  id: string;
  listId: string;
  name: string;
  emails: string[];
}

export interface FakeStore {
  id: string;
  name: string;
  currency: string;
  carts: Map<string, VendorCart>;
  orders: Map<string, FakeOrder>;
}

/** An order with whose it is: the customer's id and address as the cart named them. */
export interface FakeOrder extends VendorOrder {
  email: string;
  customerId?: string;
  /** Cancelled or refunded: no sale. */
  undone?: boolean;
}

interface FakeList {
  id: string;
  name: string;
  fields: VendorField[];
  members: Map<string, VendorMember>;
  webhooks: Map<string, string>;
}

/**
 * An in-memory email-marketing vendor for the SDK's own tests and the contract suite. It keeps
 * Mailchimp's consent rules (no write can re-subscribe an unsubscribed or cleaned member except
 * through `pending`) and counts every call so tests can assert "no writes".
 */
export class FakeVendor {
  readonly lists = new Map<string, FakeList>();
  readonly calls: Array<{ method: string; listId?: string; count?: number }> = [];
  /** Addresses the vendor rejects with a validation error. */
  readonly rejectedEmails = new Set<string>();
  /** Addresses the vendor answers with a passing error (TEMPORARY) this many more times. */
  readonly flakyEmails = new Map<string, number>();
  /** Errors thrown by the next calls, in order. */
  readonly pendingFailures: ConnectorError[] = [];
  /**
   * Errors thrown by the next calls of one method (by name), in order: before anything is done.
   * A null lets that call through (to fail a later one).
   */
  readonly methodFailures = new Map<string, Array<ConnectorError | null>>();
  /**
   * Calls of a method (by name) whose answer is lost this many more times: the work is done, then
   * the caller sees a dropped connection, as when a vendor's reply never arrives.
   */
  readonly lostAnswers = new Map<string, number>();
  readonly segments = new Map<string, FakeSegment>();
  validApiKey = 'fake-key';
  readonly campaigns = new Map<string, FakeCampaign>();
  readonly stores = new Map<string, FakeStore>();
  /**
   * Unsubscribes reported apart from the activity pages (readCampaignUnsubscribes), as Mailchimp
   * does; a recipient whose only event is an unsubscribe is then missing from the pages.
   */
  unsubscribesApart = false;
  /** Carts per page of listAbandonedCarts; recipients per page is the caller's pageSize. */
  cartPageSize = 50;
  /** Off: the connector cannot look orders up (a vendor that reports carts but not orders). */
  reportsOrders = true;
  /**
   * The CRM module each member was last written with, by list and address: where a vendor that
   * groups members by kind (MailUp's lead, company and contact groups) would have put it.
   */
  readonly memberModules = new Map<string, string>();
  private lastChangeMs = 0;

  createList(name: string, fields: VendorField[] = []): string {
    const id = `list-${this.lists.size + 1}`;
    this.lists.set(id, { id, name, fields, members: new Map(), webhooks: new Map() });
    return id;
  }

  list(listId: string): FakeList {
    const list = this.lists.get(listId);
    if (!list) throw new ConnectorError(ConnectorErrorCode.NOT_FOUND, `List ${listId} not found`);
    return list;
  }

  /** Records a call and throws a queued failure, as a real vendor would at that moment. */
  call(method: string, listId?: string, count?: number): void {
    this.calls.push({ method, listId, count });
    const queued = this.methodFailures.get(method);
    const failure = queued?.length ? queued.shift() : this.pendingFailures.shift();
    if (failure) throw failure;
  }

  /** After a call's work is done: throws when its answer is to be lost (see `lostAnswers`). */
  answer(method: string): void {
    const lost = this.lostAnswers.get(method) ?? 0;
    if (lost <= 0) return;
    this.lostAnswers.set(method, lost - 1);
    throw new ConnectorError(ConnectorErrorCode.TEMPORARY, `${method}: the connection dropped`);
  }

  writeCalls(): number {
    return this.calls.filter((c) => ['writeMembers', 'applyTags', 'removeMembers'].includes(c.method)).length;
  }

  write(listId: string, write: MemberWrite): MemberWriteResult {
    const list = this.list(listId);
    const email = write.email.toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      return {
        email,
        ok: false,
        error: {
          code: ConnectorErrorCode.VALIDATION,
          message: 'Invalid Resource: not a valid email address',
          field: 'email',
        },
      };
    const flaky = this.flakyEmails.get(email) ?? 0;
    if (flaky > 0) {
      this.flakyEmails.set(email, flaky - 1);
      return {
        email,
        ok: false,
        error: { code: ConnectorErrorCode.TEMPORARY, message: 'Service temporarily unavailable' },
      };
    }
    if (this.rejectedEmails.has(email))
      return {
        email,
        ok: false,
        error: { code: ConnectorErrorCode.VALIDATION, message: 'Invalid Resource: address looks fake' },
      };
    const key = write.previousEmail ? write.previousEmail.toLowerCase() : email;
    const existing = list.members.get(key);
    if (existing && write.previousEmail) list.members.delete(key);
    // An archived member comes back like a new one (Mailchimp: status_if_new applies to it).
    let status: MemberStatus =
      existing && existing.status !== 'archived' ? existing.status : write.statusIfNew;
    if (write.status) {
      const locked = existing && (existing.status === 'unsubscribed' || existing.status === 'cleaned');
      if (locked && write.status === 'subscribed')
        return {
          email,
          ok: false,
          error: { code: ConnectorErrorCode.COMPLIANCE, message: `${email} is in a compliance state` },
        };
      status = write.status;
    }
    const tags = new Set(existing?.tags ?? []);
    write.tags?.add.forEach((tag) => tags.add(tag));
    write.tags?.remove.forEach((tag) => tags.delete(tag));
    const member: VendorMember = {
      vendorId: existing?.vendorId ?? randomUUID(),
      email,
      status,
      fields: { ...(existing?.fields ?? {}), ...write.fields },
      tags: [...tags].sort(),
      changedAt: this.nextChangeTime(),
    };
    list.members.set(email, member);
    if (write.module) this.memberModules.set(`${listId}\n${email}`, write.module);
    return { email, ok: true, vendorId: member.vendorId, status, response: { status, id: member.vendorId } };
  }

  /** Archives a member: off the list, consent kept (Mailchimp's archive). */
  remove(listId: string, email: string): MemberWriteResult {
    const member = this.list(listId).members.get(email.toLowerCase());
    if (!member)
      return {
        email,
        ok: false,
        error: { code: ConnectorErrorCode.NOT_FOUND, message: `${email} is not a member` },
      };
    member.status = 'archived';
    member.changedAt = this.nextChangeTime();
    return {
      email: member.email,
      ok: true,
      vendorId: member.vendorId,
      status: 'archived',
      response: { status: 'archived' },
    };
  }

  /** The outside world: a subscriber acts at the vendor (returns the event a webhook would carry). */
  act(listId: string, email: string, type: 'unsubscribe' | 'cleaned' | 'subscribe'): VendorEvent {
    const member = this.list(listId).members.get(email.toLowerCase());
    if (!member) throw new Error(`${email} is not in ${listId}`);
    member.status = type === 'unsubscribe' ? 'unsubscribed' : type === 'cleaned' ? 'cleaned' : 'subscribed';
    member.changedAt = this.nextChangeTime();
    return { type, listId, email: member.email, vendorId: member.vendorId, firedAt: member.changedAt };
  }

  editProfile(listId: string, email: string, fields: Record<string, unknown>): VendorEvent {
    const member = this.list(listId).members.get(email.toLowerCase())!;
    member.fields = { ...member.fields, ...fields };
    member.changedAt = this.nextChangeTime();
    return {
      type: 'profile',
      listId,
      email: member.email,
      vendorId: member.vendorId,
      fields,
      firedAt: member.changedAt,
    };
  }

  /** Strictly increasing change times that never run ahead of the real clock by more than needed. */
  private nextChangeTime(): Date {
    this.lastChangeMs = Math.max(Date.now(), this.lastChangeMs + 1);
    return new Date(this.lastChangeMs);
  }

  member(listId: string, email: string): VendorMember | undefined {
    return this.list(listId).members.get(email.toLowerCase());
  }

  /** The CRM module a member was last written with (see `memberModules`). */
  moduleOf(listId: string, email: string): string | undefined {
    return this.memberModules.get(`${listId}\n${email.toLowerCase()}`);
  }

  // ---------------------------------------------------------------- campaigns

  createCampaign(input: { name: string; subject?: string; listId?: string }): string {
    const id = `cmp-${this.campaigns.size + 1}`;
    this.campaigns.set(id, { id, ...input, status: 'save', activity: new Map() });
    return id;
  }

  campaign(campaignId: string): FakeCampaign {
    const campaign = this.campaigns.get(campaignId);
    if (!campaign) throw new ConnectorError(ConnectorErrorCode.NOT_FOUND, `Campaign ${campaignId} not found`);
    return campaign;
  }

  /** Sends the campaign to these addresses at `at` (a `sent` event each). */
  sendCampaign(campaignId: string, emails: string[], at = new Date()): void {
    const campaign = this.campaign(campaignId);
    campaign.status = 'sent';
    campaign.sentAt = at;
    for (const email of emails) this.campaignEvent(campaignId, email, 'sent', at);
  }

  /** The outside world: a recipient opens, clicks, bounces or unsubscribes. */
  campaignEvent(
    campaignId: string,
    email: string,
    type: CampaignEventType,
    at = new Date(),
    url?: string,
  ): void {
    const activity = this.campaign(campaignId).activity;
    const address = email.toLowerCase();
    const events = activity.get(address) ?? [];
    events.push(url ? { type, at, url } : { type, at });
    activity.set(address, events);
  }

  /** The campaign as its report shows it: figures counted from its activity, as the vendor does. */
  campaignView(campaign: FakeCampaign): VendorCampaign {
    const recipients = [...campaign.activity.values()];
    const count = (type: CampaignEventType) =>
      recipients.reduce((sum, events) => sum + events.filter((e) => e.type === type).length, 0);
    const reached = (type: CampaignEventType) =>
      recipients.filter((events) => events.some((e) => e.type === type)).length;
    return {
      id: campaign.id,
      name: campaign.name,
      subject: campaign.subject,
      listId: campaign.listId,
      status: campaign.status,
      sentAt: campaign.sentAt,
      report: campaign.sentAt
        ? {
            recipients: reached('sent'),
            opens: count('open'),
            uniqueOpens: reached('open'),
            clicks: count('click'),
            uniqueClicks: reached('click'),
            bounces: reached('bounce'),
            unsubscribes: reached('unsubscribe'),
          }
        : undefined,
    };
  }

  /** A static segment of the list's members among `emails`; names are unique per list, as tags are. */
  createSegment(listId: string, name: string, emails: string[]): FakeSegment {
    const list = this.list(listId);
    if ([...this.segments.values()].some((s) => s.listId === listId && s.name === name))
      throw new ConnectorError(ConnectorErrorCode.VALIDATION, `A segment named ${name} already exists`);
    const segment: FakeSegment = {
      id: String(this.segments.size + 1),
      listId,
      name,
      emails: [...new Set(emails.map((e) => e.toLowerCase()))].filter((e) => list.members.has(e)),
    };
    this.segments.set(segment.id, segment);
    return segment;
  }

  /** A draft copy of a campaign, addressed to a segment of its list. */
  replicateCampaign(campaignId: string, name: string, segmentId: string): FakeCampaign {
    const original = this.campaign(campaignId);
    const id = `cmp-${this.campaigns.size + 1}`;
    const copy: FakeCampaign = {
      id,
      name,
      subject: original.subject,
      listId: original.listId,
      status: 'save',
      segmentId,
      activity: new Map(),
    };
    this.campaigns.set(id, copy);
    return copy;
  }

  /** Who a campaign goes to: the subscribed members of its list, or of its segment. */
  audienceOf(campaign: FakeCampaign): string[] {
    if (!campaign.listId) return [];
    const members = this.list(campaign.listId).members;
    const emails = campaign.segmentId
      ? (this.segments.get(campaign.segmentId)?.emails ?? [])
      : [...members.keys()];
    return emails.filter((email) => members.get(email)?.status === 'subscribed').sort();
  }

  // ---------------------------------------------------------------- e-commerce

  createStore(name: string, currency: string): string {
    const id = `store-${this.stores.size + 1}`;
    this.stores.set(id, { id, name, currency, carts: new Map(), orders: new Map() });
    return id;
  }

  store(storeId: string): FakeStore {
    const store = this.stores.get(storeId);
    if (!store) throw new ConnectorError(ConnectorErrorCode.NOT_FOUND, `Store ${storeId} not found`);
    return store;
  }

  /** A shopper leaves a cart (or changes one they left). */
  abandonCart(storeId: string, cart: Omit<VendorCart, 'updatedAt'>): void {
    this.store(storeId).carts.set(cart.id, { ...structuredClone(cart), updatedAt: this.nextChangeTime() });
  }

  /**
   * The shopper ordered: the cart becomes an order (its lines and total unless `order` says
   * otherwise, placed now unless it says when) and is no longer abandoned. Answers the order's id.
   */
  orderCart(storeId: string, cartId: string, order: Partial<FakeOrder> = {}): string {
    const store = this.store(storeId);
    const cart = store.carts.get(cartId);
    if (!cart) throw new ConnectorError(ConnectorErrorCode.NOT_FOUND, `Cart ${cartId} not found`);
    store.carts.delete(cartId);
    return this.placeOrder(storeId, {
      email: cart.email,
      ...(cart.customerId ? { customerId: cart.customerId } : {}),
      currency: cart.currency,
      totalCents: cart.totalCents,
      lines: structuredClone(cart.lines),
      ...order,
    });
  }

  /** An order placed without an abandoned cart (or long before one). Answers its id. */
  placeOrder(storeId: string, order: Omit<FakeOrder, 'id' | 'placedAt'> & Partial<FakeOrder>): string {
    const store = this.store(storeId);
    const id = order.id ?? `order-${store.orders.size + 1}`;
    store.orders.set(id, {
      ...structuredClone(order),
      id,
      placedAt: order.placedAt ?? this.nextChangeTime(),
    });
    return id;
  }

  /** The store drops a cart without an order (emptied by the shopper, or expired). */
  dropCart(storeId: string, cartId: string): void {
    this.store(storeId).carts.delete(cartId);
  }
}
