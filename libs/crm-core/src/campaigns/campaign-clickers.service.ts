import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { NotFoundError, TenantScopedRepository, ValidationFailedError } from '@crm/platform';
import type { Actor } from '../access/actor';
import { assertModuleAccess } from '../access/record-visibility';
import { pageOfVisibleRecords, visibleRecordClauses, visibleRecordIds } from '../activities/record-lookup';
import { Page } from '../common/paging';
import { ListRequest, pageOf } from '../common/queries';
import {
  Campaign,
  CampaignLink,
  CampaignLinkClicker,
  CLICKER_MODULES,
  ClickerModule,
} from './campaign.entities';

/** A tracked link of a campaign, with the clickers the reader may see per module. */
export interface TrackedLinkView {
  id: string;
  url: string;
  /** The link's place in the vendor's report (0 first). */
  position: number;
  clicks: number;
  uniqueClicks: number;
  clickers: Record<ClickerModule, number>;
}

/** A CRM record that clicked the link, as the clickers list shows it. */
export interface ClickerView {
  module: ClickerModule;
  recordId: string;
  /** The record's name as the CRM shows it. */
  recordName: string;
  email: string;
  clicks: number;
  lastImportedAt: Date;
}

export interface ClickerListRequest extends ListRequest {
  /** Only clickers of this module (leads, organizations or contacts). */
  module?: ClickerModule;
}

/** Which of a link's clickers an action is for: some records of one module, or all of them. */
export interface ClickerSelection {
  module: ClickerModule;
  recordIds?: string[];
  all?: boolean;
}

export const CLICKER_REJECTIONS = {
  notFound: 'not found',
  notClicker: 'not a clicker of this link',
} as const;

/** A selected record an action left alone, and why. */
export interface RejectedClicker {
  recordId: string;
  reason: (typeof CLICKER_REJECTIONS)[keyof typeof CLICKER_REJECTIONS];
}

export interface ResolvedSelection {
  module: ClickerModule;
  link: CampaignLink;
  /** Clickers of the link the actor may see: what the action applies to. */
  recordIds: string[];
  rejected: RejectedClicker[];
}

const LINK_SHAPE = {
  search: ['url'],
  sortable: ['position', 'clicks', 'uniqueClicks', 'url'],
  defaultSort: 'position',
} as const;
const CLICKER_SHAPE = {
  search: ['email'],
  sortable: ['clicks', 'email', 'lastImportedAt'],
  defaultSort: '-clicks',
} as const;

/**
 * A campaign's tracked links and, for each, its clickers: the leads, organizations and contacts
 * whose addresses clicked it (seed 004, "Links e cliccatori"). Like recipients, clickers are
 * campaign activity (the activities module) and follow record visibility: a reader sees only the
 * clickers whose records they may see, and acts only on those.
 */
