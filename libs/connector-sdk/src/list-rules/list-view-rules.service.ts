import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, FieldProblem, NotFoundError, TenantId, ValidationFailedError } from '@crm/platform';
import { assertAdmin, ViewsService, type Actor } from '@crm/core';
import { VendorCatalogService } from '../catalog/vendor-catalog.service';
import { savedViewsMembership, type RecordModule, type SavedViewsMembership } from '../contract/manifest';
import { CRM_SYNC_PORT, CrmSyncPort } from '../engine/crm-sync.port';
import { VendorListRecord } from '../engine/vendor-list.entity';
import { InstallationAccess } from '../installations/installation-access';
import type { ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { ListViewRule } from './list-view-rule.entity';

/** A saved view that feeds a list, as the API shows it. */
export interface ListViewRuleView {
  viewId: string;
  name: string;
  module: string;
}

/** The saved views whose records a vendor list takes, in the admin's order. */
export interface ListViewsView {
  listId: string;
  views: ListViewRuleView[];
}

/**
 * Which saved views feed which vendor list (seed 004: "per ciascuna lista potremo indicare una
 * serie di filtri"), for connectors whose manifest takes list members from saved views. Read by
 * anyone who may see the installation, replaced by admins; the "update subscribers" run reads
 * them (and the views as they are then) to keep each list in step.
 */
@Injectable()
export class ListViewRulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: InstallationAccess,
    private readonly registry: ConnectorRegistry,
    private readonly catalog: VendorCatalogService,
    private readonly views: ViewsService,
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
  ) {}

  /** A list's views; 404 for a list the installation has never seen. Views deleted since are left out. */
  async get(actor: Actor, installationId: string, listId: string): Promise<ListViewsView> {
    const installation = await this.access.getVisible(actor, installationId);
    this.membershipOf(installation);
    const known = await this.dataSource
      .getRepository(VendorListRecord)
      .existsBy({ tenantId: actor.tenantId, installationId, vendorListId: listId });
    if (!known) throw new NotFoundError('List', listId);
    return this.current(actor.tenantId, installationId, listId);
  }

  /**
   * Replaces the list's views (admins). Checked before anything changes: the connector takes
   * members from saved views (409), the list is one the account has now, and each view is one
   * the admin can see, of a module the connector's lists take, named once (400s naming the field).
   */
  async replace(
    actor: Actor,
    installationId: string,
    listId: string,
    viewIds: string[],
  ): Promise<ListViewsView> {
    const installation = await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    const { membership, noun } = this.membershipOf(installation);
    if (!(await this.catalog.activeListIds(actor.tenantId, installationId)).has(listId))
      throw ValidationFailedError.field('listId', `is not one of this installation's ${noun}s`);
    const problems = await this.viewProblems(actor, viewIds, membership, noun);
    if (problems.length > 0) throw new ValidationFailedError(problems);
    await this.dataSource.transaction(async (manager) => {
      const rules = manager.getRepository(ListViewRule);
      await rules.delete({ tenantId: actor.tenantId, installationId, listId });
      if (viewIds.length > 0)
        await rules.save(
          viewIds.map((viewId, position) =>
            rules.create({ tenantId: actor.tenantId, installationId, listId, viewId, position }),
          ),
        );
    });
    return this.current(actor.tenantId, installationId, listId);
  }

  private async viewProblems(
    actor: Actor,
    viewIds: string[],
    membership: SavedViewsMembership,
    noun: string,
  ): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    for (const [index, viewId] of viewIds.entries()) {
      const field = `viewIds.${index}`;
      if (viewIds.indexOf(viewId) !== index) {
        problems.push({ field, reason: `${viewId} is listed twice` });
        continue;
      }
      const view = await this.views.getVisible(actor, viewId).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      if (!view) problems.push({ field, reason: 'is not a saved view you can see' });
      else if (!membership.modules.includes(view.module as RecordModule))
        problems.push({
          field,
          reason: `is a view of ${view.module}; ${noun}s take ${membership.modules.join(', ')}`,
        });
    }
    return problems;
  }

  private async current(tenantId: TenantId, installationId: string, listId: string): Promise<ListViewsView> {
    const rules = await this.dataSource.getRepository(ListViewRule).find({
      where: { tenantId, installationId, listId },
      order: { position: 'ASC', viewId: 'ASC' },
    });
    const views = new Map(
      (
        await this.crm.savedViews(
          tenantId,
          rules.map((rule) => rule.viewId),
        )
      ).map((view) => [view.id, view]),
    );
    return {
      listId,
      views: rules.flatMap((rule) => {
        const view = views.get(rule.viewId);
        return view ? [{ viewId: view.id, name: view.name, module: view.module }] : [];
      }),
    };
  }

  /** The connector's saved-views membership; 409 naming the installation when its lists have none. */
  private membershipOf(installation: ConnectorInstallation): {
    membership: SavedViewsMembership;
    noun: string;
  } {
    const { manifest } = this.registry.get(installation.connectorKey);
    const membership = savedViewsMembership(manifest);
    const noun = manifest.listNoun.toLowerCase();
    if (!membership)
      throw new ConflictError(
        `${manifest.name} ${noun}s do not take their members from saved views`,
        'installationId',
      );
    return { membership, noun };
  }
}
