import {
  CampaignsCapability,
  ConnectedAccount,
  ConnectionContext,
  Connector,
  ConnectorPlugin,
  FieldsCapability,
  LinkClicksCapability,
  ListRepair,
  ListsCapability,
  MembersCapability,
  MemberPage,
  MemberWrite,
  MemberWriteResult,
  OAuthTokens,
  TagChange,
  TagsCapability,
  VendorCampaign,
  VendorCampaignActivity,
  VendorField,
  VendorLink,
  VendorList,
  VendorTag,
} from '@crm/connector-sdk';
import { applyTags, listTags } from './groups/group-tags';
import { repairListGroups } from './groups/list-groups';
import { connectWithOAuth, connectWithPassword, refreshAccount } from './mailup-accounts';
import { accessOf, MailupClient } from './mailup-client';
import { MailupEndpoints } from './mailup-endpoints';
import { listFields } from './mailup-fields';
import { listLists } from './mailup-lists';
import { mailupManifest } from './mailup.manifest';
import { readCampaignActivity } from './messages/message-activity';
import { listClickers, listLinks } from './messages/message-links';
import { listCampaigns } from './messages/message-list';
import { readMembers } from './recipients/recipient-reads';
import { removeMembers } from './recipients/recipient-removals';
import { writeMembers } from './recipients/recipient-writes';

/**
 * MailUp through a small fetch client (MailUp has no npm one). Stateless: every call gets a
 * client for its connection context — the account's token, its request budget (5 calls a
 * second) and the framework's credential renewal — and nothing is kept between calls.
 */
@ConnectorPlugin()
export class MailupConnector
  implements
    Connector,
    ListsCapability,
    MembersCapability,
    FieldsCapability,
    TagsCapability,
    CampaignsCapability,
    LinkClicksCapability
{
  readonly manifest = mailupManifest;

  constructor(private readonly endpoints: MailupEndpoints) {}

  private client(context: ConnectionContext): MailupClient {
    return new MailupClient(this.endpoints.urls(), accessOf(context));
  }

  oauthClient() {
    const { logOnUrl, tokenUrl } = this.endpoints.urls();
    return { ...this.endpoints.oauthClient(), authorizationUrl: logOnUrl, tokenUrl };
  }

  completeOAuth(tokens: OAuthTokens): Promise<ConnectedAccount> {
    return connectWithOAuth(this.endpoints, tokens);
  }

  connectWithCredentials(input: Record<string, string>): Promise<ConnectedAccount> {
    return connectWithPassword(this.endpoints, input);
  }

  refreshCredentials(context: ConnectionContext): Promise<ConnectedAccount> {
    return refreshAccount(this.endpoints, context);
  }

  async checkHealth(context: ConnectionContext): Promise<void> {
    await this.client(context).console('/Console/Authentication/Info');
  }

  listLists(context: ConnectionContext): Promise<VendorList[]> {
    return listLists(this.client(context));
  }

  readMembers(
    context: ConnectionContext,
    listId: string,
    options: { cursor?: string; changedSince?: Date; pageSize: number },
  ): Promise<MemberPage> {
    return readMembers(this.client(context), listId, options);
  }

  writeMembers(
    context: ConnectionContext,
    listId: string,
    writes: MemberWrite[],
  ): Promise<MemberWriteResult[]> {
    return writeMembers(this.client(context), listId, writes);
  }

  removeMembers(context: ConnectionContext, listId: string, emails: string[]): Promise<MemberWriteResult[]> {
    return removeMembers(this.client(context), listId, emails);
  }

  /** The list's CRM groups and `esclusi`, made again where someone deleted them in MailUp. */
  repairList(context: ConnectionContext, listId: string): Promise<ListRepair> {
    return repairListGroups(this.client(context), listId);
  }

  /** Dynamic fields are the account's, the same for every list. */
  listFields(context: ConnectionContext): Promise<VendorField[]> {
    return listFields(this.client(context));
  }

  listTags(context: ConnectionContext, listId: string): Promise<VendorTag[]> {
    return listTags(this.client(context), listId);
  }

  applyTags(context: ConnectionContext, listId: string, changes: TagChange[]): Promise<MemberWriteResult[]> {
    return applyTags(this.client(context), listId, changes);
  }

  listCampaigns(context: ConnectionContext, options: { sentSince?: Date }): Promise<VendorCampaign[]> {
    return listCampaigns(this.client(context), options);
  }

  readCampaignActivity(
    context: ConnectionContext,
    campaignId: string,
    options: { cursor?: string; pageSize: number },
  ): Promise<{ activity: VendorCampaignActivity[]; nextCursor?: string }> {
    return readCampaignActivity(this.client(context), campaignId, options);
  }

  listLinks(context: ConnectionContext, campaignId: string): Promise<VendorLink[]> {
    return listLinks(this.client(context), campaignId);
  }

  listClickers(
    context: ConnectionContext,
    campaignId: string,
    linkId: string,
  ): Promise<Array<{ email: string; clicks: number }>> {
    return listClickers(this.client(context), campaignId, linkId);
  }
}
