import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, ProblemCollector, TenantId, TenantScopedRepository } from '@crm/platform';
import type { Actor } from '../access/actor';
import { assertModuleAccess } from '../access/record-visibility';
import type { Page } from '../common/paging';
import { ListRequest, pageOf, withUniqueConflict } from '../common/queries';
import { CURRENCY_PROBLEM, isCurrencyCode } from './currency';
import { DealLine, Product } from './deal.entities';

export interface ProductInput {
  name: string;
  sku: string;
  unitPriceCents: number;
  currency: string;
  active?: boolean;
}

export interface ProductListRequest extends ListRequest {
  active?: boolean;
}

export interface ProductRemoval {
  id: string;
  /** False when the product is used on deal lines: it was deactivated instead. */
  deleted: boolean;
  deactivated: boolean;
  message: string;
}

const LIST_SHAPE = {
  search: ['name', 'sku'],
  sortable: ['name', 'sku', 'unitPriceCents', 'createdAt', 'updatedAt'],
  defaultSort: 'name',
} as const;

/** The tenant's price list; deal lines may refer to its products. */
@Injectable()
export class ProductsService {
  private readonly products: TenantScopedRepository<Product>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.products = new TenantScopedRepository(dataSource.getRepository(Product), 'Product');
  }

  list(actor: Actor, request: ProductListRequest): Promise<Page<Product>> {
    assertModuleAccess(actor, 'products');
    const query = this.products.query(actor.tenantId, 'p');
    if (request.active !== undefined) query.andWhere('p.active = :active', { active: request.active });
    return pageOf(query, 'p', request, LIST_SHAPE);
  }

  get(actor: Actor, id: string): Promise<Product> {
    assertModuleAccess(actor, 'products');
    return this.products.getById(actor.tenantId, id);
  }

  async create(actor: Actor, input: ProductInput): Promise<Product> {
    assertModuleAccess(actor, 'products');
    const fields = normalize(input);
    checkFields(fields);
    await this.assertSkuAvailable(actor.tenantId, fields.sku!);
    return withUniqueConflict(
      () =>
        this.products.save(actor.tenantId, this.products.create(actor.tenantId, { active: true, ...fields })),
      () => skuTaken(fields.sku!),
    );
  }

  async update(actor: Actor, id: string, input: Partial<ProductInput>): Promise<Product> {
    assertModuleAccess(actor, 'products');
    const product = await this.products.getById(actor.tenantId, id);
    const fields = normalize(input);
    checkFields(fields);
    if (fields.sku !== undefined) await this.assertSkuAvailable(actor.tenantId, fields.sku, id);
    Object.assign(product, fields);
    return withUniqueConflict(
      () => this.products.save(actor.tenantId, product),
      () => skuTaken(product.sku),
    );
  }

  /** Deletes the product, or deactivates it when deal lines refer to it (their history stays intact). */
  async remove(actor: Actor, id: string): Promise<ProductRemoval> {
    assertModuleAccess(actor, 'products');
    return this.dataSource.transaction(async (manager) => {
      const products = this.products.withManager(manager);
      const product = await products.getById(actor.tenantId, id);
      const uses = await manager.getRepository(DealLine).countBy({ tenantId: actor.tenantId, productId: id });
      if (uses === 0) {
        await products.remove(actor.tenantId, product);
        return { id, deleted: true, deactivated: false, message: 'Product deleted' };
      }
      product.active = false;
      await products.save(actor.tenantId, product);
      return {
        id,
        deleted: false,
        deactivated: true,
        message: `Product is used on ${uses} deal line${uses === 1 ? '' : 's'}, so it was deactivated instead of deleted`,
      };
    });
  }

  /** SKUs are unique per tenant regardless of case (as MySQL's collation compares them). */
  private async assertSkuAvailable(tenantId: TenantId, sku: string, exceptId?: string): Promise<void> {
    const query = this.products
      .query(tenantId, 'p')
      .andWhere('LOWER(p.sku) = :sku', { sku: sku.toLowerCase() });
    if (exceptId) query.andWhere('p.id != :exceptId', { exceptId });
    if (await query.getExists()) throw skuTaken(sku);
  }
}

function normalize(input: Partial<ProductInput>): Partial<ProductInput> {
  const fields: Partial<ProductInput> = { ...input };
  if (input.name !== undefined) fields.name = input.name.trim();
  if (input.sku !== undefined) fields.sku = input.sku.trim();
  return fields;
}

function checkFields(fields: Partial<ProductInput>): void {
  const problems = new ProblemCollector();
  if (fields.name !== undefined && !fields.name) problems.add('name', 'must not be empty');
  if (fields.sku !== undefined && !fields.sku) problems.add('sku', 'must not be empty');
  const price = fields.unitPriceCents;
  if (price !== undefined && (!Number.isSafeInteger(price) || price < 0))
    problems.add('unitPriceCents', 'must be a whole number of cents, 0 or more');
  if (fields.currency !== undefined && !isCurrencyCode(fields.currency))
    problems.add('currency', CURRENCY_PROBLEM);
  problems.throwIfAny();
}

function skuTaken(sku: string): ConflictError {
  return new ConflictError(`A product with SKU "${sku}" already exists`, 'sku');
}
