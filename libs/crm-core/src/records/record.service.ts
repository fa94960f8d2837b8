import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  FieldProblem,
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
import { CampaignLinkClicker, CampaignRecipient } from '../campaigns/campaign.entities';
import { Page, pageWindow, parseSort } from '../common/paging';
import { escapeLike } from '../common/queries';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { Team } from '../identity/team.entity';
import { User } from '../identity/user.entity';
import { ModuleFiltersService } from '../views/module-filters.service';
import { FilterGroup, SortSpec } from '../views/filter.types';
import { ViewsService } from '../views/views.service';
import { EmailInput, emailListProblems, normalizeEmail } from './email-input';
import { RecordDefinition } from './record-definition';
import { EmailAddress, OwnedRecord, RecordTag } from './record.entities';
import { normalizeTags, tagProblems } from './tags';

export interface EmailView {
  id: string;
  email: string;
  isPrimary: boolean;
  useInMarketing: boolean;
  status: EmailAddress['status'];
}

export type RecordView<E> = E & { emails: EmailView[]; tags: string[] };

/** Create/update input: the module's scalar fields plus the parts every record has. */
export type RecordInput<E> = Partial<Pick<E, Extract<keyof E, string>>> & {
  emails?: EmailInput[];
  tags?: string[];
  custom?: Record<string, unknown>;
};

export interface RecordListRequest {
  q?: string;
  filter?: FilterGroup;
  viewId?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export type BulkAction = 'update' | 'delete' | 'addTags' | 'removeTags';

export interface BulkRequest<E> {
  action: BulkAction;
  ids: string[];
  changes?: RecordInput<E>;
  tags?: string[];
}

export interface BulkResult {
  affected: number;
  notFound: string[];
}

const ALIAS = 'r';

/** What every record service needs, injected once instead of through each subclass's constructor. */
@Injectable()
export class RecordServiceDependencies {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    readonly outbox: OutboxService,
    readonly customFields: CustomFieldsService,
    readonly filters: ModuleFiltersService,
    readonly views: ViewsService,
    readonly activities: ActivitiesService,
  ) {}
}

/**
 * Create, read, update, delete, search and bulk operations for organizations, contacts and
 * leads, written once. Each module adds its own field rules in `validateFields`. Every change
 * to a record or one of its email addresses writes outbox events in the same transaction.
 */
export abstract class RecordService<E extends OwnedRecord> {
  protected readonly records: TenantScopedRepository<E>;
  protected readonly emails: TenantScopedRepository<EmailAddress>;
  protected readonly dataSource: DataSource;
  private readonly outbox: OutboxService;
  private readonly customFields: CustomFieldsService;
  private readonly filters: ModuleFiltersService;
  private readonly views: ViewsService;
  private readonly activities: ActivitiesService;

  protected constructor(
    protected readonly definition: RecordDefinition<E>,
    dependencies: RecordServiceDependencies,
  ) {
    ({
      dataSource: this.dataSource,
      outbox: this.outbox,
      customFields: this.customFields,
      filters: this.filters,
      views: this.views,
      activities: this.activities,
    } = dependencies);
    this.records = new TenantScopedRepository(
      this.dataSource.getRepository(definition.entity),
      definition.resourceName,
    );
    this.emails = new TenantScopedRepository(this.dataSource.getRepository(EmailAddress), 'Email address');
  }

  /** Module-specific checks of scalar fields (picklists, links to other records). */
  protected abstract validateFields(
    tenantId: TenantId,
    fields: Partial<E>,
    existing: E | null,
  ): Promise<FieldProblem[]>;

  /** Fields a create must give (class-validator checks types; this checks presence for bulk/partial paths). */
  protected abstract defaults(): Partial<E>;

  // ---------------------------------------------------------------- reads

