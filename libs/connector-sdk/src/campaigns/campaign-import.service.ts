import { Inject, Injectable, Logger } from '@nestjs/common';
import { TenantId } from '@crm/platform';
import {
  Campaign,
  CampaignInput,
  CampaignRecipientModule,
  CampaignRecordsService,
  figuresHash,
  ImportOutcome,
  normalizeEvents,
} from '@crm/core';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import type { CampaignsCapability, ConnectionContext } from '../contract/connector';
import { ConnectorErrorCode, isConnectorError } from '../contract/connector-error';
import type { VendorCampaign } from '../contract/vendor-records';
import { CRM_SYNC_PORT, CrmSyncPort } from '../engine/crm-sync.port';
import { assertImportable, requireCapability } from '../imports/import-preconditions';

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
}

type Recipient = { module: CampaignRecipientModule; recordId: string };

/**
 * Brings an installation's campaigns into the CRM: every campaign on the first import, then the
 * ones sent in the last CAMPAIGN_REFRESH_DAYS (their report figures still move); and for those
 * recent ones, each recipient's activity on the contacts and leads with that address. Every
 * vendor call goes through the installation's ConnectionContext (its account's request budget).
 * Unchanged data writes nothing, and a campaign whose report has not moved since its activity was
 * read is not read again — so activity reaches a contact created later only when the campaign
 * has new activity.
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
    options: { full: boolean; now?: Date },
  ): Promise<CampaignImportResult> {
    const now = options.now ?? new Date();
    const { installation, connector, context } = await this.connections.forInstallation(
      tenantId,
      installationId,
    );
    assertImportable(installation);
    const campaigns = requireCapability(connector, 'campaigns', 'campaigns');
    const since = new Date(now.getTime() - CAMPAIGN_REFRESH_DAYS * DAY_MS);
    const result = emptyResult(options.full);

    const vendorCampaigns = uniqueById(
      await campaigns.listCampaigns(context, options.full ? {} : { sentSince: since }),
    );
    const source = { installationId, connectorKey: installation.connectorKey, accountId: context.account.id };
    const recent: Array<{ campaign: Campaign; vendor: VendorCampaign }> = [];
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
    }

    const recipientsByEmail = new Map<string, Recipient[]>();
    for (const { campaign, vendor } of recent)
      await this.importActivity(tenantId, campaigns, context, campaign, vendor, recipientsByEmail, result);

    this.logger.log(
      {
        tenantId,
        installationId,
        campaigns: result.campaigns,
        activity: { read: result.activity.campaignsRead, recipients: result.activity.recipientsRead },
      },
      'campaigns imported',
    );
    return result;
  }

  private async importActivity(
    tenantId: TenantId,
    connector: CampaignsCapability,
    context: ConnectionContext,
    campaign: Campaign,
    vendor: VendorCampaign,
    recipientsByEmail: Map<string, Recipient[]>,
    result: CampaignImportResult,
  ): Promise<void> {
    const hash = vendor.report ? figuresHash(vendor.report) : null;
    if (hash && campaign.activityFiguresHash === hash) {
      result.activity.campaignsUnchanged += 1;
      return;
    }
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_ACTIVITY_PAGES; pages++) {
      let page: Awaited<ReturnType<CampaignsCapability['readCampaignActivity']>>;
      try {
        page = await connector.readCampaignActivity(context, vendor.id, {
          cursor,
          pageSize: CAMPAIGN_ACTIVITY_PAGE_SIZE,
        });
      } catch (error) {
        // Deleted at the vendor since it was listed: its figures stay as last read.
        if (isConnectorError(error) && error.code === ConnectorErrorCode.NOT_FOUND) {
          result.activity.campaignsMissing += 1;
          return;
        }
        throw error;
      }
      for (const activity of page.activity)
        await this.importRecipient(tenantId, campaign, activity, recipientsByEmail, result);
      if (!page.nextCursor || page.nextCursor === cursor) break;
      cursor = page.nextCursor;
    }
    await this.records.markActivityRead(tenantId, campaign.id, hash);
    result.activity.campaignsRead += 1;
  }

  private async importRecipient(
    tenantId: TenantId,
    campaign: Campaign,
    activity: { email: string; events: Parameters<typeof normalizeEvents>[0] },
    recipientsByEmail: Map<string, Recipient[]>,
    result: CampaignImportResult,
  ): Promise<void> {
    result.activity.recipientsRead += 1;
    const email = activity.email.trim().toLowerCase();
    const records = await this.recipientsOf(tenantId, email, recipientsByEmail);
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

  /** The contacts and leads with this address (looked up once per import). */
  private async recipientsOf(
    tenantId: TenantId,
    email: string,
    cache: Map<string, Recipient[]>,
  ): Promise<Recipient[]> {
    const known = cache.get(email);
    if (known) return known;
    const found = new Map<string, Recipient>();
    for (const subscriber of await this.crm.findByEmail(tenantId, email)) {
      if (subscriber.module !== 'contacts' && subscriber.module !== 'leads') continue;
      found.set(`${subscriber.module}:${subscriber.recordId}`, {
        module: subscriber.module,
        recordId: subscriber.recordId,
      });
    }
    const records = [...found.values()];
    cache.set(email, records);
    return records;
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
  };
}
