import type { RecordModule, VendorFieldType } from './manifest';

/** Normalized vendor data the engine stores and compares; connectors translate to and from it. */

/**
 * A member's status in one list, in the vendor-neutral terms of the consent rule. `deleted`: the
 * list itself was deleted at the vendor; the CRM keeps the member as history (seed 004).
 */
export const MEMBER_STATUSES = [
  'subscribed',
  'unsubscribed',
  'cleaned',
  'pending',
  'archived',
  'transactional',
  'deleted',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Statuses that only the person (or the vendor) may lift: no sync ever overwrites them. */
export const CONSENT_LOCKED_STATUSES: ReadonlySet<MemberStatus> = new Set(['unsubscribed', 'cleaned']);

export interface VendorList {
  id: string;
  name: string;
  memberCount?: number;
  /** New members must confirm (Mailchimp double opt-in). */
  doubleOptIn?: boolean;
  /** Vendor-specific details shown on the list record (description, type, owner…). */
  details?: Record<string, unknown>;
}

export interface VendorField {
  key: string;
  label: string;
  type: VendorFieldType;
  required: boolean;
  choices?: string[];
  maxLength?: number;
  /**
   * A field the vendor keeps for every member rather than one the list defines (Mailchimp's
   * EMAIL): it is not created or deleted, and does not count against `limits.maxFields`.
   */
  system?: boolean;
}

export interface VendorMember {
  /** The vendor's stable id for the member in this list. */
  vendorId: string;
  email: string;
  status: MemberStatus;
  fields: Record<string, unknown>;
  tags: string[];
  changedAt?: Date;
  /** Values of the manifest's record fields for this member, by field key. */
  recordFields?: Record<string, string>;
}

export interface MemberWrite {
  email: string;
  /** When the address changed in the CRM: the member to rename instead of adding a new one. */
  previousEmail?: string;
  /**
   * The last sync saw this member at the vendor. A hint only (the member may have gone since):
   * connectors without an upsert-with-status-if-new call use it to try an update first.
   */
  known?: boolean;
  /** Status for a new member only (never a blind "subscribed" for an existing one). */
  statusIfNew: 'subscribed' | 'pending';
  /** An explicit status change (unsubscribe, or a re-opt-in through pending). */
  status?: 'unsubscribed' | 'pending' | 'subscribed';
  fields: Record<string, unknown>;
  tags?: { add: string[]; remove: string[] };
  /**
   * The CRM module of the record the address belongs to, on writes of lists fed by saved views:
   * where the vendor keeps members by kind (MailUp's lead, company and contact groups).
   */
  module?: RecordModule;
}

export interface MemberWriteResult {
  email: string;
  ok: boolean;
  vendorId?: string;
  status?: MemberStatus;
  /** The write made a new member (true) or changed one the vendor had (false), when the vendor says. */
  created?: boolean;
  /** The vendor's answer, kept in the audit trail. */
  response?: Record<string, unknown>;
  /** Values of the manifest's record fields for the member written, by field key. */
  recordFields?: Record<string, string>;
  error?: { code: string; message: string; field?: string };
}

export interface MemberPage {
  members: VendorMember[];
  /** Opaque; absent on the last page. */
  nextCursor?: string;
}

/**
 * What a list fed by saved views had lost at the vendor before an update, now made again (MailUp:
 * a group someone deleted, whose members stayed on the list outside any group).
 */
export interface ListRepair {
  /** Modules whose members lost their place on the list: the update writes them again. */
  rewrite: RecordModule[];
  /** Whether the members taken off the list came back onto it: the update takes them off again. */
  reexclude: boolean;
}

/** A change the vendor told us about (webhook) or a sweep found. */
export const VENDOR_EVENT_TYPES = [
  'subscribe',
  'unsubscribe',
  'profile',
  'upemail',
  'cleaned',
  'campaign',
] as const;
export type VendorEventType = (typeof VENDOR_EVENT_TYPES)[number];

export interface VendorEvent {
  type: VendorEventType;
  listId: string;
  email: string;
  newEmail?: string;
  vendorId?: string;
  fields?: Record<string, unknown>;
  reason?: string;
  firedAt: Date;
}

export interface VendorTag {
  id: string;
  name: string;
  kind: 'tag' | 'group' | 'segment';
  memberCount?: number;
}

export interface VendorCampaign {
  id: string;
  name: string;
  subject?: string;
  listId?: string;
  status: string;
  sentAt?: Date;
  /** Report figures as the vendor counts them. */
  report?: {
    recipients: number;
    opens: number;
    uniqueOpens: number;
    clicks: number;
    uniqueClicks: number;
    bounces: number;
    unsubscribes: number;
  };
}

/** Where a campaign stands, in the framework's terms: only a DRAFT can still be sent or scheduled. */
export const CAMPAIGN_STATES = ['DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'OTHER'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** A campaign as the send screen needs it: what it is, which audience it goes to, where it stands. */
export interface VendorCampaignDraft {
  id: string;
  name: string;
  subject?: string;
  /** Its audience; a campaign without one cannot be sent. */
  listId?: string;
  listName?: string;
  state: CampaignState;
  /** The vendor's own word for the state (Mailchimp: save, schedule, sending, sent…). */
  status: string;
  /** When a SCHEDULED campaign goes out, or when a SENT one went. */
  sendAt?: Date;
}

export interface VendorCampaignActivity {
  email: string;
  events: Array<{ type: 'sent' | 'open' | 'click' | 'bounce' | 'unsubscribe'; at: Date; url?: string }>;
}

/** A recipient who unsubscribed through a campaign. */
export interface VendorUnsubscribe {
  email: string;
  at: Date;
}

/** A tracked link of a campaign with its clicks (all, and by distinct recipients). */
export interface VendorLink {
  id: string;
  url: string;
  clicks: number;
  uniqueClicks: number;
}

/** An e-commerce store of the vendor account, whose abandoned carts can become deals. */
export interface VendorStore {
  id: string;
  name: string;
  currency: string;
}

/** A line of a cart or an order: what was (or is about to be) bought, at its unit price. */
export interface VendorCartLine {
  productId: string;
  title: string;
  quantity: number;
  unitPriceCents: number;
}

export interface VendorCart {
  id: string;
  email: string;
  /** The store's id for the shopper, when the vendor has one: what its orders are filed under. */
  customerId?: string;
  currency: string;
  totalCents: number;
  checkoutUrl?: string;
  lines: VendorCartLine[];
  updatedAt: Date;
}

/** An order placed in a store (not cancelled or refunded): the sale an abandoned cart may have become. */
export interface VendorOrder {
  id: string;
  currency: string;
  /** What the customer paid: lines, shipping and taxes, less discounts. */
  totalCents: number;
  lines: VendorCartLine[];
  placedAt: Date;
}

/** Whose orders to look at for a cart that left the abandoned carts, and from when. */
export interface CartOrderQuery {
  cartId: string;
  customerId?: string;
  email?: string;
  /** Orders placed before this are not the cart's. */
  since: Date;
}
