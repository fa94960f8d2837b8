import { EntityManager } from 'typeorm';
import { NotFoundError, TenantId } from '@crm/platform';
import type { Actor } from '../access/actor';
import { applyRecordVisibility } from '../access/record-visibility';
import { Deal } from '../deals/deal.entities';
import { Contact, Lead, Organization } from '../records/record.entities';
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
