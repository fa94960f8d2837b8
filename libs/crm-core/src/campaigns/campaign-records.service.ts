import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { insertRows, isUniqueViolation, TenantId, timeOrderedId } from '@crm/platform';
import { Activity, ActivityLink } from '../activities/activity.entities';
import {
  Campaign,
  CampaignEvent,
  CampaignFigures,
  CampaignLink,
  CampaignLinkClicker,
  CampaignRecipient,
  CampaignRecipientModule,
} from './campaign.entities';
import {
  mergeRecipientEvents,
  sameCounts,
  sameEvents,
  storedCount,
  timelineBody,
  timelineSubject,
} from './campaign-activity';
import { ClickerInput, clickerRows } from './link-clickers';

/** Where an imported campaign comes from: the installation, its connector and vendor account. */
export interface CampaignSource {
  installationId: string;
  connectorKey: string;
  accountId: string | null;
}

export interface CampaignInput {
  vendorCampaignId: string;
  name: string;
  subject?: string | null;
  listId?: string | null;
  status: string;
  sentAt?: Date | null;
  /** Absent when the vendor has no report (yet): the stored figures stay as they are. */
  figures?: CampaignFigures;
}

export interface RecipientInput {
  module: CampaignRecipientModule;
  recordId: string;
  email: string;
  events: CampaignEvent[];
}

/** A tracked link of a campaign as the vendor reports it. */
export interface CampaignLinkInput {
  vendorLinkId: string;
  url: string;
  clicks: number;
  uniqueClicks: number;
}

export type ImportOutcome = 'added' | 'updated' | 'unchanged';

const FIGURES = [
  'recipients',
  'opens',
  'uniqueOpens',
  'clicks',
  'uniqueClicks',
  'bounces',
  'unsubscribes',
] as const;
const DETAILS = ['name', 'subject', 'listId', 'status'] as const;
const LINK_VALUES = ['url', 'position', 'clicks', 'uniqueClicks'] as const;
/** Ids per DELETE … IN (…), under every database's bound-parameter limit. */
const DELETE_CHUNK = 500;

/**
 * The write side of campaigns, for imports: no acting user, everything scoped by tenant.
 * Writes happen only when something changed, so importing the same data twice writes nothing.
 */
