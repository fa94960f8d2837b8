import { EntityManager, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { NotFoundError, TenantId } from '@crm/platform';
import type { Actor } from '../access/actor';
import { applyRecordVisibility } from '../access/record-visibility';
import { Deal } from '../deals/deal.entities';
import { Contact, Lead, Organization } from '../records/record.entities';
import { pageWindow, type Page } from '../common/paging';
import { pageOf, type ListRequest, type ListShape } from '../common/queries';
import type { ActivityRecordModule } from './activity.entities';

/** The team-scoped tables that activities (and deals) may point at. */
type TeamScopedRow = { id: string; tenantId: TenantId; ownerId: string | null; teamId: string | null };

export const LINKABLE_RECORDS: Record<
  ActivityRecordModule,
  { entity: new () => TeamScopedRow; resourceName: string }
> = {
  contacts: { entity: Contact, resourceName: 'Contact' },
  leads: { entity: Lead, resourceName: 'Lead' },
  organizations: { entity: Organization, resourceName: 'Organization' },
  deals: { entity: Deal, resourceName: 'Deal' },
};

/**
 * The ids among `ids` that are `module` records of the tenant and, when an actor is given,
 * that the actor may see (module right and record visibility). Without an actor (connectors)
 * existence in the tenant is enough.
 */
export async function visibleRecordIds(
  manager: EntityManager,
  tenantId: TenantId,
  actor: Actor | null,
  module: ActivityRecordModule,
  ids: readonly string[],
): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  if (actor && !actor.isAdmin && !actor.modules.includes(module)) return new Set();
  const query = manager
    .createQueryBuilder(LINKABLE_RECORDS[module].entity, 'r')
    .select('r.id', 'id')
    .where('r.tenantId = :tenantId', { tenantId })
    .andWhere('r.id IN (:...ids)', { ids: unique });
  if (actor) applyRecordVisibility(query, 'r', actor);
  const rows = await query.getRawMany<{ id: string }>();
  return new Set(rows.map((row) => row.id));
}

/** 404 unless the record exists in the actor's tenant and the actor may see it. */
export async function assertVisibleRecord(
  manager: EntityManager,
  actor: Actor,
  module: ActivityRecordModule,
  id: string,
): Promise<void> {
  const visible = await visibleRecordIds(manager, actor.tenantId, actor, module, [id]);
  if (!visible.has(id)) throw new NotFoundError(LINKABLE_RECORDS[module].resourceName, id);
}

/**
 * One clause per module the reader may use, for a query over rows that point at records by
 * `module` and `recordId` columns (campaign recipients, link clickers): the row is of that
 * module and its record exists and is visible to them. OR them together; no clause means the
 * reader may see none of the rows.
 */
export function visibleRecordClauses<T extends ObjectLiteral>(
  actor: Actor,
  query: SelectQueryBuilder<T>,
  alias: string,
  modules: readonly ActivityRecordModule[],
): string[] {
  const clauses: string[] = [];
  for (const module of modules) {
    if (!actor.isAdmin && !actor.modules.includes(module)) continue;
    const record = `vr_${module}`;
    const exists = query
      .subQuery()
      .select('1')
      .from(LINKABLE_RECORDS[module].entity, record)
      .where(`${record}.id = ${alias}.recordId`)
      .andWhere(`${record}.tenantId = ${alias}.tenantId`);
    applyRecordVisibility(exists, record, actor);
    query.setParameter(`visibleModule_${module}`, module);
    clauses.push(`(${alias}.module = :visibleModule_${module} AND EXISTS ${exists.getQuery()})`);
  }
  return clauses;
}

/** Record names as the CRM shows them (a person's first and last name), keyed `module:id`. */
export async function recordNames(
  manager: EntityManager,
  tenantId: TenantId,
  refs: ReadonlyArray<{ module: ActivityRecordModule; recordId: string }>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const module of Object.keys(LINKABLE_RECORDS) as ActivityRecordModule[]) {
    const ids = [...new Set(refs.filter((ref) => ref.module === module).map((ref) => ref.recordId))];
    if (ids.length === 0) continue;
    if (module === 'contacts' || module === 'leads') {
      const people = await manager
        .getRepository(module === 'contacts' ? Contact : Lead)
        .find({ where: { tenantId, id: In(ids) }, select: ['id', 'firstName', 'lastName'] });
      for (const person of people)
        names.set(`${module}:${person.id}`, [person.firstName, person.lastName].filter(Boolean).join(' '));
    } else {
      const named = await manager
        .getRepository(module === 'organizations' ? Organization : Deal)
        .find({ where: { tenantId, id: In(ids) }, select: ['id', 'name'] });
      for (const row of named) names.set(`${module}:${row.id}`, row.name);
    }
  }
  return names;
}

/**
 * A page of rows that point at records (`module`, `recordId`), narrowed to the records the
 * reader may see in `modules`, each with its record's name.
 */
export async function pageOfVisibleRecords<T extends { module: ActivityRecordModule; recordId: string }>(
  manager: EntityManager,
  actor: Actor,
  query: SelectQueryBuilder<T>,
  alias: string,
  modules: readonly ActivityRecordModule[],
  request: ListRequest,
  shape: ListShape,
): Promise<Page<T & { recordName: string }>> {
  const visible = visibleRecordClauses(actor, query, alias, modules);
  if (visible.length === 0) {
    const { page, pageSize } = pageWindow(request);
    return { items: [], total: 0, page, pageSize };
  }
  query.andWhere(`(${visible.join(' OR ')})`);
  const page = await pageOf(query, alias, request, shape);
  const names = await recordNames(manager, actor.tenantId, page.items);
  return {
    ...page,
    items: page.items.map((row) =>
      Object.assign(row, { recordName: names.get(`${row.module}:${row.recordId}`) ?? '' }),
    ),
  };
}
