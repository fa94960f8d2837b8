import {
  CampaignSendingCapability,
  CampaignsCapability,
  CartOrderQuery,
  ConnectedAccount,
  ConnectionContext,
  Connector,
  ConnectorPlugin,
  EcommerceCartsCapability,
  FieldsCapability,
  LinkClicksCapability,
  ListsCapability,
  MembersCapability,
  MemberPage,
  MemberWrite,
  MemberWriteResult,
  OAuthTokens,
  SegmentsCapability,
  TagChange,
  TagsCapability,
  VendorCampaign,
  VendorCampaignActivity,
  VendorCampaignDraft,
  VendorCart,
  VendorEvent,
  VendorField,
  VendorLink,
  VendorList,
  VendorOrder,
  VendorStore,
  VendorTag,
  VendorUnsubscribe,
  WebhooksCapability,
} from '@crm/connector-sdk';
import { connectWithApiKey, connectWithOAuth } from './mailchimp-accounts';
import * as campaigns from './mailchimp-campaigns';
import * as sending from './campaigns/campaign-sending';
import { createMergeField, listAudiences, listMergeFields } from './mailchimp-catalog';
import { MailchimpClients, MailchimpSession } from './mailchimp-client';
import * as ecommerce from './mailchimp-ecommerce';
import { MailchimpEndpoints } from './mailchimp-endpoints';
import { mailchimpManifest } from './mailchimp.manifest';
import { readMembers } from './members/member-reads';
import { removeMembers, writeMembers } from './members/member-writes';
import { applyTagChanges, listTags } from './members/member-tags';
import { createStaticSegment, listSegments } from './segments/static-segments';
import { parseWebhookForm } from './webhooks/webhook-events';
import { registerWebhook, removeWebhook } from './webhooks/webhook-registration';

/**
 * Mailchimp through its official client (one instance per installation). Stateless: every call
 * gets its account, credentials and request budget from the framework's connection context.
 */
