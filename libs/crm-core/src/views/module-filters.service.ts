import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { FieldProblem, TenantId, ValidationFailedError } from '@crm/platform';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { contactCatalog, dealCatalog, leadCatalog, organizationCatalog } from '../records/record-catalogs';
import type { EmailOwnerType, TaggableModule } from '../records/record.entities';
import { FieldCatalog } from './field-catalog';
import { FilterCompiler, FilterContext, specialFieldTypes, SqlDialect } from './filter-compiler';
import { describeFilterFields, FilterFieldView } from './filter-fields';
import { catalogResolver, validateFilter } from './filter-validator';
import { FilterGroup, SortSpec } from './filter.types';
import type { ViewModule } from './saved-view.entity';

const MODULES: Record<
  ViewModule,
  { catalog: FieldCatalog; tagModule?: TaggableModule; emailOwnerType?: EmailOwnerType }
> = {
  organizations: { catalog: organizationCatalog, tagModule: 'organizations', emailOwnerType: 'organization' },
  contacts: { catalog: contactCatalog, tagModule: 'contacts', emailOwnerType: 'contact' },
  leads: { catalog: leadCatalog, tagModule: 'leads', emailOwnerType: 'lead' },
  deals: { catalog: dealCatalog },
};

/**
 * Filters and sorting over a module, shared by list endpoints, saved views and (later)
 * connector membership rules: validation, then compilation into the caller's query.
 */
@Injectable()
export class ModuleFiltersService {
  private readonly dialect: SqlDialect;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly customFields: CustomFieldsService,
  ) {
    this.dialect = dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  }

  async context(tenantId: TenantId, module: ViewModule, alias: string): Promise<FilterContext> {
    const definition = MODULES[module];
    return {
      alias,
      dialect: this.dialect,
      catalog: definition.catalog,
      customFields: await this.customFields.typesFor(tenantId, module),
      tagModule: definition.tagModule,
      emailOwnerType: definition.emailOwnerType,
    };
  }

  /** Problems with a filter for this module, each naming its path under `path`. */
  async validate(
    tenantId: TenantId,
    module: ViewModule,
    filter: unknown,
    path = 'filter',
  ): Promise<FieldProblem[]> {
    const context = await this.context(tenantId, module, 'r');
    return validateFilter(filter, catalogResolver(context.catalog, specialFieldTypes(context)), path);
  }

  /** The fields a filter over the module may name, with their operators (for filter builders). */
  async describeFields(tenantId: TenantId, module: ViewModule): Promise<FilterFieldView[]> {
    const definition = MODULES[module];
    return describeFilterFields(
      definition.catalog,
      { tags: definition.tagModule !== undefined, emails: definition.emailOwnerType !== undefined },
      await this.customFields.list(tenantId, module),
    );
  }

  sortableFields(context: FilterContext): string[] {
    return [
      ...Object.entries(context.catalog)
        .filter(([, field]) => field.sortable)
        .map(([name]) => name),
      ...Object.keys(context.customFields).map((key) => `custom.${key}`),
    ];
  }

  /** Validates (400 naming the path) and ANDs the filter into the query. */
  applyFilter<T extends ObjectLiteral>(
    query: SelectQueryBuilder<T>,
    context: FilterContext,
    filter: FilterGroup | undefined,
    path = 'filter',
  ): SelectQueryBuilder<T> {
    if (!filter) return query;
    const problems = validateFilter(
      filter,
      catalogResolver(context.catalog, specialFieldTypes(context)),
      path,
    );
    if (problems.length > 0) throw new ValidationFailedError(problems);
    const compiled = new FilterCompiler(context).compile(filter);
    return query.andWhere(compiled.sql, compiled.params);
  }

  /**
   * Validates each filter (400 naming `path.<index>.…`) and ANDs "any of them" into the query: the
   * records several saved views select, each once. No filter selects nothing.
   */
  applyAnyFilter<T extends ObjectLiteral>(
    query: SelectQueryBuilder<T>,
    context: FilterContext,
    filters: FilterGroup[],
    path = 'anyOf',
  ): SelectQueryBuilder<T> {
    if (filters.length === 0) return query.andWhere('1 = 0');
    const resolver = catalogResolver(context.catalog, specialFieldTypes(context));
    const problems = filters.flatMap((filter, index) => validateFilter(filter, resolver, `${path}.${index}`));
    if (problems.length > 0) throw new ValidationFailedError(problems);
    // One compilation, so the filters' parameters get distinct names; each filter was checked on its own.
    const compiled = new FilterCompiler(context).compile({ op: 'or', conditions: filters });
    return query.andWhere(compiled.sql, compiled.params);
  }

  /** Orders by validated sort specs, then by id so paging is stable. */
  applySort<T extends ObjectLiteral>(
    query: SelectQueryBuilder<T>,
    context: FilterContext,
    sort: SortSpec[],
  ): SelectQueryBuilder<T> {
    const compiler = new FilterCompiler(context);
    query.orderBy();
    sort.forEach((spec, index) => {
      const direction = spec.direction === 'desc' ? 'DESC' : 'ASC';
      const column = spec.field.startsWith('custom.') ? undefined : context.catalog[spec.field].column;
      if (column) {
        query.addOrderBy(`${context.alias}.${column}`, direction);
        return;
      }
      // Computed expressions are selected under an alias, which TypeORM can order by.
      const expression = spec.field.startsWith('custom.')
        ? compiler.customExpression(spec.field.slice(7), 'string')
        : context.catalog[spec.field].expression(context.alias);
      query.addSelect(expression, `sort_${index}`).addOrderBy(`sort_${index}`, direction);
    });
    return query.addOrderBy(`${context.alias}.id`, 'ASC');
  }
}
