import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { TenantScopedRepository, ValidationFailedError } from '@crm/platform';
import type { Actor } from '../access/actor';
import { assertModuleAccess } from '../access/record-visibility';
import { assertVisibleRecord, pageOfVisibleRecords } from '../activities/record-lookup';
import { Page, PageRequest, pageWindow } from '../common/paging';
import { ListRequest, pageOf } from '../common/queries';
import {
  Campaign,
  CAMPAIGN_RECIPIENT_MODULES,
  CampaignEvent,
  CampaignFigures,
  CampaignLink,
  CampaignRecipient,
  CampaignRecipientModule,
} from './campaign.entities';
import type { RecipientCounts } from './campaign-activity';

export interface CampaignView {
  id: string;
  installationId: string | null;
  connectorKey: string;
  vendorCampaignId: string;
  name: string;
  subject: string | null;
  listId: string | null;
  status: string;
  sentAt: Date | null;
  figures: CampaignFigures;
  lastRefreshedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A tracked link of the campaign with its clicks, in the vendor's report order. */
export interface CampaignLinkView {
  url: string;
  clicks: number;
  uniqueClicks: number;
}

/** One campaign as `GET /api/campaigns/:id` shows it: the list's view and its links. */
export interface CampaignDetailView extends CampaignView {
  links: CampaignLinkView[];
}

export interface CampaignListRequest extends ListRequest {
  installationId?: string;
  status?: string;
}

export interface RecipientView extends RecipientCounts {
  module: CampaignRecipientModule;
  recordId: string;
  /** The record's name as the CRM shows it. */
  recordName: string;
  email: string;
  lastEventAt: Date | null;
  events: CampaignEvent[];
}

export interface RecipientListRequest extends PageRequest {
  /** Searches the recipient's address. */
  q?: string;
  sort?: string;
}

export interface RecordCampaignActivity extends Page<RecordCampaignLine> {
  module: CampaignRecipientModule;
  recordId: string;
  /** Over every campaign that reached the record, not just this page. */
  totals: RecipientCounts & { campaigns: number };
}

export interface RecordCampaignLine extends RecipientCounts {
  campaign: Pick<CampaignView, 'id' | 'name' | 'subject' | 'status' | 'sentAt' | 'connectorKey'>;
  email: string;
  lastEventAt: Date | null;
  events: CampaignEvent[];
}

const ALIAS = 'c';
const LIST_SHAPE = {
  search: ['name', 'subject'],
  sortable: ['sentAt', 'name', 'createdAt', 'recipients', 'opens', 'clicks'],
  // Newest sent first; campaigns never sent (no sentAt) come last on both databases.
  defaultSort: '-sentAt',
} as const;
const RECIPIENT_SHAPE = {
  search: ['email'],
  sortable: ['email', 'lastEventAt', 'opened', 'clicked'],
  defaultSort: 'email',
} as const;
const COUNT_COLUMNS = ['sent', 'opened', 'clicked', 'bounced', 'unsubscribed'] as const;

/**
 * Campaigns and what they did with each contact and lead (seed 001's Campaigns module and the
 * records' campaign related list). Campaign activity is activity: reading it takes the
 * activities module; recipients and a record's activity also follow record visibility, so
 * recipients the reader may not see are left out, and a record they may not see is a 404.
 */
@Injectable()
export class CampaignsService {
  private readonly campaigns: TenantScopedRepository<Campaign>;
  private readonly recipients: TenantScopedRepository<CampaignRecipient>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.campaigns = new TenantScopedRepository(dataSource.getRepository(Campaign), 'Campaign');
    this.recipients = new TenantScopedRepository(
      dataSource.getRepository(CampaignRecipient),
      'Campaign recipient',
    );
  }

  async list(actor: Actor, request: CampaignListRequest): Promise<Page<CampaignView>> {
    assertModuleAccess(actor, 'activities');
    const query = this.campaigns.query(actor.tenantId, ALIAS);
    if (request.installationId)
      query.andWhere(`${ALIAS}.installationId = :installationId`, { installationId: request.installationId });
    if (request.status) query.andWhere(`${ALIAS}.status = :status`, { status: request.status });
    const page = await pageOf(query, ALIAS, request, LIST_SHAPE);
    return { ...page, items: page.items.map(toView) };
  }

  async get(actor: Actor, id: string): Promise<CampaignDetailView> {
    assertModuleAccess(actor, 'activities');
    const campaign = await this.campaigns.getById(actor.tenantId, id);
    const links = await this.dataSource.getRepository(CampaignLink).find({
      where: { tenantId: actor.tenantId, campaignId: campaign.id },
      order: { position: 'ASC' },
    });
    return {
      ...toView(campaign),
      links: links.map(({ url, clicks, uniqueClicks }) => ({ url, clicks, uniqueClicks })),
    };
  }

