import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  NotFoundError,
  OutboxEventInput,
  OutboxService,
  ProblemCollector,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import type { Actor } from '../access/actor';
import { applyRecordVisibility, assertModuleAccess, canSeeRecord } from '../access/record-visibility';
import { ActivitiesService } from '../activities/activities.service';
import { LINKABLE_RECORDS, visibleRecordIds } from '../activities/record-lookup';
import type { Page } from '../common/paging';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { ListRequest, pageOf } from '../common/queries';
import { Team } from '../identity/team.entity';
import { User } from '../identity/user.entity';
import { CURRENCY_PROBLEM, isCurrencyCode } from './currency';
import { Deal, DealLine, Pipeline, Product } from './deal.entities';
import { DealLineInput, priceLines } from './deal-lines';
import { PipelinesService, StageView } from './pipelines.service';

export interface DealInput {
  name?: string;
  /** Defaults (on create) to the tenant's default pipeline. */
  pipelineId?: string;
  /** Defaults to the first stage of the pipeline; must be a stage of it. */
  stageId?: string;
  organizationId?: string | null;
  contactId?: string | null;
  /** Only while the deal has no lines; with lines it is their sum. */
  amountCents?: number;
  currency?: string;
  expectedCloseAt?: Date | null;
  /** Defaults to the acting user. */
  ownerId?: string;
  teamId?: string | null;
  custom?: Record<string, unknown>;
}

export interface DealListRequest extends ListRequest {
  pipelineId?: string;
  stageId?: string;
  organizationId?: string;
  contactId?: string;
  ownerId?: string;
}

/** The deal's columns and how many lines it has (with lines, `amountCents` is their sum). */
export type DealView = Pick<Deal, keyof Deal> & { lineCount: number };

export interface DealLinesView {
  dealId: string;
  currency: string;
  amountCents: number;
  lines: Array<
    Pick<
      DealLine,
      'id' | 'productId' | 'description' | 'quantity' | 'unitPriceCents' | 'totalCents' | 'position'
    >
  >;
}

export interface DealBulkRequest {
  action: 'update' | 'delete';
  ids: string[];
  changes?: DealInput;
}

export interface DealBulkResult {
  affected: number;
  notFound: string[];
}

export interface BoardStage extends StageView {
  dealCount: number;
  /** Sums per currency: deals in different currencies are not added together. */
  amounts: Array<{ currency: string; amountCents: number }>;
}

export interface BoardView {
  pipelineId: string;
  name: string;
  stages: BoardStage[];
}

export const MAX_BULK_DEALS = 1000;
const NAME_MAX = 160;
const ALIAS = 'd';
const LIST_SHAPE = {
  search: ['name'],
  sortable: ['name', 'amountCents', 'expectedCloseAt', 'createdAt', 'updatedAt'],
  defaultSort: '-createdAt',
} as const;
const EMPTY_DEAL: Partial<Deal> = {
  amountCents: 0,
  organizationId: null,
  contactId: null,
  expectedCloseAt: null,
  teamId: null,
};
const LIST_FILTERS = ['pipelineId', 'stageId', 'organizationId', 'contactId', 'ownerId'] as const;
const REFERENCES = [
  { field: 'organizationId', module: 'organizations' },
  { field: 'contactId', module: 'contacts' },
] as const;

/**
 * Deals in pipeline stages, with product lines whose sum is the deal amount. Deals are
 * team-scoped: a deal the actor may not see behaves as if it did not exist (404). Every change
 * writes an outbox event in its transaction.
 */
