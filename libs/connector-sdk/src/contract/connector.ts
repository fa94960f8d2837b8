import type { TenantId } from '@crm/platform';
import type { ConnectorManifest } from './manifest';
import type {
  CartOrderQuery,
  VendorCampaign,
  VendorCampaignActivity,
  VendorCampaignDraft,
  VendorCart,
  VendorOrder,
  VendorLink,
  VendorStore,
  VendorTag,
  VendorUnsubscribe,
  ListRepair,
  MemberPage,
  MemberWrite,
  MemberWriteResult,
  VendorEvent,
  VendorField,
  VendorList,
} from './vendor-records';

/** Runs one vendor call within the account's shared request budget. */
export interface RequestBudget {
  run<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * Everything a connector gets for one call: who, with which decrypted credentials, through which
 * budget. Connectors keep no state between calls; persistence lives in the engine.
 */
export interface ConnectionContext {
  tenantId: TenantId;
  installationId: string;
  credentials: Readonly<Record<string, string>>;
  /** Non-secret facts learned at connect time (e.g. Mailchimp's data center and API endpoint). */
  account: { id: string; label: string; metadata: Readonly<Record<string, unknown>> };
  budget: RequestBudget;
  /**
   * Given when the connector refreshes its credentials (`refreshCredentials`): refreshes them once
   * for every caller of the installation at that moment, stores them sealed and puts them in
   * `credentials` and `account`; credentials another process stored since this context was made
   * are taken instead. Connectors whose access tokens expire call it when a token has expired,
   * then repeat the refused call once; AUTH_REVOKED when the vendor refuses the refresh.
   */
  renewCredentials?(): Promise<void>;
}

/** What authorizing produces; the framework encrypts `credentials` before storing them. */
export interface ConnectedAccount {
  /** The vendor account's id: installations of the same account share a request budget. */
  accountId: string;
  label: string;
  credentials: Record<string, string>;
  metadata: Record<string, unknown>;
  /** When the access token expires, if it does. */
  expiresAt?: Date;
}

export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
  raw: Record<string, unknown>;
}

/** Base contract: a manifest, a way to connect, and a health check. */
export interface Connector {
  readonly manifest: ConnectorManifest;
  /** OAuth post-connect step: learn the account (Mailchimp: data center from the metadata endpoint). */
  completeOAuth?(tokens: OAuthTokens): Promise<ConnectedAccount>;
  /** Credential-based connect: validate the input against the vendor and describe the account. */
  connectWithCredentials?(input: Record<string, string>): Promise<ConnectedAccount>;
  /** Refreshes expiring credentials; returns the new ones, or throws AUTH_REVOKED. */
  refreshCredentials?(context: ConnectionContext): Promise<ConnectedAccount>;
  /** A cheap authenticated call; throws a ConnectorError (AUTH_REVOKED when access is gone). */
  checkHealth(context: ConnectionContext): Promise<void>;
  /** OAuth client settings (the sandbox's when none are configured). */
  oauthClient?(): { clientId: string; clientSecret: string; authorizationUrl: string; tokenUrl: string };
}

export interface ListsCapability {
  listLists(context: ConnectionContext): Promise<VendorList[]>;
}

export interface MembersCapability {
  readMembers(
    context: ConnectionContext,
    listId: string,
    options: { cursor?: string; changedSince?: Date; pageSize: number },
  ): Promise<MemberPage>;
  /** Writes at most `manifest.limits.maxBatchSize` members; one result per write, in order. */
  writeMembers(
    context: ConnectionContext,
    listId: string,
    writes: MemberWrite[],
  ): Promise<MemberWriteResult[]>;
  /**
   * Takes these members off the list without touching their consent (Mailchimp archives them,
   * MailUp moves them to its excluded group); a later write with `statusIfNew` brings one back.
   * At most `manifest.limits.maxBatchSize` addresses; one result per address, in order, with
   * status `archived` on success.
   */
  removeMembers?(context: ConnectionContext, listId: string, emails: string[]): Promise<MemberWriteResult[]>;
  /**
   * Lists fed by saved views: before an update writes the list, makes again what the list's
   * writes need that someone removed at the vendor (MailUp: the group of a CRM module, `esclusi`),
   * and says whose place was lost with it, so the update puts them back.
   */
  repairList?(context: ConnectionContext, listId: string): Promise<ListRepair>;
}

export interface FieldsCapability {
  listFields(context: ConnectionContext, listId: string): Promise<VendorField[]>;
  createField?(
    context: ConnectionContext,
    listId: string,
    field: Omit<VendorField, 'key'> & { key?: string },
  ): Promise<VendorField>;
}