  async list(actor: Actor, request: RecordListRequest): Promise<Page<RecordView<E>>> {
    assertModuleAccess(actor, this.definition.module);
    const context = await this.filters.context(actor.tenantId, this.definition.module, ALIAS);
    const query = applyRecordVisibility(this.records.query(actor.tenantId, ALIAS), ALIAS, actor);
    let sort: SortSpec[] = this.definition.defaultSort;
    if (request.viewId) {
      const view = await this.views.getVisible(actor, request.viewId);
      if (view.module !== this.definition.module)
        throw ValidationFailedError.field(
          'viewId',
          `is a view of ${view.module}, not ${this.definition.module}`,
        );
      this.filters.applyFilter(query, context, view.filter, 'view.filter');
      if (view.sort?.length) sort = view.sort;
    }
    this.filters.applyFilter(query, context, request.filter);
    if (request.q?.trim()) this.applySearch(query, request.q.trim());
    if (request.sort) {
      const parsed = parseSort(request.sort, this.filters.sortableFields(context));
      if (parsed.invalid.length)
        throw ValidationFailedError.field('sort', `cannot sort by ${parsed.invalid.join(', ')}`);
      sort = parsed.specs;
    }
    this.filters.applySort(query, context, sort);
    const { page, pageSize, skip } = pageWindow(request);
    const [rows, total] = await Promise.all([
      query.clone().offset(skip).limit(pageSize).getMany(),
      query.getCount(),
    ]);
    return { items: await this.hydrate(actor.tenantId, rows), total, page, pageSize };
  }

  async get(actor: Actor, id: string): Promise<RecordView<E>> {
    const record = await this.getVisible(actor, id);
    return (await this.hydrate(actor.tenantId, [record]))[0];
  }

  /** The record if it exists in the tenant and the actor may see it; 404 otherwise. */
  async getVisible(actor: Actor, id: string, manager?: EntityManager): Promise<E> {
    assertModuleAccess(actor, this.definition.module);
    const repository = manager ? this.records.withManager(manager) : this.records;
    const record = await repository.findById(actor.tenantId, id);
    if (!record || !canSeeRecord(actor, record)) throw new NotFoundError(this.definition.resourceName, id);
    return record;
  }

  // ---------------------------------------------------------------- writes

  /**
   * `origin` (a sync's `{installationId}`) is stamped into every outbox event of the write, so the
   * relay does not send a change back to the connector it came from.
   */
  async create(
    actor: Actor,
    input: RecordInput<E>,
    origin?: Record<string, unknown>,
  ): Promise<RecordView<E>> {
    const { record, fields, prepared } = await this.draft(actor, input);
    const id = await this.dataSource.transaction(async (manager) => {
      await this.records.withManager(manager).save(actor.tenantId, record);
      const events: OutboxEventInput[] = [this.event(record.id, 'created', { changed: Object.keys(fields) })];
      events.push(...(await this.syncEmails(manager, actor.tenantId, record.id, input.emails ?? [], true)));
      await this.replaceTags(manager, actor.tenantId, record.id, prepared.tags ?? []);
      await this.outbox.record(manager, actor.tenantId, withOrigin(events, origin));
      return record.id;
    });
    return this.view(actor.tenantId, id);
  }

  /**
   * The record `create` would write for this input, checked the same way (it throws what `create`
   * would), without writing anything: what a dry run of a sync would have created.
   */
  async previewCreate(actor: Actor, input: RecordInput<E>): Promise<E> {
    return (await this.draft(actor, input)).record;
  }

  /** Checks a change as `applySyncChange` would (it throws what that would), without writing it. */
  async checkSyncChange(actor: Actor, id: string, fields: RecordInput<E>): Promise<void> {
    const record = await this.getVisible(actor, id);
    await this.prepare(actor, this.pickFields(fields), record, fields);
  }

  async update(actor: Actor, id: string, input: RecordInput<E>): Promise<RecordView<E>> {
    await this.dataSource.transaction(async (manager) => {
      const record = await this.getVisible(actor, id, manager);
      const events = await this.applyUpdate(manager, actor, record, input);
      await this.outbox.record(manager, actor.tenantId, events);
    });
    return this.view(actor.tenantId, id);
  }