@Injectable()
export class DealsService {
  private readonly deals: TenantScopedRepository<Deal>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly customFields: CustomFieldsService,
    private readonly pipelines: PipelinesService,
    private readonly activities: ActivitiesService,
  ) {
    this.deals = new TenantScopedRepository(dataSource.getRepository(Deal), 'Deal');
  }

  // ---------------------------------------------------------------- reads

  async list(actor: Actor, request: DealListRequest): Promise<Page<DealView>> {
    assertModuleAccess(actor, 'deals');
    const query = applyRecordVisibility(this.deals.query(actor.tenantId, ALIAS), ALIAS, actor);
    for (const field of LIST_FILTERS) {
      if (request[field]) query.andWhere(`${ALIAS}.${field} = :${field}`, { [field]: request[field] });
    }
    const page = await pageOf(query, ALIAS, request, LIST_SHAPE);
    return { ...page, items: await this.hydrate(actor.tenantId, page.items) };
  }

  async get(actor: Actor, id: string): Promise<DealView> {
    return (await this.hydrate(actor.tenantId, [await this.getVisible(actor, id)]))[0];
  }

  /** The deal if it exists in the tenant and the actor may see it; 404 otherwise. */
  async getVisible(actor: Actor, id: string, manager?: EntityManager): Promise<Deal> {
    assertModuleAccess(actor, 'deals');
    const deal = await (manager ? this.deals.withManager(manager) : this.deals).findById(actor.tenantId, id);
    if (!deal || !canSeeRecord(actor, deal)) throw new NotFoundError('Deal', id);
    return deal;
  }

  /** Deal counts and amount sums per stage, over the deals the actor may see. */
  async board(actor: Actor, pipelineId: string): Promise<BoardView> {
    const pipeline = await this.pipelines.get(actor, pipelineId);
    const query = this.deals
      .query(actor.tenantId, ALIAS)
      .select(`${ALIAS}.stageId`, 'stageId')
      .addSelect(`${ALIAS}.currency`, 'currency')
      .addSelect('COUNT(*)', 'dealCount')
      .addSelect(`SUM(${ALIAS}.amountCents)`, 'amountCents')
      .andWhere(`${ALIAS}.pipelineId = :pipelineId`, { pipelineId })
      .groupBy(`${ALIAS}.stageId`)
      .addGroupBy(`${ALIAS}.currency`)
      .orderBy(`${ALIAS}.currency`, 'ASC');
    // MySQL returns COUNT and SUM of BIGINT as strings.
    const rows = await applyRecordVisibility(query, ALIAS, actor).getRawMany<
      Record<string, string | number>
    >();
    return {
      pipelineId: pipeline.id,
      name: pipeline.name,
      stages: pipeline.stages.map((stage) => {
        const own = rows.filter((row) => row.stageId === stage.id);
        return {
          ...stage,
          dealCount: own.reduce((sum, row) => sum + Number(row.dealCount), 0),
          amounts: own.map((row) => ({
            currency: String(row.currency),
            amountCents: Number(row.amountCents),
          })),
        };
      }),
    };
  }

  async getLines(actor: Actor, id: string): Promise<DealLinesView> {
    return this.linesView(this.dataSource.manager, await this.getVisible(actor, id));
  }

  // ---------------------------------------------------------------- writes

  async create(actor: Actor, input: DealInput): Promise<DealView> {
    assertModuleAccess(actor, 'deals');
    const deal = await this.dataSource.transaction(async (manager) => {
      const fields = await this.prepare(manager, actor, null, {
        ...input,
        ownerId: input.ownerId === undefined ? actor.userId : input.ownerId,
      });
      const deals = this.deals.withManager(manager);
      const created = await deals.save(
        actor.tenantId,
        deals.create(actor.tenantId, { ...EMPTY_DEAL, ...fields }),
      );
      await this.outbox.record(manager, actor.tenantId, [
        dealEvent(created.id, 'created', { changed: Object.keys(fields) }),
      ]);
      return created;
    });
    // Answered even when the new owner or team takes it out of the actor's sight.
    return (await this.hydrate(actor.tenantId, [deal]))[0];
  }

  async update(actor: Actor, id: string, input: DealInput): Promise<DealView> {
    const deal = await this.dataSource.transaction(async (manager) => {
      const visible = await this.getVisible(actor, id, manager);
      await this.outbox.record(
        manager,
        actor.tenantId,
        await this.applyUpdate(manager, actor, visible, input),
      );
      return visible;
    });
    return (await this.hydrate(actor.tenantId, [deal]))[0];
  }

  /** Changes the stage within the deal's pipeline (the board's drag and drop). */
  move(actor: Actor, id: string, stageId: string): Promise<DealView> {
    return this.update(actor, id, { stageId });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.getVisible(actor, id, manager);
      await this.outbox.record(manager, actor.tenantId, await this.deleteDeal(manager, deal));
    });
  }

  /** Replaces all lines; the deal amount becomes their sum (kept as it was when no lines remain). */
  async replaceLines(actor: Actor, id: string, inputs: DealLineInput[]): Promise<DealLinesView> {
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.getVisible(actor, id, manager);
      const tenantId = actor.tenantId;
      const lineRepository = manager.getRepository(DealLine);
      const current = await lineRepository.findBy({ tenantId, dealId: id });
      const productIds = [...new Set(inputs.flatMap((line) => (line.productId ? [line.productId] : [])))];
      const products = productIds.length
        ? await manager.getRepository(Product).findBy({ tenantId, id: In(productIds) })
        : [];
      const priced = priceLines(inputs, new Map(products.map((product) => [product.id, product])), {
        currency: deal.currency,
        productIdsOnDeal: new Set(current.flatMap((line) => (line.productId ? [line.productId] : []))),
      });
      if (priced.problems.length) throw new ValidationFailedError(priced.problems);

      await lineRepository.delete({ tenantId, dealId: id });
      await lineRepository.save(
        priced.lines.map((line) => lineRepository.create({ ...line, tenantId, dealId: id })),
      );
      const changed = ['lines'];
      if (priced.lines.length > 0 && deal.amountCents !== priced.totalCents) {
        deal.amountCents = priced.totalCents;
        changed.push('amountCents');
      }
      await this.deals.withManager(manager).save(tenantId, deal);
      await this.outbox.record(manager, tenantId, [dealEvent(id, 'updated', { changed })]);
      return this.linesView(manager, deal);
    });
  }

  /** Mass edit or delete of list selections; ids the actor cannot see are reported, not touched. */
  async bulk(actor: Actor, request: DealBulkRequest): Promise<DealBulkResult> {
    assertModuleAccess(actor, 'deals');
    const ids = [...new Set(request.ids)];
    if (ids.length > MAX_BULK_DEALS)
      throw ValidationFailedError.field('ids', `at most ${MAX_BULK_DEALS} ids`);
    if (request.action === 'update' && !request.changes)
      throw ValidationFailedError.field('changes', 'is required for update');
    if (ids.length === 0) return { affected: 0, notFound: [] };
    return this.dataSource.transaction(async (manager) => {
      const found = await this.deals.withManager(manager).find(actor.tenantId, { where: { id: In(ids) } });
      const visible = found.filter((deal) => canSeeRecord(actor, deal));
      const visibleIds = new Set(visible.map((deal) => deal.id));
      const events: OutboxEventInput[] = [];
      for (const deal of visible) {
        if (request.action === 'delete') events.push(...(await this.deleteDeal(manager, deal)));
        else
          events.push(
            ...(await prefixProblems('changes', () =>
              this.applyUpdate(manager, actor, deal, request.changes!),
            )),
          );
      }
      await this.outbox.record(manager, actor.tenantId, events);
      return { affected: visible.length, notFound: ids.filter((id) => !visibleIds.has(id)) };
    });
  }

  // ---------------------------------------------------------------- internals

  private async applyUpdate(
    manager: EntityManager,
    actor: Actor,
    deal: Deal,
    input: DealInput,
  ): Promise<OutboxEventInput[]> {
    const fields = await this.prepare(manager, actor, deal, input);
    const changed = Object.keys(fields).filter(
      (key) => JSON.stringify(fields[key as keyof Deal]) !== JSON.stringify(deal[key as keyof Deal]),
    );
    if (changed.length === 0) return [];
    const fromStageId = deal.stageId;
    Object.assign(deal, fields);
    await this.deals.withManager(manager).save(actor.tenantId, deal);
    const stage = deal.stageId !== fromStageId ? { stage: { from: fromStageId, to: deal.stageId } } : {};
    return [dealEvent(deal.id, 'updated', { changed, ...stage })];
  }

  private async deleteDeal(manager: EntityManager, deal: Deal): Promise<OutboxEventInput[]> {
    await manager.getRepository(DealLine).delete({ tenantId: deal.tenantId, dealId: deal.id });
    await this.activities.forgetRecords(manager, deal.tenantId, 'deals', [deal.id]);
    const { id } = deal; // remove() clears the entity's id
    await this.deals.withManager(manager).remove(deal.tenantId, deal);
    return [dealEvent(id, 'deleted', {})];
  }

  /**
   * Validates the input against the deal (null on create) and returns the columns to write.
   * References that did not change are not checked again, so a deal stays editable by its
   * owner when, say, its contact has since moved out of the owner's sight.
   */
  private async prepare(
    manager: EntityManager,
    actor: Actor,
    existing: Deal | null,
    input: DealInput,
  ): Promise<Partial<Deal>> {
    const tenantId = actor.tenantId;
    const problems = new ProblemCollector();
    const fields: Partial<Deal> = {};
    // Optional-but-not-clearable fields: a JSON null must not slip through as "not given".
    for (const field of ['pipelineId', 'stageId', 'ownerId'] as const) {
      if ((input[field] as unknown) !== null) continue;
      problems.add(field, 'must not be empty');
      input = { ...input, [field]: undefined };
    }

    if (input.name !== undefined || !existing) {
      const name = (input.name ?? '').trim();
      if (!name) problems.add('name', 'is required');
      else if (name.length > NAME_MAX) problems.add('name', `must be at most ${NAME_MAX} characters`);
      else fields.name = name;
    }
    Object.assign(fields, await this.placement(manager, tenantId, existing, input, problems));

    for (const { field, module } of REFERENCES) {
      const value = input[field];
      if (value === undefined || value === existing?.[field]) continue;
      if (value === null || (await visibleRecordIds(manager, tenantId, actor, module, [value])).has(value))
        fields[field] = value;
      else problems.add(field, `is not ${article(LINKABLE_RECORDS[module].resourceName)} of this tenant`);
    }
    if (input.ownerId !== undefined && input.ownerId !== existing?.ownerId) {
      if (await manager.getRepository(User).existsBy({ tenantId, id: input.ownerId, active: true }))
        fields.ownerId = input.ownerId;
      else problems.add('ownerId', 'is not an active user of this tenant');
    }
    if (input.teamId !== undefined && input.teamId !== existing?.teamId) {
      if (
        input.teamId === null ||
        (await manager.getRepository(Team).existsBy({ tenantId, id: input.teamId }))
      )
        fields.teamId = input.teamId;
      else problems.add('teamId', 'is not a team of this tenant');
    }

    const hasLines = existing
      ? (await manager.getRepository(DealLine).countBy({ tenantId, dealId: existing.id })) > 0
      : false;
    if (input.currency !== undefined || !existing) {
      if (!input.currency) problems.add('currency', 'is required');
      else if (!isCurrencyCode(input.currency)) problems.add('currency', CURRENCY_PROBLEM);
      else if (hasLines && input.currency !== existing?.currency)
        problems.add('currency', 'cannot change while the deal has lines priced in its currency');
      else fields.currency = input.currency;
    }
    if (input.amountCents !== undefined) {
      if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 0)
        problems.add('amountCents', 'must be a whole number of cents, 0 or more');
      else if (hasLines && input.amountCents !== existing?.amountCents)
        problems.add('amountCents', 'is the sum of the deal lines; change the lines instead');
      else fields.amountCents = input.amountCents;
    }
    if (input.expectedCloseAt !== undefined) {
      if (input.expectedCloseAt !== null && Number.isNaN(input.expectedCloseAt.getTime()))
        problems.add('expectedCloseAt', 'must be a date-time');
      else fields.expectedCloseAt = input.expectedCloseAt;
    }
    if (input.custom !== undefined || !existing) {
      try {
        const custom = await this.customFields.validateValues(
          tenantId,
          'deals',
          input.custom,
          existing ? 'update' : 'create',
        );
        fields.custom = mergeCustom(existing?.custom ?? {}, custom);
      } catch (error) {
        if (!(error instanceof ValidationFailedError)) throw error;
        error.problems.forEach((problem) => problems.add(problem.field, problem.reason));
      }
    }
    problems.throwIfAny();
    return fields;
  }

  /** Pipeline and stage to write, or nothing when neither changes. */
  private async placement(
    manager: EntityManager,
    tenantId: TenantId,
    existing: Deal | null,
    input: DealInput,
    problems: ProblemCollector,
  ): Promise<Pick<Deal, 'pipelineId' | 'stageId'> | Record<string, never>> {
    if (existing && input.pipelineId === undefined && input.stageId === undefined) return {};
    let pipelineId = input.pipelineId ?? existing?.pipelineId;
    let pipelineName: string;
    if (pipelineId) {
      const pipeline = await manager.getRepository(Pipeline).findOneBy({ tenantId, id: pipelineId });
      if (!pipeline) {
        problems.add('pipelineId', 'is not a pipeline of this tenant');
        return {};
      }
      pipelineName = pipeline.name;
    } else {
      // Tenants created before pipelines existed get the default one on their first deal.
      const pipeline = await this.pipelines.ensureDefault(tenantId, manager);
      pipelineId = pipeline.id;
      pipelineName = pipeline.name;
    }
    const stages = await this.pipelines.stagesOf(tenantId, pipelineId, manager);
    if (input.stageId !== undefined) {
      if (stages.some((stage) => stage.id === input.stageId)) return { pipelineId, stageId: input.stageId };
      problems.add('stageId', `is not a stage of the pipeline "${pipelineName}"`);
      return {};
    }
    if (existing && existing.pipelineId === pipelineId) return {};
    if (stages.length === 0) {
      problems.add('pipelineId', `the pipeline "${pipelineName}" has no stages`);
      return {};
    }
    return { pipelineId, stageId: stages[0].id };
  }

  private async hydrate(tenantId: TenantId, deals: Deal[]): Promise<DealView[]> {
    if (deals.length === 0) return [];
    const counts = await this.dataSource
      .getRepository(DealLine)
      .createQueryBuilder('l')
      .select('l.dealId', 'dealId')
      .addSelect('COUNT(*)', 'lineCount')
      .where('l.tenantId = :tenantId', { tenantId })
      .andWhere('l.dealId IN (:...ids)', { ids: deals.map((deal) => deal.id) })
      .groupBy('l.dealId')
      .getRawMany<{ dealId: string; lineCount: string | number }>();
    const byDeal = new Map(counts.map((row) => [row.dealId, Number(row.lineCount)]));
    return deals.map((deal) => ({ ...deal, lineCount: byDeal.get(deal.id) ?? 0 }));
  }

  private async linesView(manager: EntityManager, deal: Deal): Promise<DealLinesView> {
    const lines = await manager
      .getRepository(DealLine)
      .find({ where: { tenantId: deal.tenantId, dealId: deal.id }, order: { position: 'ASC' } });
    return {
      dealId: deal.id,
      currency: deal.currency,
      amountCents: deal.amountCents,
      lines: lines.map(({ id, productId, description, quantity, unitPriceCents, totalCents, position }) => ({
        id,
        productId,
        description,
        quantity,
        unitPriceCents,
        totalCents,
        position,
      })),
    };
  }
}

function dealEvent(
  id: string,
  verb: 'created' | 'updated' | 'deleted',
  payload: Record<string, unknown>,
): OutboxEventInput {
  return { aggregateType: 'deal', aggregateId: id, type: `deal.${verb}`, payload };
}

/** Custom values merged into the stored ones; a validated `null` clears a key. */
function mergeCustom(
  current: Record<string, unknown>,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...current, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === null) delete merged[key];
  return merged;
}

/** Runs `work` and re-throws its field problems under `prefix` (bulk `changes.<field>`). */
async function prefixProblems<R>(prefix: string, work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    throw new ValidationFailedError(
      error.problems.map((problem) => ({ field: `${prefix}.${problem.field}`, reason: problem.reason })),
    );
  }
}

function article(resourceName: string): string {
  return `${/^[AEIOU]/.test(resourceName) ? 'an' : 'a'} ${resourceName.toLowerCase()}`;
}
