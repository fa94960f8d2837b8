import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { ForbiddenError, NotFoundError, TenantScopedRepository, ValidationFailedError } from '@crm/platform';
import type { Actor } from '../access/actor';
import { assertModuleAccess } from '../access/record-visibility';
import { Page, pageWindow } from '../common/paging';
import type { CrmModule } from '../identity/profile.entity';
import { SavedView, ViewModule } from './saved-view.entity';
import { FilterGroup, SortSpec } from './filter.types';
import type { FilterFieldView } from './filter-fields';
import { ModuleFiltersService } from './module-filters.service';

export interface SavedViewInput {
  module: ViewModule;
  name: string;
  filter: FilterGroup;
  sort?: SortSpec[] | null;
  columns?: string[] | null;
  shared?: boolean;
}

/** Saved views: shared ones are visible to the tenant, private ones to their owner only. */
@Injectable()
export class ViewsService {
  private readonly views: TenantScopedRepository<SavedView>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly filters: ModuleFiltersService,
  ) {
    this.views = new TenantScopedRepository(dataSource.getRepository(SavedView), 'View');
  }

  async list(
    actor: Actor,
    module: ViewModule | undefined,
    request: { page?: number; pageSize?: number },
  ): Promise<Page<SavedView>> {
    const query = this.views
      .query(actor.tenantId, 'v')
      .andWhere(
        new Brackets((w) =>
          w.where('v.shared = :shared', { shared: true }).orWhere('v.ownerId = :me', { me: actor.userId }),
        ),
      )
      .orderBy('v.module', 'ASC')
      .addOrderBy('v.name', 'ASC')
      .addOrderBy('v.id', 'ASC');
    if (module) query.andWhere('v.module = :module', { module });
    const { page, pageSize, skip } = pageWindow(request);
    const [items, total] = await query.offset(skip).limit(pageSize).getManyAndCount();
    return { items, total, page, pageSize };
  }

  /** What views (and list filters) of a module the actor may open can filter and sort by. */
  fields(actor: Actor, module: ViewModule): Promise<FilterFieldView[]> {
    assertModuleAccess(actor, module as CrmModule);
    return this.filters.describeFields(actor.tenantId, module);
  }

  async getVisible(actor: Actor, id: string): Promise<SavedView> {
    const view = await this.views.findById(actor.tenantId, id);
    if (!view || (!view.shared && view.ownerId !== actor.userId)) throw new NotFoundError('View', id);
    return view;
  }

  async create(actor: Actor, input: SavedViewInput): Promise<SavedView> {
    assertModuleAccess(actor, input.module as CrmModule);
    await this.validate(actor, input.module, input);
    return this.views.save(
      actor.tenantId,
      this.views.create(actor.tenantId, {
        module: input.module,
        name: input.name.trim(),
        filter: input.filter,
        sort: input.sort ?? null,
        columns: input.columns ?? null,
        shared: input.shared ?? true,
        ownerId: actor.userId,
      }),
    );
  }

  async update(actor: Actor, id: string, input: Partial<Omit<SavedViewInput, 'module'>>): Promise<SavedView> {
    const view = await this.getVisible(actor, id);
    this.assertCanEdit(actor, view);
    await this.validate(actor, view.module, input);
    if (input.name !== undefined) view.name = input.name.trim();
    if (input.filter !== undefined) view.filter = input.filter;
    if (input.sort !== undefined) view.sort = input.sort;
    if (input.columns !== undefined) view.columns = input.columns;
    if (input.shared !== undefined) view.shared = input.shared;
    return this.views.save(actor.tenantId, view);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const view = await this.getVisible(actor, id);
    this.assertCanEdit(actor, view);
    await this.views.remove(actor.tenantId, view);
  }

  private assertCanEdit(actor: Actor, view: SavedView): void {
    if (view.ownerId !== actor.userId && !actor.isAdmin)
      throw new ForbiddenError('Only the owner or an administrator can change this view');
  }

  private async validate(actor: Actor, module: ViewModule, input: Partial<SavedViewInput>): Promise<void> {
    const problems =
      input.filter !== undefined ? await this.filters.validate(actor.tenantId, module, input.filter) : [];
    if (input.sort) {
      const context = await this.filters.context(actor.tenantId, module, 'r');
      const sortable = this.filters.sortableFields(context);
      input.sort.forEach((spec, index) => {
        if (!sortable.includes(spec.field))
          problems.push({ field: `sort.${index}.field`, reason: `cannot sort by ${spec.field}` });
        if (spec.direction !== 'asc' && spec.direction !== 'desc')
          problems.push({ field: `sort.${index}.direction`, reason: 'must be asc or desc' });
      });
    }
    if (problems.length) throw new ValidationFailedError(problems);
  }
}
