import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ForbiddenError } from '@crm/platform';
import type { CrmModule } from '../identity/profile.entity';
import type { Actor } from './actor';

/** Module rights come from the profile; administrators may use every module. */
export function assertModuleAccess(actor: Actor, module: CrmModule): void {
  if (!actor.isAdmin && !actor.modules.includes(module)) {
    throw new ForbiddenError(`Your profile does not include the ${module} module`);
  }
}

export function assertAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw new ForbiddenError('Only administrators can do this');
}

/**
 * Narrows a query on a team-scoped table (ownerId, teamId) to what the actor may see:
 * everything, their teams' records and their own, or only their own. Records outside it behave
 * as if they did not exist (404), exactly like another tenant's.
 */
export function applyRecordVisibility<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  actor: Actor,
): SelectQueryBuilder<T> {
  if (actor.isAdmin || actor.recordAccess === 'ALL') return query;
  if (actor.recordAccess === 'OWN' || actor.teamIds.length === 0) {
    return query.andWhere(`${alias}.ownerId = :visibilityUserId`, { visibilityUserId: actor.userId });
  }
  return query.andWhere(
    new Brackets((where) =>
      where
        .where(`${alias}.ownerId = :visibilityUserId`, { visibilityUserId: actor.userId })
        .orWhere(`${alias}.teamId IN (:...visibilityTeamIds)`, { visibilityTeamIds: actor.teamIds }),
    ),
  );
}

/** The same rule for one loaded row. */
export function canSeeRecord(actor: Actor, row: { ownerId: string | null; teamId: string | null }): boolean {
  if (actor.isAdmin || actor.recordAccess === 'ALL') return true;
  if (row.ownerId === actor.userId) return true;
  return actor.recordAccess === 'TEAM' && row.teamId !== null && actor.teamIds.includes(row.teamId);
}
