import {
  EntityManager,
  FindManyOptions,
  FindOneOptions,
  FindOptionsWhere,
  In,
  Not,
  ObjectLiteral,
  Repository,
  SelectQueryBuilder,
} from 'typeorm';
import { NotFoundError } from '../errors/domain-errors';
import type { TenantId } from './tenant-id';

type TenantOwned = ObjectLiteral & { id: string; tenantId: TenantId };
type Where<T> = FindOptionsWhere<T> | FindOptionsWhere<T>[];

/**
 * A repository that cannot forget the tenant: every read and write takes the tenant id first
 * and adds it to the query. There is deliberately no unscoped find.
 */
export class TenantScopedRepository<T extends TenantOwned> {
  constructor(
    protected readonly repository: Repository<T>,
    /** Human name used in "not found" errors, e.g. "Contact". */
    readonly resourceName: string,
  ) {}

  /** The same repository bound to a transaction's entity manager. */
  withManager(manager: EntityManager): this {
    const Ctor = this.constructor as new (repository: Repository<T>, resourceName: string) => this;
    return new Ctor(manager.getRepository<T>(this.repository.target), this.resourceName);
  }

  get manager(): EntityManager {
    return this.repository.manager;
  }

  protected scope(tenantId: TenantId, where?: Where<T>): Where<T> {
    const tenantWhere = { tenantId } as FindOptionsWhere<T>;
    if (!where) return tenantWhere;
    if (Array.isArray(where)) return where.map((w) => ({ ...w, ...tenantWhere }));
    return { ...where, ...tenantWhere };
  }

  create(tenantId: TenantId, values: Partial<T>): T {
    return this.repository.create({ ...values, tenantId } as T);
  }

  findById(
    tenantId: TenantId,
    id: string,
    options: Omit<FindOneOptions<T>, 'where'> = {},
  ): Promise<T | null> {
    return this.repository.findOne({
      ...options,
      where: this.scope(tenantId, { id } as FindOptionsWhere<T>),
    });
  }

  async getById(tenantId: TenantId, id: string, options: Omit<FindOneOptions<T>, 'where'> = {}): Promise<T> {
    const found = await this.findById(tenantId, id, options);
    if (!found) throw new NotFoundError(this.resourceName, id);
    return found;
  }

  findOne(
    tenantId: TenantId,
    where: Where<T>,
    options: Omit<FindOneOptions<T>, 'where'> = {},
  ): Promise<T | null> {
    return this.repository.findOne({ ...options, where: this.scope(tenantId, where) });
  }

  find(tenantId: TenantId, options: FindManyOptions<T> = {}): Promise<T[]> {
    return this.repository.find({
      ...options,
      where: this.scope(tenantId, options.where as Where<T> | undefined),
    });
  }

  count(tenantId: TenantId, where?: Where<T>): Promise<number> {
    return this.repository.count({ where: this.scope(tenantId, where) });
  }

  async exists(tenantId: TenantId, where: Where<T>): Promise<boolean> {
    return (await this.count(tenantId, where)) > 0;
  }

  /**
   * A query builder already restricted to the tenant. Add conditions with andWhere (alternatives
   * inside Brackets): where() would replace the tenant condition and orWhere() would reach past
   * it, so on this builder both throw.
   */
  query(tenantId: TenantId, alias: string): SelectQueryBuilder<T> {
    const builder = this.repository
      .createQueryBuilder(alias)
      .where(`${alias}.tenantId = :tenantId`, { tenantId });
    const refuse = (method: string) => () => {
      throw new Error(
        `${method}() on a tenant-scoped query would escape the tenant condition; use andWhere()`,
      );
    };
    return Object.assign(builder, { where: refuse('where'), orWhere: refuse('orWhere') });
  }

  save(tenantId: TenantId, entity: T): Promise<T>;
  save(tenantId: TenantId, entities: T[]): Promise<T[]>;
  async save(tenantId: TenantId, entityOrEntities: T | T[]): Promise<T | T[]> {
    const list = Array.isArray(entityOrEntities) ? entityOrEntities : [entityOrEntities];
    for (const entity of list) {
      if (entity.tenantId === undefined) (entity as { tenantId: TenantId }).tenantId = tenantId;
      if (entity.tenantId !== tenantId)
        throw new Error(`Refusing to save a ${this.resourceName} of another tenant`);
    }
    await this.assertNoForeignIds(tenantId, list);
    return this.repository.save(entityOrEntities as T);
  }

  async delete(tenantId: TenantId, where: FindOptionsWhere<T>): Promise<number> {
    const result = await this.repository.delete({ ...where, tenantId } as FindOptionsWhere<T>);
    return result.affected ?? 0;
  }

  async remove(tenantId: TenantId, entity: T): Promise<void> {
    if (entity.tenantId !== tenantId)
      throw new Error(`Refusing to remove a ${this.resourceName} of another tenant`);
    await this.assertNoForeignIds(tenantId, [entity]);
    await this.repository.remove(entity);
  }

  /**
   * save() and remove() address rows by primary key alone, so an entity stamped with this tenant
   * but carrying another tenant's id (say, an id taken from a request) would update or delete
   * that tenant's row. Such an id does not exist for this tenant: not found.
   */
  private async assertNoForeignIds(tenantId: TenantId, entities: T[]): Promise<void> {
    const ids = entities
      .map((entity) => entity.id)
      .filter((id): id is string => typeof id === 'string' && id !== '');
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const foreign = await this.repository.findOne({
        select: { id: true } as FindOneOptions<T>['select'],
        where: { id: In(chunk), tenantId: Not(tenantId) } as FindOptionsWhere<T>,
      });
      if (foreign) throw new NotFoundError(this.resourceName, foreign.id);
    }
  }
}