@Injectable()
export class CampaignRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Creates or updates the campaign of `source` with this vendor id. A campaign left behind by an
   * uninstalled installation of the same connector and vendor account is adopted, not duplicated.
   */
  async upsertCampaign(
    tenantId: TenantId,
    source: CampaignSource,
    input: CampaignInput,
    now = new Date(),
  ): Promise<{ campaign: Campaign; outcome: ImportOutcome }> {
    try {
      return await this.writeCampaign(tenantId, source, input, now);
    } catch (error) {
      // Another import inserted it between our read and our insert: the second pass updates it.
      if (!isUniqueViolation(error)) throw error;
      return this.writeCampaign(tenantId, source, input, now);
    }
  }

  /** Records that the campaign's activity was read in full while the vendor reported `hash`. */
  async markActivityRead(tenantId: TenantId, campaignId: string, hash: string | null): Promise<void> {
    await this.dataSource
      .getRepository(Campaign)
      .update({ tenantId, id: campaignId }, { activityFiguresHash: hash });
  }

  /**
   * Adds a recipient's activity to its campaign × record row and keeps the record's timeline entry
   * for the campaign (one per campaign and record, updated in place) in step, in one transaction.
   */
  async recordRecipient(
    tenantId: TenantId,
    campaign: Campaign,
    input: RecipientInput,
  ): Promise<ImportOutcome> {
    const key = { tenantId, campaignId: campaign.id, module: input.module, recordId: input.recordId };
    const unchanged = (row: CampaignRecipient | null) => {
      if (!row) return false;
      const merged = mergeRecipientEvents(row.events, input.events);
      return sameEvents(row.events, merged.events) && sameCounts(row, merged.counts);
    };
    // Most recipients of a campaign with new activity have none themselves: no transaction for them.
    if (unchanged(await this.dataSource.getRepository(CampaignRecipient).findOneBy(key))) return 'unchanged';
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CampaignRecipient);
      const existing = await repository.findOneBy(key);
      if (unchanged(existing)) return 'unchanged';
      const merged = mergeRecipientEvents(existing?.events ?? [], input.events);
      const row =
        existing ?? repository.create({ ...key, email: input.email.toLowerCase(), activityId: null });
      Object.assign(row, merged.counts, { events: merged.events, lastEventAt: merged.lastEventAt });
      row.activityId = await this.writeTimeline(manager, tenantId, campaign, row);
      await repository.save(row);
      return existing ? 'updated' : 'added';
    });
  }

  /**
   * Brings the campaign's links up to what the vendor reports now (in its order) and answers
   * them. A link keeps its row, and so its id: its clickers hang on it and the API names it. A
   * link the vendor no longer reports stays as last read — vendors keep statistics for a limited
   * time (MailUp: months), the CRM keeps them for good.
   */
  async replaceLinks(
    tenantId: TenantId,
    campaignId: string,
    input: CampaignLinkInput[],
  ): Promise<CampaignLink[]> {
    const wanted = uniqueLinks(input).map((link, position) => ({ ...link, position }));
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CampaignLink);
      const stored = await repository.find({ where: { tenantId, campaignId } });
      const byVendorId = new Map(stored.map((row) => [row.vendorLinkId, row]));
      const links: CampaignLink[] = [];
      for (const link of wanted) {
        const row = byVendorId.get(link.vendorLinkId);
        if (row && LINK_VALUES.every((key) => row[key] === link[key])) links.push(row);
        else
          links.push(
            await repository.save(Object.assign(row ?? repository.create({ tenantId, campaignId }), link)),
          );
      }
      return links;
    });
  }

  /**
   * Records the link's clickers just read (a record reached at two addresses once, with the
   * clicks of both), stamped with this import's time. Clicks do not un-happen: a clicker the
   * vendor no longer reports (its statistics expired) keeps its row as last read. Answers how
   * many rows it wrote.
   */
  async mergeClickers(
    tenantId: TenantId,
    campaignLinkId: string,
    clickers: ClickerInput[],
    importedAt: Date,
  ): Promise<number> {
    const rows = clickerRows(clickers).map((clicker) => ({
      id: timeOrderedId(importedAt.getTime()),
      createdAt: importedAt,
      updatedAt: importedAt,
      tenantId,
      campaignLinkId,
      ...clicker,
      lastImportedAt: importedAt,
    }));
    const read = new Set(rows.map((row) => `${row.module}:${row.recordId}`));
    await this.dataSource.transaction(async (manager) => {
      const stored = await manager.find(CampaignLinkClicker, {
        where: { tenantId, campaignLinkId },
        select: ['id', 'module', 'recordId'],
      });
      const replaced = stored.filter((row) => read.has(`${row.module}:${row.recordId}`)).map((row) => row.id);
      for (let start = 0; start < replaced.length; start += DELETE_CHUNK)
        await manager.delete(CampaignLinkClicker, {
          tenantId,
          id: In(replaced.slice(start, start + DELETE_CHUNK)),
        });
      await insertRows(manager, CampaignLinkClicker, rows);
    });
    return rows.length;
  }

  /** An uninstalled installation's campaigns stay, as the tenant's, with no installation. */
  async detachInstallation(
    manager: EntityManager,
    tenantId: TenantId,
    installationId: string,
  ): Promise<number> {
    const result = await manager
      .getRepository(Campaign)
      .update({ tenantId, installationId }, { installationId: null });
    return result.affected ?? 0;
  }

  private async writeCampaign(
    tenantId: TenantId,
    source: CampaignSource,
    input: CampaignInput,
    now: Date,
  ): Promise<{ campaign: Campaign; outcome: ImportOutcome }> {
    const repository = this.dataSource.getRepository(Campaign);
    const vendorCampaignId = input.vendorCampaignId;
    let campaign = await repository.findOneBy({
      tenantId,
      installationId: source.installationId,
      vendorCampaignId,
    });
    let adopted = false;
    if (!campaign && source.accountId) {
      campaign = await repository.findOne({
        where: {
          tenantId,
          installationId: IsNull(),
          connectorKey: source.connectorKey,
          accountId: source.accountId,
          vendorCampaignId,
        },
        order: { createdAt: 'ASC' },
      });
      adopted = campaign !== null;
    }
    const values = campaignValues(input);
    if (campaign && !adopted && !differs(campaign, values)) return { campaign, outcome: 'unchanged' };
    const row =
      campaign ??
      repository.create({
        tenantId,
        connectorKey: source.connectorKey,
        accountId: source.accountId,
        vendorCampaignId,
        activityFiguresHash: null,
      });
    Object.assign(row, values, { installationId: source.installationId, lastRefreshedAt: now });
    const saved = await repository.save(row);
    return { campaign: saved, outcome: campaign ? 'updated' : 'added' };
  }

  /** Creates or updates the record's timeline entry; returns its id. */
  private async writeTimeline(
    manager: EntityManager,
    tenantId: TenantId,
    campaign: Campaign,
    row: CampaignRecipient,
  ): Promise<string> {
    const activities = manager.getRepository(Activity);
    const content = {
      subject: timelineSubject(campaign.name, row),
      body: timelineBody(row.events),
      occurredAt: row.lastEventAt ?? campaign.sentAt ?? new Date(),
      meta: {
        campaignId: campaign.id,
        vendorCampaignId: campaign.vendorCampaignId,
        email: row.email,
        sent: row.sent,
        opened: row.opened,
        clicked: row.clicked,
        bounced: row.bounced,
        unsubscribed: row.unsubscribed,
      },
    };
    // A timeline entry someone deleted comes back only when the activity changes.
    const existing = row.activityId ? await activities.findOneBy({ tenantId, id: row.activityId }) : null;
    if (existing) {
      await activities.update({ tenantId, id: existing.id }, { ...content, updatedAt: new Date() });
      return existing.id;
    }
    const activity = await activities.save(
      activities.create({
        tenantId,
        type: 'CAMPAIGN_EVENT',
        ...content,
        endsAt: null,
        userId: null,
        teamId: null,
        source: campaign.connectorKey,
      }),
    );
    const links = manager.getRepository(ActivityLink);
    await links.save(
      links.create({ tenantId, activityId: activity.id, module: row.module, recordId: row.recordId }),
    );
    return activity.id;
  }
}

