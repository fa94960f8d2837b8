import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ConflictError,
  FieldProblem,
  OutboxService,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import type { Actor } from '../access/actor';
import { assertAdmin } from '../access/record-visibility';
import { PICKLIST_USAGE } from './picklist-usage';
import { Picklist, PICKLIST_VALUE_MAX_LENGTH, PicklistValue } from './picklist.entities';

export interface PicklistView {
  id: string;
  key: string;
  label: string;
  builtIn: boolean;
  values: Array<{ id: string; value: string; position: number; active: boolean }>;
}

export interface PicklistValueCheck {
  /** Input field named in the error, e.g. `zone`. */
  field: string;
  picklistKey: string;
  value: string | null | undefined;
  /** The record's current value: still accepted even if it was deactivated since. */
  current?: string | null;
}

const KEY = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/;

/** Tenant-configurable dropdowns (seed 000: 50 characters, configurable). */
@Injectable()
export class PicklistsService {
  private readonly picklists: TenantScopedRepository<Picklist>;
  private readonly values: TenantScopedRepository<PicklistValue>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {
    this.picklists = new TenantScopedRepository(dataSource.getRepository(Picklist), 'Picklist');
    this.values = new TenantScopedRepository(dataSource.getRepository(PicklistValue), 'Picklist value');
  }

  async list(tenantId: TenantId): Promise<PicklistView[]> {
    const [picklists, values] = await Promise.all([
      this.picklists.find(tenantId, { order: { key: 'ASC' } }),
      this.values.find(tenantId, { order: { position: 'ASC', value: 'ASC' } }),
    ]);
    return picklists.map((picklist) => this.view(picklist, values));
  }

  async get(tenantId: TenantId, id: string): Promise<PicklistView> {
    const picklist = await this.picklists.getById(tenantId, id);
    return this.view(
      picklist,
      await this.values.find(tenantId, { where: { picklistId: id }, order: { position: 'ASC' } }),
    );
  }

  async create(
    actor: Actor,
    input: { key: string; label: string; values?: string[] },
  ): Promise<PicklistView> {
    assertAdmin(actor);
    if (!KEY.test(input.key))
      throw ValidationFailedError.field('key', 'must look like module.field (letters and digits)');
    if (await this.picklists.exists(actor.tenantId, { key: input.key }))
      throw new ConflictError(`A picklist with key ${input.key} already exists`, 'key');
    const values = input.values ?? [];
    const problems = values.flatMap((value, index) => this.valueProblems(`values.${index}`, value));
    if (new Set(values.map((v) => v.trim())).size !== values.length)
      problems.push({ field: 'values', reason: 'values must be unique' });
    if (problems.length) throw new ValidationFailedError(problems);
    const id = await this.dataSource.transaction(async (manager) => {
      const picklists = this.picklists.withManager(manager);
      const picklist = await picklists.save(
        actor.tenantId,
        picklists.create(actor.tenantId, { key: input.key, label: input.label.trim(), builtIn: false }),
      );
      const valueRepo = this.values.withManager(manager);
      await valueRepo.save(
        actor.tenantId,
        values.map((value, position) =>
          valueRepo.create(actor.tenantId, {
            picklistId: picklist.id,
            value: value.trim(),
            position,
            active: true,
          }),
        ),
      );
      return picklist.id;
    });
    return this.get(actor.tenantId, id);
  }

