import { Inject, Injectable, Logger } from '@nestjs/common';
import { TenantId } from '@crm/platform';
import {
  Campaign,
  CAMPAIGN_RECIPIENT_MODULES,
  CampaignInput,
  CampaignLink,
  CampaignRecordsService,
  ClickerInput,
  CLICKER_MODULES,
  figuresHash,
  ImportOutcome,
  normalizeEvents,
} from '@crm/core';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import {
  CampaignsCapability,
  ConnectionContext,
  hasCapability,
  LinkClicksCapability,
} from '../contract/connector';
import { ConnectorErrorCode, isConnectorError } from '../contract/connector-error';
import type { VendorCampaign, VendorCampaignActivity } from '../contract/vendor-records';
import { CRM_SYNC_PORT, CrmSyncPort } from '../engine/crm-sync.port';
import { assertImportable, requireCapability } from '../imports/import-preconditions';
import { connectorJobs } from '../scheduling/job-schedules';
import { RecordsByEmail } from './records-by-email';

/** Campaigns sent this recently have their figures refreshed and their activity read. */
export const CAMPAIGN_REFRESH_DAYS = 30;
export const CAMPAIGN_ACTIVITY_PAGE_SIZE = 200;
const DAY_MS = 24 * 3600 * 1000;
/** A connector that hands back the cursor it was given would loop for ever. */
const MAX_ACTIVITY_PAGES = 100_000;

export interface CampaignImportResult {
  /** True when every campaign of the account was read (the installation's first import). */
  full: boolean;
  campaigns: { read: number; added: number; updated: number; unchanged: number };
  activity: {
    /** Campaigns whose recipient activity was read in full. */
    campaignsRead: number;
    /** Campaigns whose report had not changed since their activity was last read: not read again. */
    campaignsUnchanged: number;
    /** Campaigns the vendor no longer had when their activity was asked for. */
    campaignsMissing: number;
    recipientsRead: number;
    /** Recipients whose address is no contact's or lead's in the CRM. */
    unknownEmails: number;
    recordsAdded: number;
    recordsUpdated: number;
    recordsUnchanged: number;
  };
  /** Tracked links with their clicks (connectors with link clicks): read with activity, or once for older campaigns. */
  links: {
    campaignsRead: number;
    campaignsMissing: number;
    /** Clickers the vendor listed, over every link read (a link without clicks is not asked). */
    clickersRead: number;
    /** Clickers whose address is no lead's, organization's or contact's in the CRM. */
    clickersUnknown: number;
    /** Link × record rows written for the clickers that were matched. */
    clickerRecords: number;
  };
}

/**
 * What a campaign import reads: `campaigns`, the campaigns with their report figures (seed
 * 004's hourly "messages"), and their recipients' activity and links too unless the connector
 * schedules CAMPAIGN_ACTIVITY apart; `activity`, that activity and those links alone (the daily
 * "sends and statistics").
 */
export type CampaignImportPart = 'campaigns' | 'activity';

type VendorEvents = VendorCampaignActivity['events'];
/** What one import shares across campaigns: who has an address, and the import's time. */
type ImportRead = { people: RecordsByEmail; now: Date };

/**
 * Brings an installation's campaigns into the CRM: every campaign on the first import, then the
 * ones sent in the last CAMPAIGN_REFRESH_DAYS (their report figures still move); and for those
 * recent ones, each recipient's activity on the contacts and leads with that address, and the
 * campaign's tracked links with their clicks and their clickers — the leads, organizations and
 * contacts whose addresses clicked (older campaigns get their links once). Every vendor call goes
 * through the installation's ConnectionContext (its account's request budget). Unchanged data
 * writes nothing, and a campaign whose report has not moved since its activity was read is not
 * read again — so activity and clicks reach a record created later only when the campaign has
 * new activity. A connector that schedules CAMPAIGN_ACTIVITY apart has it done in two parts
 * (see CampaignImportPart).
 */
@Injectable()
export class CampaignImportService {
  private readonly logger = new Logger(CampaignImportService.name);

  constructor(
    private readonly connections: ConnectionContextFactory,
    private readonly records: CampaignRecordsService,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
  ) {}