export interface WebhooksCapability {
  registerWebhook(context: ConnectionContext, listId: string, url: string): Promise<{ webhookId: string }>;
  removeWebhook(context: ConnectionContext, listId: string, webhookId: string): Promise<void>;
  /** Parses a vendor POST; throws ConnectorError(VALIDATION) on a malformed body. */
  parseWebhook(body: unknown, contentType: string | undefined): VendorEvent[];
}

export interface TagChange {
  email: string;
  add: string[];
  remove: string[];
}

/** Tags (Mailchimp) or groups (MailUp) on members of a list. */
export interface TagsCapability {
  listTags(context: ConnectionContext, listId: string): Promise<VendorTag[]>;
  applyTags(context: ConnectionContext, listId: string, changes: TagChange[]): Promise<MemberWriteResult[]>;
}

/** Static segments built from CRM selections (chunked by the vendor's per-call cap). */
export interface SegmentsCapability {
  /** The list's segments; where static segments are the vendor's tags (Mailchimp) they come as kind `tag`. */
  listSegments(context: ConnectionContext, listId: string): Promise<VendorTag[]>;
  createStaticSegment(
    context: ConnectionContext,
    listId: string,
    name: string,
    emails: string[],
  ): Promise<VendorTag>;
}

export interface CampaignsCapability {
  listCampaigns(context: ConnectionContext, options: { sentSince?: Date }): Promise<VendorCampaign[]>;
  /** Per-recipient activity of one campaign, paged: each recipient once. */
  readCampaignActivity(
    context: ConnectionContext,
    campaignId: string,
    options: { cursor?: string; pageSize: number },
  ): Promise<{ activity: VendorCampaignActivity[]; nextCursor?: string }>;
  /**
   * For vendors whose activity pages leave unsubscribes out (Mailchimp reports them apart): the
   * recipients who unsubscribed through the campaign, and when. A small list next to the
   * recipients; the import adds each to that recipient's activity.
   */
  readCampaignUnsubscribes?(context: ConnectionContext, campaignId: string): Promise<VendorUnsubscribe[]>;
}

/**
 * Sending saved campaigns to a chosen set of members: the original stays a reusable draft, and
 * each send goes out as a copy addressed to one static segment of the campaign's audience.
 */
export interface CampaignSendingCapability {
  /** The account's campaigns that can still be sent (drafts with an audience). */
  listSendableCampaigns(context: ConnectionContext): Promise<VendorCampaignDraft[]>;
  /** One campaign, whatever its state; null when the account has no such campaign. */
  getCampaign(context: ConnectionContext, campaignId: string): Promise<VendorCampaignDraft | null>;
  /** A copy of the campaign, titled `title`, addressed to this static segment of its audience. */
  replicateToSegment(
    context: ConnectionContext,
    campaignId: string,
    segmentId: string,
    title: string,
  ): Promise<VendorCampaignDraft>;
  sendCampaign(context: ConnectionContext, campaignId: string): Promise<void>;
  /** `at` is in the future and on the manifest's `limits.scheduleStepMinutes`. */
  scheduleCampaign(context: ConnectionContext, campaignId: string, at: Date): Promise<void>;
}

export interface LinkClicksCapability {
  listLinks(context: ConnectionContext, campaignId: string): Promise<VendorLink[]>;
  listClickers(
    context: ConnectionContext,
    campaignId: string,
    linkId: string,
  ): Promise<Array<{ email: string; clicks: number }>>;
}

export interface EcommerceCartsCapability {
  listStores(context: ConnectionContext): Promise<VendorStore[]>;
  listAbandonedCarts(
    context: ConnectionContext,
    storeId: string,
    options: { cursor?: string },
  ): Promise<{ carts: VendorCart[]; nextCursor?: string }>;
  /**
   * Optional: the orders the cart's customer placed in the store since `query.since` (oldest
   * first, cancelled and refunded ones left out), and the order filed under the cart's own id if
   * the store files them so. Without it a cart that leaves the abandoned carts counts as ordered.
   */
  findOrdersForCart?(
    context: ConnectionContext,
    storeId: string,
    query: CartOrderQuery,
  ): Promise<VendorOrder[]>;
}

export type CapabilityImplementations = {
  lists: ListsCapability;
  members: MembersCapability;
  fields: FieldsCapability;
  tags: TagsCapability;
  segments: SegmentsCapability;
  campaigns: CampaignsCapability;
  campaignSending: CampaignSendingCapability;
  linkClicks: LinkClicksCapability;
  ecommerceCarts: EcommerceCartsCapability;
  webhooks: WebhooksCapability;
};

/** Narrows a connector to one capability, checked against its manifest. */
export function hasCapability<K extends keyof CapabilityImplementations>(
  connector: Connector,
  capability: K,
): connector is Connector & CapabilityImplementations[K] {
  return connector.manifest.capabilities.includes(capability);
}