@Injectable()
export class CampaignClickersService {
  private readonly campaigns: TenantScopedRepository<Campaign>;
  private readonly links: TenantScopedRepository<CampaignLink>;
  private readonly clickers: TenantScopedRepository<CampaignLinkClicker>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.campaigns = new TenantScopedRepository(dataSource.getRepository(Campaign), 'Campaign');
    this.links = new TenantScopedRepository(dataSource.getRepository(CampaignLink), 'Campaign link');
    this.clickers = new TenantScopedRepository(dataSource.getRepository(CampaignLinkClicker), 'Link clicker');
  }

  /** The campaign's links in the vendor's report order, each with its visible clickers per module. */
  async listLinks(actor: Actor, campaignId: string, request: ListRequest): Promise<Page<TrackedLinkView>> {
    assertModuleAccess(actor, 'activities');
    const campaign = await this.campaigns.getById(actor.tenantId, campaignId);
    const query = this.links
      .query(actor.tenantId, 'l')
      .andWhere('l.campaignId = :campaignId', { campaignId: campaign.id });
    const page = await pageOf(query, 'l', request, LINK_SHAPE);
    const counts = await this.visibleCounts(
      actor,
      page.items.map((link) => link.id),
    );
    return {
      ...page,
      items: page.items.map((link) => ({
        id: link.id,
        url: link.url,
        position: link.position,
        clicks: link.clicks,
        uniqueClicks: link.uniqueClicks,
        clickers: counts.get(link.id) ?? zeroCounts(),
      })),
    };
  }

  /** The link's clickers the reader may see, most clicks first; `module` narrows them to one module. */
  async listClickers(
    actor: Actor,
    campaignId: string,
    linkId: string,
    request: ClickerListRequest,
  ): Promise<Page<ClickerView>> {
    const modules = this.readableModules(actor, request.module);
    const link = await this.linkOf(actor, campaignId, linkId);
    const query = this.clickers
      .query(actor.tenantId, 'k')
      .andWhere('k.campaignLinkId = :linkId', { linkId: link.id });
    const page = await pageOfVisibleRecords(
      this.dataSource.manager,
      actor,
      query,
      'k',
      modules,
      request,
      CLICKER_SHAPE,
    );
    return {
      ...page,
      items: page.items.map((row) => ({
        module: row.module,
        recordId: row.recordId,
        recordName: row.recordName,
        email: row.email,
        clicks: row.clicks,
        lastImportedAt: row.lastImportedAt,
      })),
    };
  }

  /**
   * The records an action on the link's clickers applies to: every visible clicker of the
   * module (`all`), or the given ids that are. Ids the reader may not see are "not found" (as
   * if they did not exist); visible records that did not click the link are reported as such.
   * A selection that leaves nothing to act on is a 400.
   */
  async resolveSelection(
    actor: Actor,
    campaignId: string,
    linkId: string,
    selection: ClickerSelection,
  ): Promise<ResolvedSelection> {
    assertModuleAccess(actor, 'activities');
    if (!CLICKER_MODULES.includes(selection.module))
      throw ValidationFailedError.field('module', `must be one of ${CLICKER_MODULES.join(', ')}`);
    assertModuleAccess(actor, selection.module);
    const ids = [...new Set(selection.recordIds ?? [])];
    if (selection.all === true && selection.recordIds !== undefined)
      throw ValidationFailedError.field('all', 'give either recordIds or all: true, not both');
    if (selection.all !== true && ids.length === 0)
      throw ValidationFailedError.field('recordIds', 'give at least one record id, or all: true');
    const { module } = selection;
    const link = await this.linkOf(actor, campaignId, linkId);
    if (selection.all === true) {
      const recordIds = await this.visibleClickerIds(actor, link.id, module);
      if (recordIds.length === 0)
        throw ValidationFailedError.field(
          'all',
          `the link has no ${module} among its clickers that you may see`,
        );
      return { module, link, recordIds, rejected: [] };
    }
    const visible = await visibleRecordIds(this.dataSource.manager, actor.tenantId, actor, module, ids);
    const clicked = new Set(
      (
        await this.clickers.find(actor.tenantId, {
          where: { campaignLinkId: link.id, module, recordId: In(ids) },
          select: ['recordId'],
        })
      ).map((row) => row.recordId),
    );
    const recordIds: string[] = [];
    const rejected: RejectedClicker[] = [];
    for (const recordId of ids) {
      if (!visible.has(recordId)) rejected.push({ recordId, reason: CLICKER_REJECTIONS.notFound });
      else if (!clicked.has(recordId)) rejected.push({ recordId, reason: CLICKER_REJECTIONS.notClicker });
      else recordIds.push(recordId);
    }
    if (recordIds.length === 0)
      throw ValidationFailedError.field(
        'recordIds',
        `none of them is a ${module} clicker of this link that you may see`,
      );
    return { module, link, recordIds, rejected };
  }

  /** The link of this campaign (404 when either is not the tenant's). */
  private async linkOf(actor: Actor, campaignId: string, linkId: string): Promise<CampaignLink> {
    const campaign = await this.campaigns.getById(actor.tenantId, campaignId);
    const link = await this.links.findOne(actor.tenantId, { id: linkId, campaignId: campaign.id });
    if (!link) throw new NotFoundError('Campaign link', linkId);
    return link;
  }

  /** The modules a clickers list covers: the one asked for (which the reader must have), or all they have. */
  private readableModules(actor: Actor, module: ClickerModule | undefined): readonly ClickerModule[] {
    assertModuleAccess(actor, 'activities');
    if (module === undefined) return CLICKER_MODULES;
    if (!CLICKER_MODULES.includes(module))
      throw ValidationFailedError.field('module', `must be one of ${CLICKER_MODULES.join(', ')}`);
    assertModuleAccess(actor, module);
    return [module];
  }

  private async visibleClickerIds(actor: Actor, linkId: string, module: ClickerModule): Promise<string[]> {
    const query = this.clickers
      .query(actor.tenantId, 'k')
      .select('k.recordId', 'recordId')
      .andWhere('k.campaignLinkId = :linkId', { linkId });
    const visible = visibleRecordClauses(actor, query, 'k', [module]);
    if (visible.length === 0) return [];
    const rows = await query.andWhere(`(${visible.join(' OR ')})`).getRawMany<{ recordId: string }>();
    return rows.map((row) => row.recordId);
  }

  /** Visible clickers per link and module, in one grouped query for the page of links. */
  private async visibleCounts(
    actor: Actor,
    linkIds: string[],
  ): Promise<Map<string, Record<ClickerModule, number>>> {
    const counts = new Map<string, Record<ClickerModule, number>>();
    if (linkIds.length === 0) return counts;
    const query = this.clickers
      .query(actor.tenantId, 'k')
      .select('k.campaignLinkId', 'linkId')
      .addSelect('k.module', 'module')
      .addSelect('COUNT(*)', 'count')
      .andWhere('k.campaignLinkId IN (:...linkIds)', { linkIds })
      .groupBy('k.campaignLinkId')
      .addGroupBy('k.module');
    const visible = visibleRecordClauses(actor, query, 'k', CLICKER_MODULES);
    if (visible.length === 0) return counts;
    query.andWhere(`(${visible.join(' OR ')})`);
    // MySQL answers COUNT as a string.
    for (const row of await query.getRawMany<{
      linkId: string;
      module: ClickerModule;
      count: string | number;
    }>()) {
      const perModule = counts.get(row.linkId) ?? zeroCounts();
      perModule[row.module] = Number(row.count);
      counts.set(row.linkId, perModule);
    }
    return counts;
  }
}

function zeroCounts(): Record<ClickerModule, number> {
  return { leads: 0, organizations: 0, contacts: 0 };
}
