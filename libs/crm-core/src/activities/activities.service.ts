import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import {
  NotFoundError,
  ProblemCollector,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import type { Actor } from '../access/actor';
import { applyRecordVisibility, assertModuleAccess } from '../access/record-visibility';
import type { Page, PageRequest } from '../common/paging';
import { ListRequest, pageOf } from '../common/queries';
import { User } from '../identity/user.entity';
import {
  Activity,
  ACTIVITY_RECORD_MODULES,
  ACTIVITY_TYPES,
  ActivityLink,
  ActivityRecordModule,
  ActivityType,
} from './activity.entities';
import { assertVisibleRecord, LINKABLE_RECORDS, visibleRecordIds } from './record-lookup';

export interface ActivityLinkInput {
  module: ActivityRecordModule;
  recordId: string;
}

export interface ActivityInput {
  type: ActivityType;
  subject: string;
  body?: string | null;
  occurredAt: Date;
  endsAt?: Date | null;
  links: ActivityLinkInput[];
  meta?: Record<string, unknown> | null;
}

/** What a connector records (campaign events, emails): no actor, `source` is its key. */
export interface RecordedActivityInput extends ActivityInput {
  source: string;
  userId?: string | null;
}

export interface ActivityView {
  id: string;
  type: ActivityType;
  subject: string;
  body: string | null;
  occurredAt: Date;
  endsAt: Date | null;
  userId: string | null;
  teamId: string | null;
  source: string;
  meta: Record<string, unknown> | null;
  /** The linked records the reader may see. */
  links: ActivityLinkInput[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ActivityListRequest extends ListRequest {
  type?: ActivityType;
  /** occurredAt ≥ from */
  from?: Date;
  /** occurredAt ≤ to */
  to?: Date;
}

export interface TimelineRequest extends PageRequest {
  types?: ActivityType[];
}

export const MAX_ACTIVITY_LINKS = 500;
export const ACTIVITY_SUBJECT_MAX = 255;
/** TEXT holds 65,535 bytes; 16,000 characters fit even at 4 bytes each. */
export const ACTIVITY_BODY_MAX = 16_000;
export const ACTIVITY_META_MAX_BYTES = 16_384;
const SOURCE_KEY = /^[a-z][a-z0-9-]{0,39}$/;
const ALIAS = 'a';
const LIST_SHAPE = {
  search: ['subject'],
  sortable: ['occurredAt', 'createdAt', 'updatedAt', 'subject', 'type'],
  defaultSort: '-occurredAt',
} as const;
const TIMELINE_SHAPE = { search: [], sortable: ['occurredAt'], defaultSort: '-occurredAt' } as const;

/**
 * Emails, campaign events, notes, calls, tasks and calendar events, each linked to the records
 * whose timelines show it. An activity is visible to a user who may see one of its linked
 * records, or who it is attributed to; links to records they may not see are left out.
 */
@Injectable()
export class ActivitiesService {
  private readonly activities: TenantScopedRepository<Activity>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.activities = new TenantScopedRepository(dataSource.getRepository(Activity), 'Activity');
  }

  // ---------------------------------------------------------------- reads

  async list(actor: Actor, request: ActivityListRequest): Promise<Page<ActivityView>> {
    assertModuleAccess(actor, 'activities');
    const query = this.visibleQuery(actor);
    if (request.type) query.andWhere(`${ALIAS}.type = :type`, { type: request.type });
    if (request.from) query.andWhere(`${ALIAS}.occurredAt >= :from`, { from: request.from });
    if (request.to) query.andWhere(`${ALIAS}.occurredAt <= :to`, { to: request.to });
    const page = await pageOf(query, ALIAS, request, LIST_SHAPE);
    return { ...page, items: await this.hydrate(this.dataSource.manager, actor.tenantId, actor, page.items) };
  }

  async get(actor: Actor, id: string): Promise<ActivityView> {
    const activity = await this.getVisible(this.dataSource.manager, actor, id);
    return (await this.hydrate(this.dataSource.manager, actor.tenantId, actor, [activity]))[0];
  }

  /** Newest first: the activities linked to one record, which must exist and be visible (404). */
  async timeline(
    actor: Actor,
    module: ActivityRecordModule,
    recordId: string,
    request: TimelineRequest,
  ): Promise<Page<ActivityView>> {
    assertModuleAccess(actor, 'activities');
    if (!ACTIVITY_RECORD_MODULES.includes(module))
      throw ValidationFailedError.field('module', `must be one of ${ACTIVITY_RECORD_MODULES.join(', ')}`);
    assertModuleAccess(actor, module);
    await assertVisibleRecord(this.dataSource.manager, actor, module, recordId);
    const query = this.activities.query(actor.tenantId, ALIAS).andWhere((outer) => {
      const linked = outer
        .subQuery()
        .select('1')
        .from(ActivityLink, 'tl')
        .where(`tl.tenantId = ${ALIAS}.tenantId`)
        .andWhere(`tl.activityId = ${ALIAS}.id`)
        .andWhere('tl.module = :timelineModule', { timelineModule: module })
        .andWhere('tl.recordId = :timelineRecordId', { timelineRecordId: recordId });
      return `EXISTS ${linked.getQuery()}`;
    });
    if (request.types?.length) query.andWhere(`${ALIAS}.type IN (:...types)`, { types: request.types });
    const page = await pageOf(
      query,
      ALIAS,
      { page: request.page, pageSize: request.pageSize },
      TIMELINE_SHAPE,
    );
    return { ...page, items: await this.hydrate(this.dataSource.manager, actor.tenantId, actor, page.items) };
  }

  // ---------------------------------------------------------------- writes

  async create(actor: Actor, input: ActivityInput): Promise<ActivityView> {
    assertModuleAccess(actor, 'activities');
    const id = await this.dataSource.transaction((manager) =>
      this.insert(manager, actor.tenantId, actor, input, { source: 'user', userId: actor.userId }),
    );
    return this.get(actor, id);
  }

  /** For connectors: the same rules, links need only exist in the tenant. */
  async record(tenantId: TenantId, input: RecordedActivityInput): Promise<ActivityView> {
    if (!SOURCE_KEY.test(input.source) || input.source === 'user')
      throw ValidationFailedError.field(
        'source',
        'must be a connector key (lower-case letters, digits and -)',
      );
    return this.dataSource.transaction(async (manager) => {
      if (input.userId && !(await manager.getRepository(User).existsBy({ tenantId, id: input.userId })))
        throw ValidationFailedError.field('userId', 'is not a user of this tenant');
      const id = await this.insert(manager, tenantId, null, input, {
        source: input.source,
        userId: input.userId ?? null,
      });
      const activity = await this.activities.withManager(manager).getById(tenantId, id);
      return (await this.hydrate(manager, tenantId, null, [activity]))[0];
    });
  }

  /**
   * Changes the given fields. `links`, when given, replaces the links the actor can see; links
   * to records hidden from them stay, since they could not have chosen to remove them.
   */
  async update(actor: Actor, id: string, input: Partial<ActivityInput>): Promise<ActivityView> {
    assertModuleAccess(actor, 'activities');
    await this.dataSource.transaction(async (manager) => {
      const activity = await this.getVisible(manager, actor, id);
      const problems = new ProblemCollector();
      const fields = checkContent({ ...activity, ...definedOnly(input) }, problems);
      if (input.links !== undefined) {
        const current = await manager
          .getRepository(ActivityLink)
          .findBy({ tenantId: actor.tenantId, activityId: id });
        const hidden = await this.hiddenLinks(manager, actor, current);
        const links = await checkLinks(manager, actor.tenantId, actor, input.links, problems, hidden.length);
        problems.throwIfAny();
        await this.replaceLinks(manager, actor.tenantId, id, [...hidden, ...links]);
      }
      problems.throwIfAny();
      Object.assign(activity, fields);
      await this.activities.withManager(manager).save(actor.tenantId, activity);
    });
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    assertModuleAccess(actor, 'activities');
    await this.dataSource.transaction(async (manager) => {
      const activity = await this.getVisible(manager, actor, id);
      await manager.getRepository(ActivityLink).delete({ tenantId: actor.tenantId, activityId: id });
      await this.activities.withManager(manager).remove(actor.tenantId, activity);
    });
  }

  /**
   * For services deleting records: drops the records' links and the activities left linked to
   * nothing. Runs in the caller's transaction.
   */
  async forgetRecords(
    manager: EntityManager,
    tenantId: TenantId,
    module: ActivityRecordModule,
    recordIds: string[],
  ): Promise<void> {
    if (recordIds.length === 0) return;
    const links = manager.getRepository(ActivityLink);
    const affected = await links.findBy({ tenantId, module, recordId: In(recordIds) });
    if (affected.length === 0) return;
    const activityIds = [...new Set(affected.map((link) => link.activityId))];
    await links.delete({ tenantId, module, recordId: In(recordIds) });
    const remaining = await links.findBy({ tenantId, activityId: In(activityIds) });
    const stillLinked = new Set(remaining.map((link) => link.activityId));
    const orphans = activityIds.filter((activityId) => !stillLinked.has(activityId));
    if (orphans.length) await manager.getRepository(Activity).delete({ tenantId, id: In(orphans) });
  }

  // ---------------------------------------------------------------- internals

  private async insert(
    manager: EntityManager,
    tenantId: TenantId,
    actor: Actor | null,
    input: ActivityInput,
    attribution: { source: string; userId: string | null },
  ): Promise<string> {
    const problems = new ProblemCollector();
    const fields = checkContent(input, problems);
    const links = await checkLinks(manager, tenantId, actor, input.links, problems);
    problems.throwIfAny();
    const activities = this.activities.withManager(manager);
    const activity = await activities.save(
      tenantId,
      activities.create(tenantId, { ...fields, ...attribution, teamId: null }),
    );
    await this.replaceLinks(manager, tenantId, activity.id, links);
    return activity.id;
  }

  private async replaceLinks(
    manager: EntityManager,
    tenantId: TenantId,
    activityId: string,
    links: ActivityLinkInput[],
  ): Promise<void> {
    const repository = manager.getRepository(ActivityLink);
    await repository.delete({ tenantId, activityId });
    // Chunked so 500 links stay within the databases' parameter limits.
    for (let i = 0; i < links.length; i += 100) {
      await repository.save(
        links.slice(i, i + 100).map((link) => repository.create({ tenantId, activityId, ...link })),
      );
    }
  }

  /**
   * Activities the actor may see: all of them with access to every record, otherwise those
   * attributed to them or linked to a record they may see (one EXISTS per module).
   */
  private visibleQuery(actor: Actor, manager?: EntityManager): SelectQueryBuilder<Activity> {
    const query = (manager ? this.activities.withManager(manager) : this.activities).query(
      actor.tenantId,
      ALIAS,
    );
    if (actor.isAdmin || actor.recordAccess === 'ALL') return query;
    const clauses = [`${ALIAS}.userId = :activityViewerId`];
    for (const module of ACTIVITY_RECORD_MODULES) {
      if (!actor.modules.includes(module)) continue;
      const link = `vl_${module}`;
      const record = `vr_${module}`;
      const linked = query
        .subQuery()
        .select('1')
        .from(ActivityLink, link)
        .innerJoin(
          LINKABLE_RECORDS[module].entity,
          record,
          `${record}.id = ${link}.recordId AND ${record}.tenantId = ${link}.tenantId`,
        )
        .where(`${link}.tenantId = ${ALIAS}.tenantId`)
        .andWhere(`${link}.activityId = ${ALIAS}.id`)
        .andWhere(`${link}.module = :visibleModule_${module}`, { [`visibleModule_${module}`]: module });
      applyRecordVisibility(linked, record, actor);
      clauses.push(`EXISTS ${linked.getQuery()}`);
    }
    return query.andWhere(`(${clauses.join(' OR ')})`, { activityViewerId: actor.userId });
  }

  private async getVisible(manager: EntityManager, actor: Actor, id: string): Promise<Activity> {
    assertModuleAccess(actor, 'activities');
    const activity = await this.visibleQuery(actor, manager).andWhere(`${ALIAS}.id = :id`, { id }).getOne();
    if (!activity) throw new NotFoundError('Activity', id);
    return activity;
  }

  private async hiddenLinks(
    manager: EntityManager,
    actor: Actor,
    links: ActivityLink[],
  ): Promise<ActivityLinkInput[]> {
    const visible = await this.visibleLinkFilter(manager, actor.tenantId, actor, links);
    return links.filter((link) => !visible(link)).map(({ module, recordId }) => ({ module, recordId }));
  }

  /** A predicate telling which of `links` point at records the actor may see. */
  private async visibleLinkFilter(
    manager: EntityManager,
    tenantId: TenantId,
    actor: Actor | null,
    links: ActivityLink[],
  ): Promise<(link: ActivityLinkInput) => boolean> {
    if (!actor || actor.isAdmin || actor.recordAccess === 'ALL') {
      return (link) => !actor || actor.isAdmin || actor.modules.includes(link.module);
    }
    const visible = new Map<ActivityRecordModule, Set<string>>();
    for (const module of ACTIVITY_RECORD_MODULES) {
      const ids = links.filter((link) => link.module === module).map((link) => link.recordId);
      visible.set(module, await visibleRecordIds(manager, tenantId, actor, module, ids));
    }
    return (link) => visible.get(link.module)?.has(link.recordId) ?? false;
  }

  private async hydrate(
    manager: EntityManager,
    tenantId: TenantId,
    actor: Actor | null,
    activities: Activity[],
  ): Promise<ActivityView[]> {
    if (activities.length === 0) return [];
    const links = await manager.getRepository(ActivityLink).find({
      where: { tenantId, activityId: In(activities.map((activity) => activity.id)) },
      order: { createdAt: 'ASC' },
    });
    const visible = await this.visibleLinkFilter(manager, tenantId, actor, links);
    return activities.map((activity) => ({
      id: activity.id,
      type: activity.type,
      subject: activity.subject,
      body: activity.body,
      occurredAt: activity.occurredAt,
      endsAt: activity.endsAt,
      userId: activity.userId,
      teamId: activity.teamId,
      source: activity.source,
      meta: activity.meta,
      links: links
        .filter((link) => link.activityId === activity.id && visible(link))
        .map(({ module, recordId }) => ({ module, recordId })),
      createdAt: activity.createdAt,
      updatedAt: activity.updatedAt,
    }));
  }
}

type ActivityContent = Pick<Activity, 'type' | 'subject' | 'body' | 'occurredAt' | 'endsAt' | 'meta'>;

/** Field rules shared by create, update and connector imports; returns the columns to write. */
function checkContent(input: Omit<ActivityInput, 'links'>, problems: ProblemCollector): ActivityContent {
  if (!ACTIVITY_TYPES.includes(input.type))
    problems.add('type', `must be one of ${ACTIVITY_TYPES.join(', ')}`);
  const subject = (input.subject ?? '').trim();
  if (!subject) problems.add('subject', 'is required');
  else if (subject.length > ACTIVITY_SUBJECT_MAX)
    problems.add('subject', `must be at most ${ACTIVITY_SUBJECT_MAX} characters`);
  if (input.body && input.body.length > ACTIVITY_BODY_MAX)
    problems.add('body', `must be at most ${ACTIVITY_BODY_MAX} characters`);
  const validDate = (value: unknown): value is Date =>
    value instanceof Date && !Number.isNaN(value.getTime());
  if (!validDate(input.occurredAt)) problems.add('occurredAt', 'must be a date-time');
  const endsAt = input.endsAt ?? null;
  if (endsAt !== null && !validDate(endsAt)) problems.add('endsAt', 'must be a date-time');
  else if (input.type === 'CALENDAR_EVENT' && endsAt === null)
    problems.add('endsAt', 'is required for a calendar event');
  else if (endsAt && validDate(input.occurredAt) && endsAt < input.occurredAt)
    problems.add('endsAt', 'must not be before occurredAt');
  const meta = input.meta ?? null;
  if (meta !== null && (typeof meta !== 'object' || Array.isArray(meta)))
    problems.add('meta', 'must be an object');
  else if (meta !== null && Buffer.byteLength(JSON.stringify(meta)) > ACTIVITY_META_MAX_BYTES)
    problems.add('meta', `must be at most ${ACTIVITY_META_MAX_BYTES} bytes as JSON`);
  return { type: input.type, subject, body: input.body ?? null, occurredAt: input.occurredAt, endsAt, meta };
}

/**
 * Each link must name a record of the tenant that the actor (if any) may see; duplicates are
 * merged. `kept` counts links preserved beside these (hidden ones on update).
 */
async function checkLinks(
  manager: EntityManager,
  tenantId: TenantId,
  actor: Actor | null,
  links: ActivityLinkInput[] | undefined,
  problems: ProblemCollector,
  kept = 0,
): Promise<ActivityLinkInput[]> {
  const list = links ?? [];
  if (list.length + kept === 0) problems.add('links', 'link the activity to at least one record');
  if (list.length > MAX_ACTIVITY_LINKS) {
    problems.add('links', `at most ${MAX_ACTIVITY_LINKS} links`);
    return [];
  }
  for (const module of ACTIVITY_RECORD_MODULES) {
    const ids = list.filter((link) => link.module === module).map((link) => link.recordId);
    if (ids.length === 0) continue;
    const visible = await visibleRecordIds(manager, tenantId, actor, module, ids);
    list.forEach((link, index) => {
      if (link.module === module && !visible.has(link.recordId))
        problems.add(
          `links.${index}.recordId`,
          `is not a ${LINKABLE_RECORDS[module].resourceName.toLowerCase()} of this tenant`,
        );
    });
  }
  list.forEach((link, index) => {
    if (!ACTIVITY_RECORD_MODULES.includes(link.module))
      problems.add(`links.${index}.module`, `must be one of ${ACTIVITY_RECORD_MODULES.join(', ')}`);
  });
  const unique = new Map(list.map((link) => [`${link.module}:${link.recordId}`, link]));
  return [...unique.values()].map(({ module, recordId }) => ({ module, recordId }));
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