  async update(actor: Actor, id: string, input: { label?: string }): Promise<PicklistView> {
    assertAdmin(actor);
    const picklist = await this.picklists.getById(actor.tenantId, id);
    if (input.label !== undefined) picklist.label = input.label.trim();
    await this.picklists.save(actor.tenantId, picklist);
    return this.get(actor.tenantId, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    const picklist = await this.picklists.getById(actor.tenantId, id);
    if (picklist.builtIn)
      throw new ConflictError('Built-in picklists cannot be deleted; edit their values instead');
    await this.dataSource.transaction(async (manager) => {
      await this.values.withManager(manager).delete(actor.tenantId, { picklistId: id });
      await this.picklists.withManager(manager).remove(actor.tenantId, picklist);
    });
  }

  async addValue(
    actor: Actor,
    picklistId: string,
    input: { value: string; position?: number },
  ): Promise<PicklistView> {
    assertAdmin(actor);
    await this.picklists.getById(actor.tenantId, picklistId);
    const value = input.value.trim();
    const problems = this.valueProblems('value', value);
    if (problems.length) throw new ValidationFailedError(problems);
    if (await this.values.exists(actor.tenantId, { picklistId, value }))
      throw new ConflictError(`"${value}" is already in this picklist`, 'value');
    const position = input.position ?? (await this.values.count(actor.tenantId, { picklistId }));
    await this.values.save(
      actor.tenantId,
      this.values.create(actor.tenantId, { picklistId, value, position, active: true }),
    );
    return this.get(actor.tenantId, picklistId);
  }

  /**
   * Renaming a value renames it on every record that uses it, in the same transaction, with an
   * outbox event per record — connectors then retag those members (e.g. `Zona: Norte`).
   */
  async updateValue(
    actor: Actor,
    picklistId: string,
    valueId: string,
    input: { value?: string; position?: number; active?: boolean },
  ): Promise<PicklistView> {
    assertAdmin(actor);
    const picklist = await this.picklists.getById(actor.tenantId, picklistId);
    const row = await this.values.findOne(actor.tenantId, { id: valueId, picklistId });
    if (!row)
      throw new ValidationFailedError([{ field: 'valueId', reason: 'is not a value of this picklist' }]);
    const renamed =
      input.value !== undefined && input.value.trim() !== row.value ? input.value.trim() : undefined;
    if (renamed !== undefined) {
      const problems = this.valueProblems('value', renamed);
      if (problems.length) throw new ValidationFailedError(problems);
      if (await this.values.exists(actor.tenantId, { picklistId, value: renamed }))
        throw new ConflictError(`"${renamed}" is already in this picklist`, 'value');
    }
    await this.dataSource.transaction(async (manager) => {
      if (renamed !== undefined)
        await this.renameOnRecords(manager, actor.tenantId, picklist.key, row.value, renamed);
      if (renamed !== undefined) row.value = renamed;
      if (input.position !== undefined) row.position = input.position;
      if (input.active !== undefined) row.active = input.active;
      await this.values.withManager(manager).save(actor.tenantId, row);
    });
    return this.get(actor.tenantId, picklistId);
  }

  async removeValue(actor: Actor, picklistId: string, valueId: string): Promise<PicklistView> {
    assertAdmin(actor);
    const picklist = await this.picklists.getById(actor.tenantId, picklistId);
    const row = await this.values.findOne(actor.tenantId, { id: valueId, picklistId });
    if (!row)
      throw new ValidationFailedError([{ field: 'valueId', reason: 'is not a value of this picklist' }]);
    const usage = PICKLIST_USAGE[picklist.key];
    if (usage) {
      const inUse = await this.dataSource
        .getRepository(usage.entity)
        .count({ where: { tenantId: actor.tenantId, [usage.column]: row.value } as never });
      if (inUse > 0)
        throw new ConflictError(
          `"${row.value}" is used by ${inUse} record(s); deactivate it instead of deleting it`,
        );
    }
    await this.values.remove(actor.tenantId, row);
    return this.get(actor.tenantId, picklistId);
  }

  /**
   * Problems for values that are not in their picklist. A value stays acceptable on a record
   * that already has it, even after it was deactivated; new choices must be active values.
   */
  async check(tenantId: TenantId, checks: PicklistValueCheck[]): Promise<FieldProblem[]> {
    const relevant = checks.filter((c) => c.value !== undefined && c.value !== null && c.value !== '');
    if (relevant.length === 0) return [];
    const keys = [...new Set(relevant.map((c) => c.picklistKey))];
    const picklists = await this.picklists.find(tenantId, { where: keys.map((key) => ({ key })) });
    const values = picklists.length
      ? await this.values.find(tenantId, { where: picklists.map((p) => ({ picklistId: p.id })) })
      : [];
    const problems: FieldProblem[] = [];
    for (const check of relevant) {
      const picklist = picklists.find((p) => p.key === check.picklistKey);
      const allowed = values.filter(
        (v) => v.picklistId === picklist?.id && (v.active || v.value === check.current),
      );
      if (!allowed.some((v) => v.value === check.value))
        problems.push({
          field: check.field,
          reason: `"${check.value}" is not a value of the ${picklist?.label ?? check.picklistKey} picklist`,
        });
    }
    return problems;
  }

  private async renameOnRecords(
    manager: EntityManager,
    tenantId: TenantId,
    key: string,
    from: string,
    to: string,
  ): Promise<void> {
    const usage = PICKLIST_USAGE[key];
    if (!usage) return;
    const repository = manager.getRepository(usage.entity);
    const affected = await repository.find({
      where: { tenantId, [usage.column]: from } as never,
      select: ['id'],
    });
    if (affected.length === 0) return;
    await repository.update(
      { tenantId, [usage.column]: from } as never,
      { [usage.column]: to, updatedAt: new Date() } as never,
    );
    await this.outbox.record(
      manager,
      tenantId,
      affected.map((record) => ({
        aggregateType: usage.aggregateType,
        aggregateId: record.id,
        type: `${usage.aggregateType}.updated`,
        payload: { changed: [usage.column], reason: 'picklist-rename' },
      })),
    );
  }

  private valueProblems(field: string, value: string): FieldProblem[] {
    if (typeof value !== 'string' || value.trim() === '')
      return [{ field, reason: 'must be a non-empty string' }];
    if (value.trim().length > PICKLIST_VALUE_MAX_LENGTH)
      return [{ field, reason: `must be at most ${PICKLIST_VALUE_MAX_LENGTH} characters` }];
    return [];
  }

  private view(picklist: Picklist, values: PicklistValue[]): PicklistView {
    return {
      id: picklist.id,
      key: picklist.key,
      label: picklist.label,
      builtIn: picklist.builtIn,
      values: values
        .filter((v) => v.picklistId === picklist.id)
        .sort((a, b) => a.position - b.position || a.value.localeCompare(b.value))
        .map(({ id, value, position, active }) => ({ id, value, position, active })),
    };
  }
}