  async importCampaigns(
    tenantId: TenantId,
    installationId: string,
    options: { full: boolean; now?: Date; part?: CampaignImportPart },
  ): Promise<CampaignImportResult> {
    const now = options.now ?? new Date();
    const { installation, connector, context } = await this.connections.forInstallation(
      tenantId,
      installationId,
    );
    assertImportable(installation);
    const campaigns = requireCapability(connector, 'campaigns', 'campaigns');
    const part = options.part ?? 'campaigns';
    const readsActivity =
      part === 'activity' ||
      !connectorJobs(connector.manifest).some((job) => job.kind === 'CAMPAIGN_ACTIVITY');
    const since = new Date(now.getTime() - CAMPAIGN_REFRESH_DAYS * DAY_MS);
    const result = emptyResult(options.full);

    const vendorCampaigns = uniqueById(
      await campaigns.listCampaigns(context, options.full ? {} : { sentSince: since }),
    );
    const source = { installationId, connectorKey: installation.connectorKey, accountId: context.account.id };
    const recent: Array<{ campaign: Campaign; vendor: VendorCampaign }> = [];
    const arrived: Array<{ campaign: Campaign; vendor: VendorCampaign }> = [];
    for (const vendor of vendorCampaigns) {
      const { campaign, outcome } = await this.records.upsertCampaign(
        tenantId,
        source,
        campaignInput(vendor),
        now,
      );
      result.campaigns.read += 1;
      result.campaigns[outcome] += 1;
      if (vendor.sentAt && vendor.sentAt >= since) recent.push({ campaign, vendor });
      // Older campaigns have their links read once: when they arrive, or at the first activity
      // import when the campaigns came in apart (a full one lists every campaign).
      else if (vendor.report && (part === 'activity' ? options.full : outcome === 'added'))
        arrived.push({ campaign, vendor });
    }
    if (!readsActivity) return this.logged(tenantId, installationId, result);

    const links = hasCapability(connector, 'linkClicks') ? connector : null;
    const people = new RecordsByEmail(this.crm, tenantId);
    // Older campaigns are not refreshed: their links are read once, when they first arrive.
    if (links)
      for (const { campaign, vendor } of arrived)
        await this.whileFound(result.links, () =>
          this.importLinks(tenantId, links, context, campaign, vendor, { people, now }, result),
        );
    for (const { campaign, vendor } of recent)
      await this.importActivity(
        tenantId,
        { campaigns, links },
        context,
        campaign,
        vendor,
        { people, now },
        result,
      );

    return this.logged(tenantId, installationId, result);
  }

  private logged(
    tenantId: TenantId,
    installationId: string,
    result: CampaignImportResult,
  ): CampaignImportResult {
    this.logger.log(
      {
        tenantId,
        installationId,
        campaigns: result.campaigns,
        activity: { read: result.activity.campaignsRead, recipients: result.activity.recipientsRead },
        links: result.links.campaignsRead,
        clickers: result.links.clickersRead,
      },
      'campaigns imported',
    );
    return result;
  }

  /**
   * Reads a recent campaign's recipients (with the unsubscribes a vendor reports apart) and its
   * links, unless its report has not moved since they were last read in full.
   */
  private async importActivity(
    tenantId: TenantId,
    connector: { campaigns: CampaignsCapability; links: LinkClicksCapability | null },
    context: ConnectionContext,
    campaign: Campaign,
    vendor: VendorCampaign,
    read: ImportRead,
    result: CampaignImportResult,
  ): Promise<void> {
    const hash = vendor.report ? figuresHash(vendor.report) : null;
    if (hash && campaign.activityFiguresHash === hash) {
      result.activity.campaignsUnchanged += 1;
      return;
    }
    const found = await this.whileFound(result.activity, async () => {
      const recipient = (activity: { email: string; events: VendorEvents }) =>
        this.importRecipient(tenantId, campaign, activity, read.people, result);
      const unsubscribes = await this.unsubscribesOf(connector.campaigns, context, vendor);
      await this.readRecipients(connector.campaigns, context, vendor.id, async (activity) => {
        const email = activity.email.trim().toLowerCase();
        const extra = unsubscribes.get(email) ?? [];
        unsubscribes.delete(email);
        await recipient({ email, events: [...activity.events, ...extra] });
      });
      // Unsubscribed recipients the activity pages did not list are recipients all the same.
      for (const [email, events] of unsubscribes) await recipient({ email, events });
      if (connector.links)
        await this.importLinks(tenantId, connector.links, context, campaign, vendor, read, result);
    });
    if (!found) return;
    await this.records.markActivityRead(tenantId, campaign.id, hash);
    result.activity.campaignsRead += 1;
  }

