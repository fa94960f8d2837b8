import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  ConflictError,
  isUniqueViolation,
  ProblemCollector,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import { Page, PageRequest, pageWindow, parseSort } from './paging';

/** Query plumbing shared by the CRM services: plain lists, unique names, tenant id checks. */

export interface ListRequest extends PageRequest {
  q?: string;
  sort?: string;
}

export interface ListShape {
  /** Columns of `alias` searched by `q` (case-insensitive "contains"). */
  search: readonly string[];
  sortable: readonly string[];
  defaultSort: string;
}

// '!' is the LIKE escape on both databases: SQLite has no default escape and MySQL's backslash
// would need different quoting on each.
export const escapeLike = (value: string): string => value.replace(/[!%_]/g, (char) => `!${char}`);

/** Applies `q`, `sort` and the page window to a tenant-scoped query and runs it. */
export async function pageOf<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  request: ListRequest,
  shape: ListShape,
): Promise<Page<T>> {
  const { specs, invalid } = parseSort(request.sort || shape.defaultSort, shape.sortable);
  if (invalid.length > 0)
    throw ValidationFailedError.field(
      'sort',
      `cannot sort by ${invalid.join(', ')}; use ${shape.sortable.join(', ')}`,
    );
  const text = request.q?.trim().toLowerCase();
  if (text) {
    const search = `%${escapeLike(text)}%`;
    query.andWhere(
      new Brackets((where) => {
        for (const column of shape.search)
          where.orWhere(`LOWER(${alias}.${column}) LIKE :search ESCAPE '!'`, { search });
      }),
    );
  }
  for (const spec of specs)
    query.addOrderBy(`${alias}.${spec.field}`, spec.direction === 'asc' ? 'ASC' : 'DESC');
  // A unique tie-breaker keeps pages stable when sort values repeat.
  query.addOrderBy(`${alias}.id`, 'ASC');
  const { page, pageSize, skip } = pageWindow(request);
  const [items, total] = await query.skip(skip).take(pageSize).getManyAndCount();
  return { items, total, page, pageSize };
}

/**
 * Names are unique per tenant regardless of case (MySQL's collation already compares that way,
 * SQLite's unique index does not), so the check is made here for both.
 */
export async function assertNameAvailable<T extends ObjectLiteral & { id: string; tenantId: TenantId }>(
  repository: TenantScopedRepository<T>,
  tenantId: TenantId,
  name: string,
  exceptId?: string,
): Promise<void> {
  const query = repository
    .query(tenantId, 'named')
    .andWhere('LOWER(named.name) = :name', { name: name.toLowerCase() });
  if (exceptId) query.andWhere('named.id != :exceptId', { exceptId });
  if (await query.getExists()) throw nameTaken(repository.resourceName, name);
}

export function nameTaken(resourceName: string, name: string): ConflictError {
  return new ConflictError(`A ${resourceName.toLowerCase()} named "${name}" already exists`, 'name');
}

/** Runs a write and turns a unique violation into the given conflict. */
export async function withUniqueConflict<R>(
  write: () => Promise<R>,
  conflict: () => ConflictError,
): Promise<R> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}

/** Adds `<field>.<index>` problems for ids that are not rows of the tenant. */
export async function checkTenantIds<T extends ObjectLiteral & { id: string; tenantId: TenantId }>(
  repository: TenantScopedRepository<T>,
  tenantId: TenantId,
  ids: readonly string[],
  field: string,
  problems: ProblemCollector,
): Promise<void> {
  if (ids.length === 0) return;
  const found = await repository
    .query(tenantId, 'known')
    .select('known.id')
    .andWhere('known.id IN (:...ids)', { ids: [...new Set(ids)] })
    .getMany();
  const known = new Set(found.map((row) => row.id));
  ids.forEach((id, index) => {
    if (!known.has(id))
      problems.add(`${field}.${index}`, `is not a ${repository.resourceName.toLowerCase()} of this tenant`);
  });
}