  /**
   * A change a sync makes on the CRM's behalf: record fields and one address's changes in one
   * transaction, through the same validation and outbox events as `update`, stamped with `origin`.
   */
  async applySyncChange(
    actor: Actor,
    id: string,
    change: { fields?: RecordInput<E>; emailId?: string; email?: Partial<EmailInput> },
    origin: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const record = await this.getVisible(actor, id, manager);
      const input = { ...(change.fields ?? {}) } as RecordInput<E>;
      if (change.emailId) {
        const existing = await this.emailsOf(manager, actor.tenantId, [id]);
        if (!existing.some((e) => e.id === change.emailId))
          throw new NotFoundError('Email address', change.emailId);
        input.emails = existing.map((e) =>
          e.id === change.emailId ? { ...toEmailInput(e), ...change.email, id: e.id } : toEmailInput(e),
        );
      }
      const events = await this.applyUpdate(manager, actor, record, input);
      await this.outbox.record(manager, actor.tenantId, withOrigin(events, origin));
    });
  }

  /**
   * The record as just written. Not re-checked for visibility: a user who may see only their
   * own records and hands one to a colleague still gets the result of what they did.
   */
  private async view(tenantId: TenantId, id: string): Promise<RecordView<E>> {
    return (await this.hydrate(tenantId, [await this.records.getById(tenantId, id)]))[0];
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const record = await this.getVisible(actor, id, manager);
      await this.outbox.record(
        manager,
        actor.tenantId,
        await this.deleteRecord(manager, actor.tenantId, record),
      );
    });
  }

  /** Mass edit, delete or tag the chosen records (list views); invisible ids are reported, not touched. */
  async bulk(actor: Actor, request: BulkRequest<E>): Promise<BulkResult> {
    assertModuleAccess(actor, this.definition.module);
    const ids = [...new Set(request.ids)];
    const tags = request.tags ? normalizeTags(request.tags) : [];
    if (request.action === 'addTags' || request.action === 'removeTags') {
      const problems = tagProblems(request.tags ?? [], 'tags');
      if (!request.tags?.length) problems.push({ field: 'tags', reason: 'give at least one tag' });
      if (problems.length) throw new ValidationFailedError(problems);
    }
    if (request.action === 'update' && !request.changes)
      throw ValidationFailedError.field('changes', 'is required for update');
    if (request.action === 'update' && (request.changes?.emails || request.changes?.tags))
      throw ValidationFailedError.field(
        'changes',
        'bulk update cannot replace emails or tags; use addTags/removeTags',
      );

    return this.dataSource.transaction(async (manager) => {
      const found = await this.records
        .withManager(manager)
        .find(actor.tenantId, { where: { id: In(ids) } as never });
      const visible = found.filter((record) => canSeeRecord(actor, record));
      const visibleIds = new Set(visible.map((record) => record.id));
      const events: OutboxEventInput[] = [];
      for (const record of visible) {
        if (request.action === 'update')
          events.push(...(await this.applyUpdate(manager, actor, record, request.changes!)));
        else if (request.action === 'delete')
          events.push(...(await this.deleteRecord(manager, actor.tenantId, record)));
        else {
          const current = await this.tagsOf(manager, actor.tenantId, [record.id]);
          const existing = current.get(record.id) ?? [];
          const next =
            request.action === 'addTags'
              ? normalizeTags([...existing, ...tags])
              : existing.filter((tag) => !tags.includes(tag));
          if (next.length !== existing.length) {
            await this.replaceTags(manager, actor.tenantId, record.id, next);
            events.push(this.event(record.id, 'updated', { changed: ['tags'] }));
          }
        }
      }
      await this.outbox.record(manager, actor.tenantId, events);
      return { affected: visible.length, notFound: ids.filter((id) => !visibleIds.has(id)) };
    });
  }

  // ---------------------------------------------------------------- email addresses

  async addEmail(actor: Actor, recordId: string, input: EmailInput): Promise<RecordView<E>> {
    await this.dataSource.transaction(async (manager) => {
      await this.getVisible(actor, recordId, manager);
      const existing = await this.emailsOf(manager, actor.tenantId, [recordId]);
      const list: EmailInput[] = [...existing.map(toEmailInput), { ...input, id: undefined }];
      const events = await this.syncEmails(manager, actor.tenantId, recordId, list, false, 'email');
      await this.outbox.record(manager, actor.tenantId, events);
    });
    return this.get(actor, recordId);
  }

  async updateEmail(
    actor: Actor,
    recordId: string,
    emailId: string,
    input: Partial<EmailInput>,
  ): Promise<RecordView<E>> {
    await this.dataSource.transaction(async (manager) => {
      await this.getVisible(actor, recordId, manager);
      const existing = await this.emailsOf(manager, actor.tenantId, [recordId]);
      if (!existing.some((e) => e.id === emailId)) throw new NotFoundError('Email address', emailId);
      const list = existing.map((e) =>
        e.id === emailId ? { ...toEmailInput(e), ...input, id: emailId } : toEmailInput(e),
      );
      if (input.isPrimary) list.forEach((e) => (e.isPrimary = e.id === emailId));
      const events = await this.syncEmails(manager, actor.tenantId, recordId, list, false);
      await this.outbox.record(manager, actor.tenantId, events);
    });
    return this.get(actor, recordId);
  }

  async removeEmail(actor: Actor, recordId: string, emailId: string): Promise<RecordView<E>> {
    await this.dataSource.transaction(async (manager) => {
      await this.getVisible(actor, recordId, manager);
      const existing = await this.emailsOf(manager, actor.tenantId, [recordId]);
      if (!existing.some((e) => e.id === emailId)) throw new NotFoundError('Email address', emailId);
      const list = existing.filter((e) => e.id !== emailId).map(toEmailInput);
      const events = await this.syncEmails(manager, actor.tenantId, recordId, list, false);
      await this.outbox.record(manager, actor.tenantId, events);
    });
    return this.get(actor, recordId);
  }

  // ---------------------------------------------------------------- internals

  private pickFields(input: RecordInput<E>): Partial<E> {
    const fields: Partial<E> = {};
    for (const name of this.definition.writableFields) {
      if (Object.prototype.hasOwnProperty.call(input, name))
        (fields as Record<string, unknown>)[name] = (input as Record<string, unknown>)[name];
    }
    return fields;
  }

  /** A new record from create input, validated, with its id: not written yet. */
  private async draft(actor: Actor, input: RecordInput<E>) {
    assertModuleAccess(actor, this.definition.module);
    const fields = this.pickFields(input);
    fields.ownerId = (fields.ownerId ?? actor.userId) as E['ownerId'];
    const prepared = await this.prepare(actor, fields, null, input);
    const record = this.records.create(actor.tenantId, {
      ...this.defaults(),
      ...fields,
      id: randomUUID(),
      custom: prepared.custom,
    } as Partial<E>);
    return { record, fields, prepared };
  }

  /** Validates everything about a write and collects every problem before failing. */
  private async prepare(
    actor: Actor,
    fields: Partial<E>,
    existing: E | null,
    input: RecordInput<E>,
  ): Promise<{ custom: Record<string, unknown>; tags?: string[] }> {
    const problems = new ProblemCollector();
    const add = (list: FieldProblem[]) => list.forEach((p) => problems.add(p.field, p.reason));
    for (const name of this.definition.requiredFields) {
      const value = (fields as Record<string, unknown>)[name];
      if (value === null || (typeof value === 'string' && value.trim() === ''))
        problems.add(name, 'is required');
    }
    add(await this.validateFields(actor.tenantId, fields, existing));
    add(await this.ownershipProblems(actor.tenantId, fields));
    if (input.emails) add(emailListProblems(input.emails));
    if (input.tags) add(tagProblems(input.tags, 'tags'));
    let custom: Record<string, unknown> = existing?.custom ?? {};
    try {
      const values = await this.customFields.validateValues(
        actor.tenantId,
        this.definition.module,
        input.custom,
        existing ? 'update' : 'create',
        existing?.custom,
      );
      custom = { ...custom, ...values };
      for (const [key, value] of Object.entries(values)) if (value === null) delete custom[key];
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      add(error.problems);
    }
    problems.throwIfAny();
    return { custom, tags: input.tags ? normalizeTags(input.tags) : undefined };
  }

  private async ownershipProblems(tenantId: TenantId, fields: Partial<E>): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    if (
      fields.ownerId &&
      !(await this.dataSource.getRepository(User).existsBy({ tenantId, id: fields.ownerId, active: true }))
    )
      problems.push({ field: 'ownerId', reason: 'is not an active user of this tenant' });
    if (
      fields.teamId &&
      !(await this.dataSource.getRepository(Team).existsBy({ tenantId, id: fields.teamId }))
    )
      problems.push({ field: 'teamId', reason: 'is not a team of this tenant' });
    return problems;
  }

  private async applyUpdate(
    manager: EntityManager,
    actor: Actor,
    record: E,
    input: RecordInput<E>,
  ): Promise<OutboxEventInput[]> {
    const fields = this.pickFields(input);
    const prepared = await this.prepare(actor, fields, record, input);
    const changed = Object.keys(fields).filter(
      (name) => (record as Record<string, unknown>)[name] !== (fields as Record<string, unknown>)[name],
    );
    if (JSON.stringify(prepared.custom) !== JSON.stringify(record.custom ?? {})) changed.push('custom');
    const events: OutboxEventInput[] = [];
    if (prepared.tags) {
      const current = (await this.tagsOf(manager, actor.tenantId, [record.id])).get(record.id) ?? [];
      if (current.join('\n') !== prepared.tags.join('\n')) {
        await this.replaceTags(manager, actor.tenantId, record.id, prepared.tags);
        changed.push('tags');
      }
    }
    if (changed.some((name) => name !== 'tags')) {
      Object.assign(record, fields, { custom: prepared.custom });
      await this.records.withManager(manager).save(actor.tenantId, record);
    }
    if (changed.length) events.push(this.event(record.id, 'updated', { changed }));
    if (input.emails)
      events.push(...(await this.syncEmails(manager, actor.tenantId, record.id, input.emails, false)));
    return events;
  }

  private async deleteRecord(
    manager: EntityManager,
    tenantId: TenantId,
    record: E,
  ): Promise<OutboxEventInput[]> {
    const id = record.id; // remove() clears the entity's id
    const emails = await this.emailsOf(manager, tenantId, [record.id]);
    const events: OutboxEventInput[] = emails.map((email) => this.emailEvent(email, 'deleted'));
    await this.emails
      .withManager(manager)
      .delete(tenantId, { ownerType: this.definition.aggregateType, ownerId: record.id });
    await manager.delete(RecordTag, { tenantId, module: this.definition.module, recordId: record.id });
    await this.activities.forgetRecords(manager, tenantId, this.definition.module, [id]);
    // Campaign activity and link clicks are the record's: they go with it.
    const { module } = this.definition;
    if (module === 'contacts' || module === 'leads')
      await manager.delete(CampaignRecipient, { tenantId, module, recordId: id });
    await manager.delete(CampaignLinkClicker, { tenantId, module, recordId: id });
    await this.beforeDelete(manager, tenantId, record, events);
    await this.records.withManager(manager).remove(tenantId, record);
    // The addresses go in the payload because the rows are gone once the relay reads the event.
    events.push(this.event(id, 'deleted', { emails: emails.map((email) => email.emailNormalized) }));
    return events;
  }

  /** Hook for modules whose records are referenced elsewhere (an organization's contacts). */
  protected async beforeDelete(
    _manager: EntityManager,
    _tenantId: TenantId,
    _record: E,
    _events: OutboxEventInput[],
  ): Promise<void> {}

  /**
   * Makes the record's addresses equal to `list` (matched by id, then by address), writing an
   * outbox event for each address created, changed or deleted.
   */
  private async syncEmails(
    manager: EntityManager,
    tenantId: TenantId,
    recordId: string,
    list: EmailInput[],
    isNew: boolean,
    path = 'emails',
  ): Promise<OutboxEventInput[]> {
    const problems = emailListProblems(list, path);
    if (problems.length) throw new ValidationFailedError(problems);
    const repository = this.emails.withManager(manager);
    const existing = isNew ? [] : await this.emailsOf(manager, tenantId, [recordId]);
    const byId = new Map(existing.map((e) => [e.id, e]));
    const byAddress = new Map(existing.map((e) => [e.emailNormalized, e]));
    const hasPrimary = list.some((e) => e.isPrimary);
    const kept = new Set<string>();
    const events: OutboxEventInput[] = [];
    for (const [index, input] of list.entries()) {
      if (input.id && !byId.has(input.id))
        throw ValidationFailedError.field(`${path}.${index}.id`, 'is not an address of this record');
      const normalized = normalizeEmail(input.email);
      const current = (input.id ? byId.get(input.id) : undefined) ?? byAddress.get(normalized);
      const next = {
        email: input.email.trim(),
        emailNormalized: normalized,
        isPrimary: hasPrimary ? input.isPrimary === true : index === 0,
        useInMarketing: input.useInMarketing ?? current?.useInMarketing ?? true,
        status: input.status ?? current?.status ?? 'ACTIVE',
      };
      if (current) {
        kept.add(current.id);
        const changed = (Object.keys(next) as Array<keyof typeof next>).filter(
          (key) => current[key] !== next[key],
        );
        if (changed.length) {
          Object.assign(current, next);
          await repository.save(tenantId, current);
          events.push(this.emailEvent(current, 'updated', changed));
        }
      } else {
        const created = await repository.save(
          tenantId,
          repository.create(tenantId, {
            ownerType: this.definition.aggregateType,
            ownerId: recordId,
            ...next,
          }),
        );
        kept.add(created.id);
        events.push(this.emailEvent(created, 'created'));
      }
    }
    for (const email of existing.filter((e) => !kept.has(e.id))) {
      const event = this.emailEvent(email, 'deleted');
      await repository.remove(tenantId, email);
      events.push(event);
    }
    return events;
  }

  private emailEvent(
    email: EmailAddress,
    verb: 'created' | 'updated' | 'deleted',
    changed?: string[],
  ): OutboxEventInput {
    return {
      aggregateType: 'email_address',
      aggregateId: email.id,
      type: `email_address.${verb}`,
      payload: {
        ownerType: email.ownerType,
        ownerId: email.ownerId,
        ...(changed ? { changed } : {}),
        ...(verb === 'deleted' ? { email: email.emailNormalized } : {}),
      },
    };
  }

  protected event(
    id: string,
    verb: 'created' | 'updated' | 'deleted',
    payload: Record<string, unknown>,
  ): OutboxEventInput {
    const type = this.definition.aggregateType;
    return { aggregateType: type, aggregateId: id, type: `${type}.${verb}`, payload };
  }

  private async replaceTags(
    manager: EntityManager,
    tenantId: TenantId,
    recordId: string,
    tags: string[],
  ): Promise<void> {
    const module = this.definition.module;
    await manager.delete(RecordTag, { tenantId, module, recordId });
    if (tags.length)
      await manager.save(tags.map((tag) => manager.create(RecordTag, { tenantId, module, recordId, tag })));
  }

  private async tagsOf(
    manager: EntityManager,
    tenantId: TenantId,
    ids: string[],
  ): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (!ids.length) return map;
    const rows = await manager.find(RecordTag, {
      where: { tenantId, module: this.definition.module, recordId: In(ids) },
      order: { tag: 'ASC' },
    });
    for (const row of rows) map.set(row.recordId, [...(map.get(row.recordId) ?? []), row.tag]);
    return map;
  }

  private emailsOf(manager: EntityManager, tenantId: TenantId, ids: string[]): Promise<EmailAddress[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.emails.withManager(manager).find(tenantId, {
      where: { ownerType: this.definition.aggregateType, ownerId: In(ids) },
      order: { isPrimary: 'DESC', createdAt: 'ASC' },
    });
  }

  /** Adds emails and tags to loaded rows with two queries for the whole page. */
  protected async hydrate(tenantId: TenantId, rows: E[]): Promise<RecordView<E>[]> {
    const ids = rows.map((row) => row.id);
    const manager = this.dataSource.manager;
    const [emails, tags] = await Promise.all([
      this.emailsOf(manager, tenantId, ids),
      this.tagsOf(manager, tenantId, ids),
    ]);
    return rows.map((row) => ({
      ...row,
      custom: row.custom ?? {},
      emails: emails
        .filter((e) => e.ownerId === row.id)
        .map(({ id, email, isPrimary, useInMarketing, status }) => ({
          id,
          email,
          isPrimary,
          useInMarketing,
          status,
        })),
      tags: tags.get(row.id) ?? [],
    }));
  }

  private applySearch(query: ReturnType<TenantScopedRepository<E>['query']>, q: string): void {
    const like = `%${escapeLike(q)}%`;
    const columns = this.definition.searchColumns.map((c) => `${ALIAS}.${c} LIKE :q ESCAPE '!'`);
    const email =
      `EXISTS (SELECT 1 FROM email_address qe WHERE qe.tenantId = ${ALIAS}.tenantId AND qe.ownerType = :qOwner` +
      ` AND qe.ownerId = ${ALIAS}.id AND qe.emailNormalized LIKE :qEmail ESCAPE '!')`;
    query.andWhere(`(${[...columns, email].join(' OR ')})`, {
      q: like,
      qEmail: like.toLowerCase(),
      qOwner: this.definition.aggregateType,
    });
  }
}

function withOrigin(events: OutboxEventInput[], origin?: Record<string, unknown>): OutboxEventInput[] {
  return origin ? events.map((event) => ({ ...event, payload: { ...event.payload, origin } })) : events;
}

function toEmailInput(email: EmailAddress): EmailInput {
  return {
    id: email.id,
    email: email.email,
    isPrimary: email.isPrimary,
    useInMarketing: email.useInMarketing,
    status: email.status,
  };
}
