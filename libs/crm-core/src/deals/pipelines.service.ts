import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ConflictError,
  isUniqueViolation,
  NotFoundError,
  ProblemCollector,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import type { Actor } from '../access/actor';
import { assertAdmin, assertModuleAccess } from '../access/record-visibility';
import { assertNameAvailable, nameTaken, withUniqueConflict } from '../common/queries';
import { Deal, Pipeline, PipelineStage, STAGE_OUTCOMES, StageOutcome } from './deal.entities';

export interface StageInput {
  name: string;
  probability?: number;
  outcome?: StageOutcome;
}

export interface PipelineInput {
  name: string;
  isDefault?: boolean;
  stages?: StageInput[];
}

export interface StageView {
  id: string;
  name: string;
  position: number;
  probability: number;
  outcome: StageOutcome;
}

export interface PipelineView {
  id: string;
  name: string;
  isDefault: boolean;
  stages: StageView[];
  createdAt: Date;
  updatedAt: Date;
}

/** What every tenant starts with (created by provisioning and the demo seeder). */
export const DEFAULT_PIPELINE: { name: string; stages: Required<StageInput>[] } = {
  name: 'Ventas',
  stages: [
    { name: 'Prospección', probability: 10, outcome: 'OPEN' },
    { name: 'Calificación', probability: 25, outcome: 'OPEN' },
    { name: 'Propuesta', probability: 50, outcome: 'OPEN' },
    { name: 'Negociación', probability: 75, outcome: 'OPEN' },
    { name: 'Ganada', probability: 100, outcome: 'WON' },
    { name: 'Perdida', probability: 0, outcome: 'LOST' },
  ],
};

/**
 * Sales pipelines and their ordered stages. Administrators change them; anyone with the deals
 * module reads them. A tenant that has pipelines always has exactly one default.
 */