@ConnectorPlugin()
export class MailchimpConnector
  implements
    Connector,
    ListsCapability,
    MembersCapability,
    FieldsCapability,
    TagsCapability,
    SegmentsCapability,
    CampaignsCapability,
    CampaignSendingCapability,
    LinkClicksCapability,
    EcommerceCartsCapability,
    WebhooksCapability
{
  readonly manifest = mailchimpManifest;
  private readonly clients = new MailchimpClients();

  constructor(private readonly endpoints: MailchimpEndpoints) {}

  private session(context: ConnectionContext): MailchimpSession {
    return this.clients.session(context);
  }

  oauthClient() {
    return { ...this.endpoints.oauthClient(), ...this.endpoints.oauth() };
  }

  completeOAuth(tokens: OAuthTokens): Promise<ConnectedAccount> {
    return connectWithOAuth(this.endpoints, tokens);
  }

  connectWithCredentials(input: Record<string, string>): Promise<ConnectedAccount> {
    return connectWithApiKey(this.endpoints, input);
  }

  async checkHealth(context: ConnectionContext): Promise<void> {
    await this.session(context).call((api) => api.ping.get());
  }

  listLists(context: ConnectionContext): Promise<VendorList[]> {
    return listAudiences(this.session(context));
  }

  readMembers(
    context: ConnectionContext,
    listId: string,
    options: { cursor?: string; changedSince?: Date; pageSize: number },
  ): Promise<MemberPage> {
    return readMembers(this.session(context), listId, options);
  }

  writeMembers(
    context: ConnectionContext,
    listId: string,
    writes: MemberWrite[],
  ): Promise<MemberWriteResult[]> {
    return writeMembers(this.session(context), listId, writes);
  }

  removeMembers(context: ConnectionContext, listId: string, emails: string[]): Promise<MemberWriteResult[]> {
    return removeMembers(this.session(context), listId, emails);
  }

  listFields(context: ConnectionContext, listId: string): Promise<VendorField[]> {
    return listMergeFields(this.session(context), listId);
  }

  createField(
    context: ConnectionContext,
    listId: string,
    field: Omit<VendorField, 'key'> & { key?: string },
  ): Promise<VendorField> {
    return createMergeField(this.session(context), listId, field);
  }

  listTags(context: ConnectionContext, listId: string): Promise<VendorTag[]> {
    return listTags(this.session(context), listId);
  }

  applyTags(context: ConnectionContext, listId: string, changes: TagChange[]): Promise<MemberWriteResult[]> {
    return applyTagChanges(this.session(context), listId, changes);
  }

  listSegments(context: ConnectionContext, listId: string): Promise<VendorTag[]> {
    return listSegments(this.session(context), listId);
  }

  createStaticSegment(
    context: ConnectionContext,
    listId: string,
    name: string,
    emails: string[],
  ): Promise<VendorTag> {
    return createStaticSegment(this.session(context), listId, name, emails);
  }

  listCampaigns(context: ConnectionContext, options: { sentSince?: Date }): Promise<VendorCampaign[]> {
    return campaigns.listCampaigns(this.session(context), options);
  }

  readCampaignActivity(
    context: ConnectionContext,
    campaignId: string,
    options: { cursor?: string; pageSize: number },
  ): Promise<{ activity: VendorCampaignActivity[]; nextCursor?: string }> {
    return campaigns.readCampaignActivity(this.session(context), campaignId, options);
  }

  readCampaignUnsubscribes(context: ConnectionContext, campaignId: string): Promise<VendorUnsubscribe[]> {
    return campaigns.readCampaignUnsubscribes(this.session(context), campaignId);
  }

  listSendableCampaigns(context: ConnectionContext): Promise<VendorCampaignDraft[]> {
    return sending.listSendableCampaigns(this.session(context));
  }

  getCampaign(context: ConnectionContext, campaignId: string): Promise<VendorCampaignDraft | null> {
    return sending.getCampaign(this.session(context), campaignId);
  }

  replicateToSegment(
    context: ConnectionContext,
    campaignId: string,
    segmentId: string,
    title: string,
  ): Promise<VendorCampaignDraft> {
    return sending.replicateToSegment(this.session(context), campaignId, segmentId, title);
  }

  sendCampaign(context: ConnectionContext, campaignId: string): Promise<void> {
    return sending.sendCampaign(this.session(context), campaignId);
  }

  scheduleCampaign(context: ConnectionContext, campaignId: string, at: Date): Promise<void> {
    return sending.scheduleCampaign(this.session(context), campaignId, at);
  }

  listLinks(context: ConnectionContext, campaignId: string): Promise<VendorLink[]> {
    return campaigns.listLinks(this.session(context), campaignId);
  }

  listClickers(
    context: ConnectionContext,
    campaignId: string,
    linkId: string,
  ): Promise<Array<{ email: string; clicks: number }>> {
    return campaigns.listClickers(this.session(context), campaignId, linkId);
  }

  listStores(context: ConnectionContext): Promise<VendorStore[]> {
    return ecommerce.listStores(this.session(context));
  }

  listAbandonedCarts(
    context: ConnectionContext,
    storeId: string,
    options: { cursor?: string },
  ): Promise<{ carts: VendorCart[]; nextCursor?: string }> {
    return ecommerce.listAbandonedCarts(this.session(context), storeId, options);
  }

  findOrdersForCart(
    context: ConnectionContext,
    storeId: string,
    query: CartOrderQuery,
  ): Promise<VendorOrder[]> {
    return ecommerce.findOrdersForCart(this.session(context), storeId, query);
  }

  registerWebhook(context: ConnectionContext, listId: string, url: string): Promise<{ webhookId: string }> {
    return registerWebhook(this.session(context), listId, url);
  }

  removeWebhook(context: ConnectionContext, listId: string, webhookId: string): Promise<void> {
    return removeWebhook(this.session(context), listId, webhookId);
  }

  parseWebhook(body: unknown): VendorEvent[] {
    return parseWebhookForm(body);
  }
}
