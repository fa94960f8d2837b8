import { EntityManager } from 'typeorm';
import { ConflictError, TenantId } from '@crm/platform';
import { Profile } from './profile.entity';
import { TeamMembership } from './team.entity';
import { User } from './user.entity';

/** Identity-specific queries: team memberships and the last-administrator rule. */

/** Replaces one side of the team-membership relation: all teams of a user, or all users of a team. */
export async function replaceMemberships(
  manager: EntityManager,
  tenantId: TenantId,
  side: { userId: string } | { teamId: string },
  otherIds: readonly string[],
): Promise<void> {
  const memberships = manager.getRepository(TeamMembership);
  await memberships.delete({ tenantId, ...side });
  const unique = [...new Set(otherIds)];
  if (unique.length === 0) return;
  await memberships.save(
    unique.map((otherId) =>
      memberships.create(
        'userId' in side
          ? { tenantId, userId: side.userId, teamId: otherId }
          : { tenantId, teamId: side.teamId, userId: otherId },
      ),
    ),
  );
}

/**
 * Refuses a change that would leave the tenant without an active administrator. `leaving`
 * describes what stops counting: a user (deactivated or moved to a non-admin profile) or a whole
 * profile (losing isAdmin). Must run inside the transaction that makes the change: on MySQL the
 * admin rows are locked, so two concurrent demotions cannot both see "another admin remains".
 */
export async function assertAnotherAdminRemains(
  manager: EntityManager,
  tenantId: TenantId,
  leaving: { userId: string } | { profileId: string },
  conflict: ConflictError,
): Promise<void> {
  const query = manager
    .getRepository(User)
    .createQueryBuilder('u')
    .innerJoin(Profile, 'p', 'p.id = u.profileId AND p.tenantId = u.tenantId')
    .select('u.id', 'userId')
    .addSelect('p.id', 'profileId')
    .where('u.tenantId = :tenantId', { tenantId })
    .andWhere('u.active = :active', { active: true })
    .andWhere('p.isAdmin = :isAdmin', { isAdmin: true });
  if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
  const admins = await query.getRawMany<{ userId: string; profileId: string }>();
  const remaining = admins.filter((admin) =>
    'userId' in leaving ? admin.userId !== leaving.userId : admin.profileId !== leaving.profileId,
  );
  if (remaining.length === 0) throw conflict;
}