type CampaignValues = Pick<Campaign, (typeof DETAILS)[number] | 'sentAt'> & Partial<CampaignFigures>;

/** The columns an import writes, within the columns' limits. */
function campaignValues(input: CampaignInput): CampaignValues {
  const text = (value: string | null | undefined, max: number) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed.slice(0, max) : null;
  };
  const values: CampaignValues = {
    name: text(input.name, 255) ?? input.vendorCampaignId.slice(0, 255),
    subject: text(input.subject, 255),
    listId: text(input.listId, 120),
    status: text(input.status, 40) ?? 'unknown',
    sentAt: validDate(input.sentAt),
  };
  if (input.figures) {
    for (const figure of FIGURES) {
      const value = input.figures[figure];
      values[figure] = storedCount(value);
    }
  }
  return values;
}

/** One row per vendor link id (the first), within the columns' limits; invalid counts read as 0. */
function uniqueLinks(input: CampaignLinkInput[]): CampaignLinkInput[] {
  const byId = new Map<string, CampaignLinkInput>();
  for (const link of input) {
    const vendorLinkId = link.vendorLinkId.trim().slice(0, 120);
    if (!vendorLinkId || byId.has(vendorLinkId)) continue;
    byId.set(vendorLinkId, {
      vendorLinkId,
      url: link.url.slice(0, 2048),
      clicks: storedCount(link.clicks),
      uniqueClicks: storedCount(link.uniqueClicks),
    });
  }
  return [...byId.values()];
}

/** A copy of the instant, or null: a connector's Date may come from another realm (a clone). */
function validDate(value: Date | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value.valueOf());
  return Number.isNaN(date.getTime()) ? null : date;
}

function differs(campaign: Campaign, values: CampaignValues): boolean {
  if (DETAILS.some((field) => campaign[field] !== values[field])) return true;
  if ((campaign.sentAt?.getTime() ?? null) !== (values.sentAt?.getTime() ?? null)) return true;
  return FIGURES.some((figure) => values[figure] !== undefined && campaign[figure] !== values[figure]);
}
