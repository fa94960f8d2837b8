import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  OutboxEventInput,
  OutboxService,
  TenantId,
  ValidationFailedError,
  type FieldProblem,
} from '@crm/platform';
import { ACTIVITY_BODY_MAX, ACTIVITY_SUBJECT_MAX } from '../activities/activities.service';
import { Activity, ActivityLink } from '../activities/activity.entities';
import { Profile } from '../identity/profile.entity';
import { User } from '../identity/user.entity';
import { Contact } from '../records/record.entities';
import { CURRENCY_PROBLEM, isCurrencyCode } from './currency';
import { Deal, DealLine, PipelineStage } from './deal.entities';
import { priceLines } from './deal-lines';
import { PipelinesService } from './pipelines.service';

/** A deal line as an import knows it: no CRM product, its own title and price. */
export interface ImportedDealLine {
  description: string;
  quantity: number;
  unitPriceCents: number;
}

export interface ImportedDealContent {
  currency: string;
  /** With lines the amount is their sum; without, this. */
  amountCents: number;
  lines: ImportedDealLine[];
  sourceUrl: string | null;
}

export interface ImportedDealInput extends ImportedDealContent {
  name: string;
  contactId: string;
  /** Owner when the contact's owner is not an active user (e.g. the admin who set the import up). */
  fallbackOwnerId?: string | null;
}

export type ImportedDealUpdate = 'updated' | 'unchanged' | 'missing' | 'closed';
export type ImportedDealClose = 'won' | 'lost' | 'missing' | 'closed' | 'no-stage';

/** A timeline entry (a note) on the deal and its contact, saying why the import closed it. */
export interface ImportedDealNote {
  subject: string;
  body: string;
  occurredAt: Date;
  /** The connector's key, shown as the entry's source. */
  source: string;
  meta?: Record<string, unknown>;
}

export interface ImportedDealClosing {
  outcome: 'WON' | 'LOST';
  /**
   * What the deal ends as (the order a cart became): currency, amount and lines; the deal keeps
   * its source link. Without it the deal keeps its content.
   */
  content?: Omit<ImportedDealContent, 'sourceUrl'>;
  note?: ImportedDealNote;
}

const NAME_MAX = 160;
const URL_MAX = 1000;

/**
 * Deals that an import creates and keeps up to date (an abandoned cart becomes one): no acting
 * user, the same line and currency rules as DealsService, and outbox events stamped with the
 * import's origin. Every method runs in the caller's transaction, so the caller's own rows (its
 * link to the deal) commit with the deal. Once a deal leaves its open stages it is the sales
 * team's: imports no longer change it.
 */
@Injectable()
export class ImportedDealsService {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * A new deal in the first stage of the tenant's default pipeline, for the contact, owned by
   * the contact's owner (so the sales rep who has the contact sees it) and in the contact's team.
   */
  async create(
    manager: EntityManager,
    tenantId: TenantId,
    input: ImportedDealInput,
    origin: Record<string, unknown>,
  ): Promise<Deal> {
    const contact = await manager.getRepository(Contact).findOneBy({ tenantId, id: input.contactId });
    if (!contact) throw ValidationFailedError.field('contactId', 'is not a contact of this tenant');
    const priced = checkContent(input);
    const pipeline = await this.pipelines.ensureDefault(tenantId, manager);
    const stage = pipeline.stages.find((s) => s.outcome === 'OPEN') ?? pipeline.stages[0];
    if (!stage)
      throw ValidationFailedError.field('pipelineId', `the pipeline "${pipeline.name}" has no stages`);
    const deals = manager.getRepository(Deal);
    const deal = await deals.save(
      deals.create({
        tenantId,
        name: input.name.trim().slice(0, NAME_MAX),
        pipelineId: pipeline.id,
        stageId: stage.id,
        organizationId: contact.organizationId,
        contactId: contact.id,
        amountCents: priced.amountCents,
        currency: input.currency,
        expectedCloseAt: null,
        sourceUrl: input.sourceUrl?.slice(0, URL_MAX) ?? null,
        ownerId: await this.ownerFor(manager, tenantId, [contact.ownerId, input.fallbackOwnerId ?? null]),
        teamId: contact.teamId,
        custom: {},
      }),
    );
    await this.saveLines(manager, deal, priced.lines);
    await this.outbox.record(manager, tenantId, [
      dealEvent(deal.id, 'created', { changed: ['name', 'amountCents', 'lines'], origin }),
    ]);
    return deal;
  }