  /** The campaign's recipients matched to CRM records the reader may see, with their activity. */
  async listRecipients(
    actor: Actor,
    campaignId: string,
    request: RecipientListRequest,
  ): Promise<Page<RecipientView>> {
    assertModuleAccess(actor, 'activities');
    const campaign = await this.campaigns.getById(actor.tenantId, campaignId);
    const query = this.recipients
      .query(actor.tenantId, 'r')
      .andWhere('r.campaignId = :campaignId', { campaignId: campaign.id });
    const page = await pageOfVisibleRecords(
      this.dataSource.manager,
      actor,
      query,
      'r',
      CAMPAIGN_RECIPIENT_MODULES,
      request,
      RECIPIENT_SHAPE,
    );
    return {
      ...page,
      items: page.items.map((row) => ({
        module: row.module,
        recordId: row.recordId,
        recordName: row.recordName,
        email: row.email,
        ...countsOf(row),
        lastEventAt: row.lastEventAt,
        events: row.events,
      })),
    };
  }

  /** Totals over every campaign that reached the record, and the campaigns newest sent first. */
  async recordActivity(
    actor: Actor,
    module: CampaignRecipientModule,
    recordId: string,
    request: PageRequest,
  ): Promise<RecordCampaignActivity> {
    assertModuleAccess(actor, 'activities');
    if (!CAMPAIGN_RECIPIENT_MODULES.includes(module))
      throw ValidationFailedError.field('module', `must be one of ${CAMPAIGN_RECIPIENT_MODULES.join(', ')}`);
    assertModuleAccess(actor, module);
    await assertVisibleRecord(this.dataSource.manager, actor, module, recordId);
    const tenantId = actor.tenantId;
    const ofRecord = () =>
      this.recipients
        .query(tenantId, 'r')
        .andWhere('r.module = :module AND r.recordId = :recordId', { module, recordId });

    const sums = ofRecord().select('COUNT(*)', 'campaigns');
    for (const column of COUNT_COLUMNS) sums.addSelect(`COALESCE(SUM(r.${column}), 0)`, column);
    // MySQL answers COUNT and SUM as strings.
    const raw = (await sums.getRawOne<Record<string, string | number>>()) ?? {};
    const totals = {
      campaigns: Number(raw.campaigns ?? 0),
      ...(Object.fromEntries(
        COUNT_COLUMNS.map((c) => [c, Number(raw[c] ?? 0)]),
      ) as unknown as RecipientCounts),
    };

    const { page, pageSize, skip } = pageWindow(request);
    const rows = await ofRecord()
      .innerJoin(Campaign, 'c', 'c.id = r.campaignId AND c.tenantId = r.tenantId')
      .orderBy('c.sentAt', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .offset(skip)
      .limit(pageSize)
      .getMany();
    const campaigns = rows.length
      ? await this.campaigns.find(tenantId, { where: { id: In(rows.map((row) => row.campaignId)) } })
      : [];
    const byId = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
    return {
      module,
      recordId,
      totals,
      items: rows.map((row) => {
        const campaign = byId.get(row.campaignId)!;
        return {
          campaign: {
            id: campaign.id,
            name: campaign.name,
            subject: campaign.subject,
            status: campaign.status,
            sentAt: campaign.sentAt,
            connectorKey: campaign.connectorKey,
          },
          email: row.email,
          ...countsOf(row),
          lastEventAt: row.lastEventAt,
          events: row.events,
        };
      }),
      total: totals.campaigns,
      page,
      pageSize,
    };
  }
}

function countsOf(row: RecipientCounts): RecipientCounts {
  return {
    sent: row.sent,
    opened: row.opened,
    clicked: row.clicked,
    bounced: row.bounced,
    unsubscribed: row.unsubscribed,
  };
}

function toView(campaign: Campaign): CampaignView {
  return {
    id: campaign.id,
    installationId: campaign.installationId,
    connectorKey: campaign.connectorKey,
    vendorCampaignId: campaign.vendorCampaignId,
    name: campaign.name,
    subject: campaign.subject,
    listId: campaign.listId,
    status: campaign.status,
    sentAt: campaign.sentAt,
    figures: {
      recipients: campaign.recipients,
      opens: campaign.opens,
      uniqueOpens: campaign.uniqueOpens,
      clicks: campaign.clicks,
      uniqueClicks: campaign.uniqueClicks,
      bounces: campaign.bounces,
      unsubscribes: campaign.unsubscribes,
    },
    lastRefreshedAt: campaign.lastRefreshedAt,
    createdAt: campaign.createdAt,
    updatedAt: campaign.updatedAt,
  };
}