@Injectable()
export class PipelinesService {
  private readonly pipelines: TenantScopedRepository<Pipeline>;
  private readonly stages: TenantScopedRepository<PipelineStage>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.pipelines = new TenantScopedRepository(dataSource.getRepository(Pipeline), 'Pipeline');
    this.stages = new TenantScopedRepository(dataSource.getRepository(PipelineStage), 'Stage');
  }

  // ---------------------------------------------------------------- reads

  async list(actor: Actor): Promise<PipelineView[]> {
    assertModuleAccess(actor, 'deals');
    const [pipelines, stages] = await Promise.all([
      this.pipelines.find(actor.tenantId, { order: { isDefault: 'DESC', name: 'ASC' } }),
      this.stages.find(actor.tenantId, { order: { position: 'ASC' } }),
    ]);
    return pipelines.map((pipeline) => view(pipeline, stages));
  }

  async get(actor: Actor, id: string): Promise<PipelineView> {
    assertModuleAccess(actor, 'deals');
    return this.view(actor.tenantId, id);
  }

  /** The tenant's default pipeline with its stages, or null when it has no pipeline yet. */
  async findDefault(tenantId: TenantId, manager?: EntityManager): Promise<PipelineView | null> {
    const pipelines = manager ? this.pipelines.withManager(manager) : this.pipelines;
    const pipeline = await pipelines.findOne(tenantId, { isDefault: true });
    return pipeline ? this.view(tenantId, pipeline.id, manager) : null;
  }

  /** The pipeline's stages in board order. */
  stagesOf(tenantId: TenantId, pipelineId: string, manager?: EntityManager): Promise<PipelineStage[]> {
    const stages = manager ? this.stages.withManager(manager) : this.stages;
    return stages.find(tenantId, { where: { pipelineId }, order: { position: 'ASC' } });
  }

  // ---------------------------------------------------------------- pipelines

  /**
   * Creates the "Ventas" pipeline when the tenant has none, and returns the default pipeline.
   * Pass the caller's manager to run inside its transaction (tenant provisioning).
   */
  async ensureDefault(tenantId: TenantId, manager?: EntityManager): Promise<PipelineView> {
    const existing = await this.findDefault(tenantId, manager);
    if (existing) return existing;
    const create = async (transaction: EntityManager) => {
      if ((await this.pipelines.withManager(transaction).count(tenantId)) > 0) return;
      await this.insertPipeline(transaction, tenantId, { ...DEFAULT_PIPELINE, isDefault: true });
    };
    try {
      if (manager) await create(manager);
      else await this.dataSource.transaction(create);
    } catch (error) {
      // A concurrent call created it first (unique name): theirs is as good as ours.
      if (!isUniqueViolation(error)) throw error;
    }
    const created = await this.findDefault(tenantId, manager);
    if (!created) throw new Error(`Tenant ${tenantId} has pipelines but none is the default`);
    return created;
  }

  async create(actor: Actor, input: PipelineInput): Promise<PipelineView> {
    assertAdmin(actor);
    const name = input.name.trim();
    const problems = new ProblemCollector();
    if (!name) problems.add('name', 'must not be empty');
    (input.stages ?? []).forEach((stage, index) => checkStage(stage, `stages.${index}`, problems));
    const stageNames = (input.stages ?? []).map((stage) => stage.name.trim().toLowerCase());
    if (new Set(stageNames).size !== stageNames.length) problems.add('stages', 'stage names must be unique');
    problems.throwIfAny();
    await assertNameAvailable(this.pipelines, actor.tenantId, name);
    const id = await withUniqueConflict(
      () =>
        this.dataSource.transaction(async (manager) => {
          // The first pipeline of a tenant is its default whatever the input says.
          const first = (await this.pipelines.withManager(manager).count(actor.tenantId)) === 0;
          return this.insertPipeline(manager, actor.tenantId, {
            name,
            isDefault: first || input.isDefault === true,
            stages: input.stages ?? [],
          });
        }),
      () => nameTaken('Pipeline', name),
    );
    return this.view(actor.tenantId, id);
  }

  async update(
    actor: Actor,
    id: string,
    input: { name?: string; isDefault?: boolean },
  ): Promise<PipelineView> {
    assertAdmin(actor);
    const pipeline = await this.pipelines.getById(actor.tenantId, id);
    if (input.isDefault === false && pipeline.isDefault)
      throw ValidationFailedError.field('isDefault', 'make another pipeline the default instead');
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (!name) throw ValidationFailedError.field('name', 'must not be empty');
      await assertNameAvailable(this.pipelines, actor.tenantId, name, id);
      pipeline.name = name;
    }
    await withUniqueConflict(
      () =>
        this.dataSource.transaction(async (manager) => {
          if (input.isDefault === true && !pipeline.isDefault) {
            await this.unsetDefault(manager, actor.tenantId);
            pipeline.isDefault = true;
          }
          await this.pipelines.withManager(manager).save(actor.tenantId, pipeline);
        }),
      () => nameTaken('Pipeline', pipeline.name),
    );
    return this.view(actor.tenantId, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    await this.dataSource.transaction(async (manager) => {
      const pipeline = await this.pipelines.withManager(manager).getById(actor.tenantId, id);
      if (pipeline.isDefault)
        throw new ConflictError(
          'The default pipeline cannot be deleted; make another pipeline the default first',
          'isDefault',
        );
      await assertNoDeals(manager, actor.tenantId, { pipelineId: id }, 'pipeline');
      await this.stages.withManager(manager).delete(actor.tenantId, { pipelineId: id });
      await this.pipelines.withManager(manager).remove(actor.tenantId, pipeline);
    });
  }

  // ---------------------------------------------------------------- stages

  async addStage(actor: Actor, pipelineId: string, input: StageInput): Promise<PipelineView> {
    assertAdmin(actor);
    await this.pipelines.getById(actor.tenantId, pipelineId);
    const problems = new ProblemCollector();
    checkStage(input, '', problems);
    problems.throwIfAny();
    const name = input.name.trim();
    await this.assertStageNameAvailable(actor.tenantId, pipelineId, name);
    await withUniqueConflict(
      () =>
        this.dataSource.transaction(async (manager) => {
          const stages = this.stages.withManager(manager);
          const position = await stages.count(actor.tenantId, { pipelineId });
          await stages.save(
            actor.tenantId,
            stages.create(actor.tenantId, { pipelineId, ...stageFields(input), position }),
          );
        }),
      () => stageNameTaken(name),
    );
    return this.view(actor.tenantId, pipelineId);
  }

  async updateStage(
    actor: Actor,
    pipelineId: string,
    stageId: string,
    input: Partial<StageInput>,
  ): Promise<PipelineView> {
    assertAdmin(actor);
    const stage = await this.getStage(actor.tenantId, pipelineId, stageId);
    const problems = new ProblemCollector();
    checkStage(input, '', problems);
    problems.throwIfAny();
    if (input.name !== undefined) {
      stage.name = input.name.trim();
      await this.assertStageNameAvailable(actor.tenantId, pipelineId, stage.name, stageId);
    }
    if (input.probability !== undefined) stage.probability = input.probability;
    if (input.outcome !== undefined) stage.outcome = input.outcome;
    await withUniqueConflict(
      () => this.stages.save(actor.tenantId, stage),
      () => stageNameTaken(stage.name),
    );
    return this.view(actor.tenantId, pipelineId);
  }

  async removeStage(actor: Actor, pipelineId: string, stageId: string): Promise<PipelineView> {
    assertAdmin(actor);
    await this.dataSource.transaction(async (manager) => {
      const stage = await this.getStage(actor.tenantId, pipelineId, stageId, manager);
      await assertNoDeals(manager, actor.tenantId, { stageId }, 'stage');
      const stages = this.stages.withManager(manager);
      if ((await stages.count(actor.tenantId, { pipelineId })) === 1)
        throw new ConflictError('A pipeline needs at least one stage', 'stageId');
      await stages.remove(actor.tenantId, stage);
      await this.renumber(manager, actor.tenantId, pipelineId, (ids) => ids);
    });
    return this.view(actor.tenantId, pipelineId);
  }

  /** Sets the board order; `stageIds` must list every stage of the pipeline exactly once. */
  async reorderStages(actor: Actor, pipelineId: string, stageIds: string[]): Promise<PipelineView> {
    assertAdmin(actor);
    await this.pipelines.getById(actor.tenantId, pipelineId);
    await this.dataSource.transaction((manager) =>
      this.renumber(manager, actor.tenantId, pipelineId, (current) => {
        const same = stageIds.length === current.length && new Set(stageIds).size === current.length;
        if (!same || !stageIds.every((id) => current.includes(id)))
          throw ValidationFailedError.field(
            'stageIds',
            'must list every stage of this pipeline exactly once',
          );
        return stageIds;
      }),
    );
    return this.view(actor.tenantId, pipelineId);
  }

  // ---------------------------------------------------------------- helpers

  private async view(tenantId: TenantId, id: string, manager?: EntityManager): Promise<PipelineView> {
    const pipelines = manager ? this.pipelines.withManager(manager) : this.pipelines;
    const pipeline = await pipelines.getById(tenantId, id);
    return view(pipeline, await this.stagesOf(tenantId, id, manager));
  }

  private async getStage(
    tenantId: TenantId,
    pipelineId: string,
    stageId: string,
    manager?: EntityManager,
  ): Promise<PipelineStage> {
    const stages = manager ? this.stages.withManager(manager) : this.stages;
    await (manager ? this.pipelines.withManager(manager) : this.pipelines).getById(tenantId, pipelineId);
    const stage = await stages.findOne(tenantId, { id: stageId, pipelineId });
    if (!stage) throw new NotFoundError('Stage', stageId);
    return stage;
  }

  private async insertPipeline(
    manager: EntityManager,
    tenantId: TenantId,
    input: { name: string; isDefault: boolean; stages: StageInput[] },
  ): Promise<string> {
    if (input.isDefault) await this.unsetDefault(manager, tenantId);
    const pipelines = this.pipelines.withManager(manager);
    const pipeline = await pipelines.save(
      tenantId,
      pipelines.create(tenantId, { name: input.name, isDefault: input.isDefault }),
    );
    const stages = this.stages.withManager(manager);
    await stages.save(
      tenantId,
      input.stages.map((stage, position) =>
        stages.create(tenantId, { pipelineId: pipeline.id, ...stageFields(stage), position }),
      ),
    );
    return pipeline.id;
  }

  private async unsetDefault(manager: EntityManager, tenantId: TenantId): Promise<void> {
    await manager.getRepository(Pipeline).update({ tenantId, isDefault: true }, { isDefault: false });
  }

  /** Rewrites positions 0..n-1 in the order `order` returns for the current stage ids. */
  private async renumber(
    manager: EntityManager,
    tenantId: TenantId,
    pipelineId: string,
    order: (currentIds: string[]) => string[],
  ): Promise<void> {
    const current = await this.stagesOf(tenantId, pipelineId, manager);
    const ids = order(current.map((stage) => stage.id));
    const repository = manager.getRepository(PipelineStage);
    for (const [position, id] of ids.entries())
      await repository.update({ tenantId, pipelineId, id }, { position });
  }

  private async assertStageNameAvailable(
    tenantId: TenantId,
    pipelineId: string,
    name: string,
    exceptId?: string,
  ): Promise<void> {
    const query = this.stages
      .query(tenantId, 's')
      .andWhere('s.pipelineId = :pipelineId', { pipelineId })
      .andWhere('LOWER(s.name) = :name', { name: name.toLowerCase() });
    if (exceptId) query.andWhere('s.id != :exceptId', { exceptId });
    if (await query.getExists()) throw stageNameTaken(name);
  }
}