  /** Replaces amount, currency, lines and link of a deal still in an open stage. */
  async replaceContent(
    manager: EntityManager,
    tenantId: TenantId,
    dealId: string,
    content: ImportedDealContent,
    origin: Record<string, unknown>,
  ): Promise<ImportedDealUpdate> {
    const deal = await manager.getRepository(Deal).findOneBy({ tenantId, id: dealId });
    if (!deal) return 'missing';
    if ((await this.outcomeOf(manager, deal)) !== 'OPEN') return 'closed';
    const changed = await this.writeContent(manager, deal, content, {});
    if (changed.length === 0) return 'unchanged';
    await this.outbox.record(manager, tenantId, [dealEvent(dealId, 'updated', { changed, origin })]);
    return 'updated';
  }

  /**
   * Moves a deal still in an open stage to the first WON or LOST stage of its pipeline, with the
   * closing content and note if given; 'no-stage' (nothing changed) when the pipeline has none.
   */
  async close(
    manager: EntityManager,
    tenantId: TenantId,
    dealId: string,
    closing: ImportedDealClosing,
    origin: Record<string, unknown>,
  ): Promise<ImportedDealClose> {
    const deal = await manager.getRepository(Deal).findOneBy({ tenantId, id: dealId });
    if (!deal) return 'missing';
    const stages = await this.pipelines.stagesOf(tenantId, deal.pipelineId, manager);
    const current = stages.find((stage) => stage.id === deal.stageId);
    if (current && current.outcome !== 'OPEN') return 'closed';
    const target = stages.find((stage) => stage.outcome === closing.outcome);
    if (!target) return 'no-stage';
    let changed: string[] = [];
    if (closing.content)
      changed = await this.writeContent(manager, deal, closing.content, { stageId: target.id });
    else
      await manager
        .getRepository(Deal)
        .update({ tenantId, id: dealId }, { stageId: target.id, updatedAt: new Date() });
    if (closing.note) await this.writeNote(manager, deal, closing.note);
    await this.outbox.record(manager, tenantId, [
      dealEvent(dealId, 'updated', {
        changed: ['stageId', ...changed],
        stage: { from: deal.stageId, to: target.id },
        origin,
      }),
    ]);
    return closing.outcome === 'WON' ? 'won' : 'lost';
  }

  /** Writes the content (with `also`) unless nothing differs; answers the content fields that changed. */
  private async writeContent(
    manager: EntityManager,
    deal: Deal,
    content: Omit<ImportedDealContent, 'sourceUrl'> & { sourceUrl?: string | null },
    also: Partial<Pick<Deal, 'stageId'>>,
  ): Promise<string[]> {
    const { tenantId, id: dealId } = deal;
    const priced = checkContent(content);
    const current = await manager
      .getRepository(DealLine)
      .find({ where: { tenantId, dealId }, order: { position: 'ASC' } });
    // Content without a source link keeps the deal's.
    const sourceUrl =
      content.sourceUrl === undefined ? deal.sourceUrl : (content.sourceUrl?.slice(0, URL_MAX) ?? null);
    const changed: string[] = [];
    if (deal.currency !== content.currency) changed.push('currency');
    if (deal.amountCents !== priced.amountCents) changed.push('amountCents');
    if (deal.sourceUrl !== sourceUrl) changed.push('sourceUrl');
    if (!sameLines(current, priced.lines)) changed.push('lines');
    if (changed.length === 0 && Object.keys(also).length === 0) return [];
    await manager.getRepository(Deal).update(
      { tenantId, id: dealId },
      {
        ...also,
        currency: content.currency,
        amountCents: priced.amountCents,
        sourceUrl,
        updatedAt: new Date(),
      },
    );
    if (changed.includes('lines')) {
      await manager.getRepository(DealLine).delete({ tenantId, dealId });
      await this.saveLines(manager, deal, priced.lines);
    }
    return changed;
  }

