import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  OutboxEventInput,
  OutboxService,
  ProblemCollector,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import { Activity } from '../activities/activity.entities';
import { Deal } from '../deals/deal.entities';
import { Contact, Lead, Organization } from '../records/record.entities';
import type { Actor } from '../access/actor';
import { assertAdmin } from '../access/record-visibility';
import type { Page } from '../common/paging';
import {
  assertNameAvailable,
  checkTenantIds,
  ListRequest,
  nameTaken,
  pageOf,
  withUniqueConflict,
} from '../common/queries';
import { replaceMemberships } from './identity-queries';
import { Team, TeamMembership } from './team.entity';
import { User } from './user.entity';
import { UsersService, UserView } from './users.service';

export interface TeamInput {
  name: string;
  description?: string | null;
}

export type TeamUpdate = Partial<TeamInput>;

export const TEAM_SORTABLE = ['name', 'createdAt'] as const;
export const MAX_TEAM_MEMBERS_PER_REQUEST = 1000;

/**
 * Teams group users for TEAM record visibility. Everyone may read them; administrators change
 * them and their membership (which takes effect on the members' next request).
 */
@Injectable()
export class TeamsService {
  private readonly teams: TenantScopedRepository<Team>;
  private readonly users: TenantScopedRepository<User>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly usersService: UsersService,
    private readonly outbox: OutboxService,
  ) {
    this.teams = new TenantScopedRepository(dataSource.getRepository(Team), 'Team');
    this.users = new TenantScopedRepository(dataSource.getRepository(User), 'User');
  }

  list(actor: Actor, request: ListRequest = {}): Promise<Page<Team>> {
    return pageOf(this.teams.query(actor.tenantId, 't'), 't', request, {
      search: ['name'],
      sortable: TEAM_SORTABLE,
      defaultSort: 'name',
    });
  }

  get(actor: Actor, id: string): Promise<Team> {
    return this.teams.getById(actor.tenantId, id);
  }

  async create(actor: Actor, input: TeamInput): Promise<Team> {
    assertAdmin(actor);
    const name = checkedName(input.name);
    await assertNameAvailable(this.teams, actor.tenantId, name);
    return withUniqueConflict(
      () =>
        this.teams.save(
          actor.tenantId,
          this.teams.create(actor.tenantId, { name, description: input.description?.trim() || null }),
        ),
      () => nameTaken('Team', name),
    );
  }

  async update(actor: Actor, id: string, input: TeamUpdate): Promise<Team> {
    assertAdmin(actor);
    const team = await this.teams.getById(actor.tenantId, id);
    const name = input.name === undefined ? undefined : checkedName(input.name);
    if (name !== undefined && name !== team.name)
      await assertNameAvailable(this.teams, actor.tenantId, name, id);
    if (name !== undefined) team.name = name;
    if (input.description !== undefined) team.description = input.description?.trim() || null;
    return withUniqueConflict(
      () => this.teams.save(actor.tenantId, team),
      () => nameTaken('Team', name ?? ''),
    );
  }

  /**
   * Deletes the team and its memberships. Records that named the team keep the id; they stay
   * visible to their owners and to ALL-access profiles.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    const team = await this.teams.getById(actor.tenantId, id);
    const teamId = team.id;
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(TeamMembership).delete({ tenantId: actor.tenantId, teamId });
      await this.unassignRecords(manager, actor.tenantId, teamId);
      await this.teams.withManager(manager).remove(actor.tenantId, team);
    });
  }

  /** Records of a deleted team keep their owner and lose the team (with an outbox event each). */
  private async unassignRecords(manager: EntityManager, tenantId: TenantId, teamId: string): Promise<void> {
    const events: OutboxEventInput[] = [];
    for (const [entity, type] of [
      [Organization, 'organization'],
      [Contact, 'contact'],
      [Lead, 'lead'],
    ] as const) {
      const rows = await manager.getRepository(entity).find({ where: { tenantId, teamId }, select: ['id'] });
      if (rows.length === 0) continue;
      await manager
        .getRepository(entity)
        .update({ tenantId, teamId }, { teamId: null, updatedAt: new Date() });
      for (const row of rows)
        events.push({
          aggregateType: type,
          aggregateId: row.id,
          type: `${type}.updated`,
          payload: { changed: ['teamId'] },
        });
    }
    await manager.getRepository(Deal).update({ tenantId, teamId }, { teamId: null });
    await manager.getRepository(Activity).update({ tenantId, teamId }, { teamId: null });
    await this.outbox.record(manager, tenantId, events);
  }

  async members(actor: Actor, id: string, request: ListRequest = {}): Promise<Page<UserView>> {
    const team = await this.teams.getById(actor.tenantId, id);
    return this.usersService.list(actor, { ...request, teamId: team.id });
  }

  /** Replaces the whole member list; every id must be a user of the tenant (400 `userIds.N`). */
  async setMembers(
    actor: Actor,
    id: string,
    userIds: string[],
  ): Promise<{ teamId: string; userIds: string[] }> {
    assertAdmin(actor);
    const team = await this.teams.getById(actor.tenantId, id);
    if (userIds.length > MAX_TEAM_MEMBERS_PER_REQUEST)
      throw ValidationFailedError.field('userIds', `at most ${MAX_TEAM_MEMBERS_PER_REQUEST} users`);
    const problems = new ProblemCollector();
    await checkTenantIds(this.users, actor.tenantId, userIds, 'userIds', problems);
    problems.throwIfAny();
    await this.dataSource.transaction((manager) =>
      replaceMemberships(manager, actor.tenantId, { teamId: team.id }, userIds),
    );
    return { teamId: team.id, userIds: [...new Set(userIds)].sort() };
  }
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw ValidationFailedError.field('name', 'must not be blank');
  return trimmed;
}