function view(pipeline: Pipeline, stages: PipelineStage[]): PipelineView {
  return {
    id: pipeline.id,
    name: pipeline.name,
    isDefault: pipeline.isDefault,
    stages: stages
      .filter((stage) => stage.pipelineId === pipeline.id)
      .map(({ id, name, position, probability, outcome }) => ({ id, name, position, probability, outcome })),
    createdAt: pipeline.createdAt,
    updatedAt: pipeline.updatedAt,
  };
}

function stageFields(input: StageInput): Pick<PipelineStage, 'name' | 'probability' | 'outcome'> {
  return { name: input.name.trim(), probability: input.probability ?? 0, outcome: input.outcome ?? 'OPEN' };
}

/** Field rules of a stage; `prefix` is `stages.N` when stages come inside a pipeline. */
function checkStage(input: Partial<StageInput>, prefix: string, problems: ProblemCollector): void {
  const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
  if (input.name !== undefined && !input.name.trim()) problems.add(field('name'), 'must not be empty');
  const probability = input.probability;
  if (probability !== undefined && (!Number.isInteger(probability) || probability < 0 || probability > 100))
    problems.add(field('probability'), 'must be an integer from 0 to 100');
  if (input.outcome !== undefined && !STAGE_OUTCOMES.includes(input.outcome))
    problems.add(field('outcome'), `must be one of ${STAGE_OUTCOMES.join(', ')}`);
}

function stageNameTaken(name: string): ConflictError {
  return new ConflictError(`This pipeline already has a stage named "${name}"`, 'name');
}

/** Deals keep their pipeline and stage, so neither may disappear under them (409 with the count). */
async function assertNoDeals(
  manager: EntityManager,
  tenantId: TenantId,
  where: { pipelineId: string } | { stageId: string },
  what: 'pipeline' | 'stage',
): Promise<void> {
  const count = await manager.getRepository(Deal).countBy({ tenantId, ...where });
  if (count > 0)
    throw new ConflictError(
      `This ${what} has ${count} deal${count === 1 ? '' : 's'}; move or delete them first`,
      what === 'pipeline' ? 'pipelineId' : 'stageId',
    );
}
