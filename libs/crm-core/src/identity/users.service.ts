import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ConflictError, ProblemCollector, TenantId, TenantScopedRepository } from '@crm/platform';
import type { Actor } from '../access/actor';
import { assertAdmin } from '../access/record-visibility';
import type { Page } from '../common/paging';
import { Tenant } from '../tenants/tenant.entity';
import { AuthSession } from './credential.entities';
import { checkTenantIds, ListRequest, pageOf, withUniqueConflict } from '../common/queries';
import { assertAnotherAdminRemains, replaceMemberships } from './identity-queries';
import { hashPassword } from './password-hasher';
import { CrmModule, Profile, RecordAccess } from './profile.entity';
import { Team, TeamMembership } from './team.entity';
import { User } from './user.entity';

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  profileId: string;
  active: boolean;
  locale: string;
  teamIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface CurrentUserView {
  user: UserView;
  profile: { id: string; name: string; isAdmin: boolean; recordAccess: RecordAccess; modules: CrmModule[] };
  teamIds: string[];
  tenant: { id: string; name: string; slug: string };
}

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  profileId: string;
  teamIds?: string[];
  locale?: string;
}

export type UpdateUserInput = Partial<
  Pick<CreateUserInput, 'name' | 'profileId' | 'locale' | 'password' | 'teamIds'>
> & {
  active?: boolean;
};

export interface UserListRequest extends ListRequest {
  active?: boolean;
  /** Only members of this team (the team's member list). */
  teamId?: string;
}

export const USER_SORTABLE = ['name', 'email', 'createdAt'] as const;
export const MIN_PASSWORD_LENGTH = 8;

/**
 * Users of a tenant. Reads are open to every user (owner pickers need names); writes are for
 * administrators, and never leave the tenant without an active administrator.
 */