  /** A note on the deal's timeline and its contact's. */
  private async writeNote(manager: EntityManager, deal: Deal, note: ImportedDealNote): Promise<void> {
    const activities = manager.getRepository(Activity);
    const activity = await activities.save(
      activities.create({
        tenantId: deal.tenantId,
        type: 'NOTE',
        subject: note.subject.slice(0, ACTIVITY_SUBJECT_MAX),
        body: note.body.slice(0, ACTIVITY_BODY_MAX),
        occurredAt: note.occurredAt,
        endsAt: null,
        userId: null,
        teamId: null,
        source: note.source,
        meta: note.meta ?? null,
      }),
    );
    const links = manager.getRepository(ActivityLink);
    const records = [
      { module: 'deals' as const, recordId: deal.id },
      ...(deal.contactId ? [{ module: 'contacts' as const, recordId: deal.contactId }] : []),
    ];
    await links.save(
      records.map((record) => links.create({ tenantId: deal.tenantId, activityId: activity.id, ...record })),
    );
  }

  private async outcomeOf(manager: EntityManager, deal: Deal): Promise<PipelineStage['outcome'] | null> {
    const stage = await manager
      .getRepository(PipelineStage)
      .findOneBy({ tenantId: deal.tenantId, id: deal.stageId });
    return stage?.outcome ?? null;
  }

  private async saveLines(
    manager: EntityManager,
    deal: Deal,
    lines: ReturnType<typeof checkContent>['lines'],
  ) {
    const repository = manager.getRepository(DealLine);
    for (let i = 0; i < lines.length; i += 100)
      await repository.save(
        lines
          .slice(i, i + 100)
          .map((line) => repository.create({ ...line, tenantId: deal.tenantId, dealId: deal.id })),
      );
  }

  /** The first candidate that is an active user, else the tenant's first active administrator. */
  private async ownerFor(
    manager: EntityManager,
    tenantId: TenantId,
    candidates: Array<string | null>,
  ): Promise<string | null> {
    for (const id of candidates) {
      if (id && (await manager.getRepository(User).existsBy({ tenantId, id, active: true }))) return id;
    }
    const admin = await manager
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(Profile, 'p', 'p.id = u.profileId AND p.tenantId = u.tenantId')
      .where('u.tenantId = :tenantId AND u.active = :active AND p.isAdmin = :admin', {
        tenantId,
        active: true,
        admin: true,
      })
      .orderBy('u.createdAt', 'ASC')
      .getOne();
    return admin?.id ?? null;
  }
}

/** Lines priced with DealsService's rules; the problems name the input field at fault. */
function checkContent(content: Omit<ImportedDealContent, 'sourceUrl'>): {
  lines: ReturnType<typeof priceLines>['lines'];
  amountCents: number;
} {
  const problems: FieldProblem[] = [];
  if (!isCurrencyCode(content.currency)) problems.push({ field: 'currency', reason: CURRENCY_PROBLEM });
  const priced = priceLines(content.lines, new Map(), {
    currency: content.currency,
    productIdsOnDeal: new Set(),
  });
  problems.push(...priced.problems);
  if (!Number.isSafeInteger(content.amountCents) || content.amountCents < 0)
    problems.push({ field: 'amountCents', reason: 'must be a whole number of cents, 0 or more' });
  if (problems.length) throw new ValidationFailedError(problems);
  return { lines: priced.lines, amountCents: priced.lines.length ? priced.totalCents : content.amountCents };
}

function sameLines(current: DealLine[], next: ReturnType<typeof priceLines>['lines']): boolean {
  return (
    current.length === next.length &&
    current.every(
      (line, index) =>
        line.description === next[index].description &&
        line.quantity === next[index].quantity &&
        line.unitPriceCents === next[index].unitPriceCents &&
        line.productId === null,
    )
  );
}

function dealEvent(
  id: string,
  verb: 'created' | 'updated',
  payload: Record<string, unknown>,
): OutboxEventInput {
  return { aggregateType: 'deal', aggregateId: id, type: `deal.${verb}`, payload };
}
