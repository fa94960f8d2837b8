import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ConflictError,
  ProblemCollector,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import type { Actor } from '../access/actor';
import { assertAdmin } from '../access/record-visibility';
import type { Page } from '../common/paging';
import { assertNameAvailable, ListRequest, nameTaken, pageOf, withUniqueConflict } from '../common/queries';
import { assertAnotherAdminRemains } from './identity-queries';
import { CRM_MODULES, CrmModule, Profile, RECORD_ACCESS, RecordAccess } from './profile.entity';
import { User } from './user.entity';

export interface ProfileInput {
  name: string;
  isAdmin: boolean;
  recordAccess: RecordAccess;
  modules: CrmModule[];
}

export type ProfileUpdate = Partial<ProfileInput>;

export const PROFILE_SORTABLE = ['name', 'createdAt'] as const;

/**
 * Profiles carry a user's rights: administrator or not, record visibility, modules. Everyone may
 * read them; administrators change them. Built-in profiles stay, and the Administrator one stays
 * an administrator profile.
 */
@Injectable()
export class ProfilesService {
  private readonly profiles: TenantScopedRepository<Profile>;
  private readonly users: TenantScopedRepository<User>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.profiles = new TenantScopedRepository(dataSource.getRepository(Profile), 'Profile');
    this.users = new TenantScopedRepository(dataSource.getRepository(User), 'User');
  }

  list(actor: Actor, request: ListRequest = {}): Promise<Page<Profile>> {
    return pageOf(this.profiles.query(actor.tenantId, 'p'), 'p', request, {
      search: ['name'],
      sortable: PROFILE_SORTABLE,
      defaultSort: 'name',
    });
  }

  get(actor: Actor, id: string): Promise<Profile> {
    return this.profiles.getById(actor.tenantId, id);
  }

  async create(actor: Actor, input: ProfileInput): Promise<Profile> {
    assertAdmin(actor);
    checkRights(input);
    const name = input.name.trim();
    await assertNameAvailable(this.profiles, actor.tenantId, name);
    return withUniqueConflict(
      () =>
        this.profiles.save(
          actor.tenantId,
          this.profiles.create(actor.tenantId, {
            name,
            builtIn: null,
            isAdmin: input.isAdmin,
            recordAccess: input.recordAccess,
            modules: dedupe(input.modules),
          }),
        ),
      () => nameTaken('Profile', name),
    );
  }

  async update(actor: Actor, id: string, input: ProfileUpdate): Promise<Profile> {
    assertAdmin(actor);
    checkRights(input);
    const name = input.name?.trim();
    return withUniqueConflict(
      () =>
        this.dataSource.transaction(async (manager) => {
          const profiles = this.profiles.withManager(manager);
          const profile = await profiles.getById(actor.tenantId, id);
          if (name !== undefined && name !== profile.name)
            await assertNameAvailable(profiles, actor.tenantId, name, id);
          if (input.isAdmin === false && profile.isAdmin) {
            if (profile.builtIn === 'ADMINISTRATOR')
              throw ValidationFailedError.field(
                'isAdmin',
                'the built-in Administrator profile is always an administrator',
              );
            await assertAnotherAdminRemains(
              manager,
              actor.tenantId,
              { profileId: profile.id },
              new ConflictError(
                'No active administrator would remain; give another user an administrator profile first',
                'isAdmin',
              ),
            );
          }
          if (name !== undefined) profile.name = name;
          if (input.isAdmin !== undefined) profile.isAdmin = input.isAdmin;
          if (input.recordAccess !== undefined) profile.recordAccess = input.recordAccess;
          if (input.modules !== undefined) profile.modules = dedupe(input.modules);
          return profiles.save(actor.tenantId, profile);
        }),
      () => nameTaken('Profile', name ?? ''),
    );
  }

  async remove(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    const profile = await this.profiles.getById(actor.tenantId, id);
    if (profile.builtIn)
      throw new ConflictError(`The built-in ${profile.name} profile cannot be deleted`, 'id');
    // Inactive users count too: reactivating them needs their profile.
    const inUse = await this.users.count(actor.tenantId, { profileId: id });
    if (inUse > 0) {
      throw new ConflictError(
        `The profile is assigned to ${inUse} user${inUse === 1 ? '' : 's'}; move them to another profile first`,
        'id',
      );
    }
    await this.profiles.remove(actor.tenantId, profile);
  }
}

/** Guards callers other than the validated HTTP DTOs (seeds, other services). */
function checkRights(input: ProfileUpdate): void {
  const problems = new ProblemCollector();
  if (input.name !== undefined && input.name.trim() === '') problems.add('name', 'must not be blank');
  if (input.recordAccess !== undefined && !RECORD_ACCESS.includes(input.recordAccess))
    problems.add('recordAccess', `must be one of ${RECORD_ACCESS.join(', ')}`);
  input.modules?.forEach((module, index) => {
    if (!CRM_MODULES.includes(module))
      problems.add(`modules.${index}`, `must be one of ${CRM_MODULES.join(', ')}`);
  });
  problems.throwIfAny();
}

function dedupe<T>(values: T[]): T[] {
  return [...new Set(values)];
}