@Injectable()
export class UsersService {
  private readonly users: TenantScopedRepository<User>;
  private readonly profiles: TenantScopedRepository<Profile>;
  private readonly teams: TenantScopedRepository<Team>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.users = new TenantScopedRepository(dataSource.getRepository(User), 'User');
    this.profiles = new TenantScopedRepository(dataSource.getRepository(Profile), 'Profile');
    this.teams = new TenantScopedRepository(dataSource.getRepository(Team), 'Team');
  }

  async list(actor: Actor, request: UserListRequest = {}): Promise<Page<UserView>> {
    const query = this.users.query(actor.tenantId, 'u');
    if (request.active !== undefined) query.andWhere('u.active = :active', { active: request.active });
    if (request.teamId) {
      const members = query
        .subQuery()
        .select('m.userId')
        .from(TeamMembership, 'm')
        .where('m.tenantId = :tenantId')
        .andWhere('m.teamId = :teamId')
        .getQuery();
      query.andWhere(`u.id IN ${members}`, { teamId: request.teamId });
    }
    const page = await pageOf(query, 'u', request, {
      search: ['name', 'email'],
      sortable: USER_SORTABLE,
      defaultSort: 'name',
    });
    return { ...page, items: await this.views(actor.tenantId, page.items) };
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    const [view] = await this.views(actor.tenantId, [await this.users.getById(actor.tenantId, id)]);
    return view;
  }

  async create(actor: Actor, input: CreateUserInput): Promise<UserView> {
    assertAdmin(actor);
    const email = normalizeEmail(input.email);
    const teamIds = input.teamIds ?? [];
    await this.checkReferences(actor.tenantId, { profileId: input.profileId, teamIds });
    const emailTaken = () => new ConflictError(`A user with email ${email} already exists`, 'email');
    if (await this.users.exists(actor.tenantId, { email })) throw emailTaken();
    const passwordHash = await hashPassword(input.password);
    const user = await withUniqueConflict(
      () =>
        this.dataSource.transaction(async (manager) => {
          const users = this.users.withManager(manager);
          const saved = await users.save(
            actor.tenantId,
            users.create(actor.tenantId, {
              email,
              name: input.name.trim(),
              passwordHash,
              profileId: input.profileId,
              active: true,
              locale: input.locale ?? 'es',
            }),
          );
          await replaceMemberships(manager, actor.tenantId, { userId: saved.id }, teamIds);
          return saved;
        }),
      emailTaken,
    );
    return this.get(actor, user.id);
  }

  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<UserView> {
    assertAdmin(actor);
    await this.checkReferences(actor.tenantId, { profileId: input.profileId, teamIds: input.teamIds ?? [] });
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    await this.dataSource.transaction(async (manager) => {
      const users = this.users.withManager(manager);
      const user = await users.getById(actor.tenantId, id);
      if (input.active === false) await this.assertMayDeactivate(manager, actor, user, 'active');
      if (input.profileId !== undefined && input.profileId !== user.profileId && user.active) {
        await this.assertKeepsAdmin(manager, actor.tenantId, user, input.profileId);
      }
      if (input.name !== undefined) user.name = input.name.trim();
      if (input.profileId !== undefined) user.profileId = input.profileId;
      if (input.locale !== undefined) user.locale = input.locale;
      if (input.active !== undefined) user.active = input.active;
      if (passwordHash !== undefined) user.passwordHash = passwordHash;
      await users.save(actor.tenantId, user);
      if (input.teamIds !== undefined)
        await replaceMemberships(manager, actor.tenantId, { userId: user.id }, input.teamIds);
      // A deactivated user is signed out at once; so is someone whose password an admin reset
      // (but an admin changing their own password keeps the session they are using).
      if (input.active === false || (passwordHash !== undefined && user.id !== actor.userId)) {
        await revokeSessions(manager, actor.tenantId, user.id);
      }
    });
    return this.get(actor, id);
  }

  /** DELETE keeps the row (records still name their owner): the user is deactivated and signed out. */
  async deactivate(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    await this.dataSource.transaction(async (manager) => {
      const users = this.users.withManager(manager);
      const user = await users.getById(actor.tenantId, id);
      await this.assertMayDeactivate(manager, actor, user, 'id');
      user.active = false;
      await users.save(actor.tenantId, user);
      await revokeSessions(manager, actor.tenantId, user.id);
    });
  }

  /** The signed-in user with the profile, teams and tenant the UI needs at start. */
  async me(actor: Actor): Promise<CurrentUserView> {
    const user = await this.get(actor, actor.userId);
    const profile = await this.profiles.getById(actor.tenantId, actor.profileId);
    const tenant = await this.dataSource.getRepository(Tenant).findOneByOrFail({ id: actor.tenantId });
    return {
      user,
      profile: {
        id: profile.id,
        name: profile.name,
        isAdmin: profile.isAdmin,
        recordAccess: profile.recordAccess,
        modules: profile.modules,
      },
      teamIds: user.teamIds,
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug },
    };
  }

  private async checkReferences(
    tenantId: TenantId,
    refs: { profileId?: string; teamIds: string[] },
  ): Promise<void> {
    const problems = new ProblemCollector();
    if (refs.profileId !== undefined && !(await this.profiles.exists(tenantId, { id: refs.profileId }))) {
      problems.add('profileId', 'is not a profile of this tenant');
    }
    await checkTenantIds(this.teams, tenantId, refs.teamIds, 'teamIds', problems);
    problems.throwIfAny();
  }

  private async assertMayDeactivate(
    manager: EntityManager,
    actor: Actor,
    user: User,
    field: string,
  ): Promise<void> {
    if (!user.active) return;
    if (user.id === actor.userId) throw new ConflictError('You cannot deactivate yourself', field);
    await assertAnotherAdminRemains(
      manager,
      actor.tenantId,
      { userId: user.id },
      new ConflictError(
        'This is the last active administrator; make someone else an administrator first',
        field,
      ),
    );
  }

  private async assertKeepsAdmin(
    manager: EntityManager,
    tenantId: TenantId,
    user: User,
    profileId: string,
  ): Promise<void> {
    const profiles = this.profiles.withManager(manager);
    const current = await profiles.getById(tenantId, user.profileId);
    const next = await profiles.getById(tenantId, profileId);
    if (!current.isAdmin || next.isAdmin) return;
    await assertAnotherAdminRemains(
      manager,
      tenantId,
      { userId: user.id },
      new ConflictError(
        'This is the last active administrator; their profile must stay an administrator one',
        'profileId',
      ),
    );
  }

  private async views(tenantId: TenantId, users: User[]): Promise<UserView[]> {
    if (users.length === 0) return [];
    const memberships = await this.dataSource
      .getRepository(TeamMembership)
      .find({ where: { tenantId, userId: In(users.map((user) => user.id)) }, order: { teamId: 'ASC' } });
    return users.map((user) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      profileId: user.profileId,
      active: user.active,
      locale: user.locale,
      teamIds: memberships
        .filter((membership) => membership.userId === user.id)
        .map((membership) => membership.teamId),
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    }));
  }
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function revokeSessions(manager: EntityManager, tenantId: TenantId, userId: string): Promise<void> {
  await manager
    .getRepository(AuthSession)
    .update({ tenantId, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
}