  /** Every page of the campaign's recipients, handed to `each` in order. */
  private async readRecipients(
    connector: CampaignsCapability,
    context: ConnectionContext,
    vendorCampaignId: string,
    each: (activity: VendorCampaignActivity) => Promise<void>,
  ): Promise<void> {
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_ACTIVITY_PAGES; pages++) {
      const page = await connector.readCampaignActivity(context, vendorCampaignId, {
        cursor,
        pageSize: CAMPAIGN_ACTIVITY_PAGE_SIZE,
      });
      for (const activity of page.activity) await each(activity);
      if (!page.nextCursor || page.nextCursor === cursor) return;
      cursor = page.nextCursor;
    }
  }

  /** Unsubscribe events by address, from vendors that report them apart (none when the report counts none). */
  private async unsubscribesOf(
    connector: CampaignsCapability,
    context: ConnectionContext,
    vendor: VendorCampaign,
  ): Promise<Map<string, VendorEvents>> {
    const byEmail = new Map<string, VendorEvents>();
    if (!connector.readCampaignUnsubscribes || vendor.report?.unsubscribes === 0) return byEmail;
    for (const unsubscribe of await connector.readCampaignUnsubscribes(context, vendor.id)) {
      const email = unsubscribe.email.trim().toLowerCase();
      byEmail.set(email, [...(byEmail.get(email) ?? []), { type: 'unsubscribe', at: unsubscribe.at }]);
    }
    return byEmail;
  }

  /** The campaign's links with their clicks, then each clicked link's clickers. */
  private async importLinks(
    tenantId: TenantId,
    connector: LinkClicksCapability,
    context: ConnectionContext,
    campaign: Campaign,
    vendor: VendorCampaign,
    read: ImportRead,
    result: CampaignImportResult,
  ): Promise<void> {
    const vendorLinks = await connector.listLinks(context, vendor.id);
    const links = await this.records.replaceLinks(
      tenantId,
      campaign.id,
      vendorLinks.map((link) => ({
        vendorLinkId: link.id,
        url: link.url,
        clicks: link.clicks,
        uniqueClicks: link.uniqueClicks,
      })),
    );
    for (const link of links)
      await this.importClickers(tenantId, connector, context, vendor, link, read, result);
    result.links.campaignsRead += 1;
  }

  /**
   * Records the CRM records whose addresses clicked the link, as the vendor reports them now. A
   * link nobody clicked has no clickers to ask the vendor for.
   */
  private async importClickers(
    tenantId: TenantId,
    connector: LinkClicksCapability,
    context: ConnectionContext,
    vendor: VendorCampaign,
    link: CampaignLink,
    read: ImportRead,
    result: CampaignImportResult,
  ): Promise<void> {
    const listed: Array<{ email: string; clicks: number }> =
      link.clicks > 0 || link.uniqueClicks > 0
        ? await connector.listClickers(context, vendor.id, link.vendorLinkId)
        : [];
    const matched: ClickerInput[] = [];
    for (const clicker of listed) {
      result.links.clickersRead += 1;
      const records = await read.people.find(clicker.email, CLICKER_MODULES);
      if (records.length === 0) result.links.clickersUnknown += 1;
      for (const record of records) matched.push({ ...record, email: clicker.email, clicks: clicker.clicks });
    }
    result.links.clickerRecords += await this.records.mergeClickers(tenantId, link.id, matched, read.now);
  }

  /**
   * Runs vendor reads about one campaign; a campaign deleted at the vendor since it was listed
   * is counted as missing (its figures stay as last read) and answers false.
   */
  private async whileFound(
    counts: { campaignsMissing: number },
    read: () => Promise<void>,
  ): Promise<boolean> {
    try {
      await read();
      return true;
    } catch (error) {
      if (!isConnectorError(error) || error.code !== ConnectorErrorCode.NOT_FOUND) throw error;
      counts.campaignsMissing += 1;
      return false;
    }
  }

  private async importRecipient(
    tenantId: TenantId,
    campaign: Campaign,
    activity: { email: string; events: VendorEvents },
    people: RecordsByEmail,
    result: CampaignImportResult,
  ): Promise<void> {
    result.activity.recipientsRead += 1;
    const email = activity.email.trim().toLowerCase();
    const records = await people.find(email, CAMPAIGN_RECIPIENT_MODULES);
    if (records.length === 0) {
      result.activity.unknownEmails += 1;
      return;
    }
    const events = normalizeEvents(activity.events);
    for (const record of records) {
      const outcome: ImportOutcome = await this.records.recordRecipient(tenantId, campaign, {
        ...record,
        email,
        events,
      });
      const key = (
        { added: 'recordsAdded', updated: 'recordsUpdated', unchanged: 'recordsUnchanged' } as const
      )[outcome];
      result.activity[key] += 1;
    }
  }
}

function campaignInput(vendor: VendorCampaign): CampaignInput {
  return {
    vendorCampaignId: vendor.id,
    name: vendor.name,
    subject: vendor.subject ?? null,
    listId: vendor.listId ?? null,
    status: vendor.status,
    sentAt: vendor.sentAt ? new Date(vendor.sentAt.valueOf()) : null,
    figures: vendor.report,
  };
}

function uniqueById(campaigns: VendorCampaign[]): VendorCampaign[] {
  return [...new Map(campaigns.map((campaign) => [campaign.id, campaign])).values()];
}

function emptyResult(full: boolean): CampaignImportResult {
  return {
    full,
    campaigns: { read: 0, added: 0, updated: 0, unchanged: 0 },
    activity: {
      campaignsRead: 0,
      campaignsUnchanged: 0,
      campaignsMissing: 0,
      recipientsRead: 0,
      unknownEmails: 0,
      recordsAdded: 0,
      recordsUpdated: 0,
      recordsUnchanged: 0,
    },
    links: { campaignsRead: 0, campaignsMissing: 0, clickersRead: 0, clickersUnknown: 0, clickerRecords: 0 },
  };
}
