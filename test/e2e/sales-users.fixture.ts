import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { TenantId } from '@crm/platform';
import {
  AuthService,
  Contact,
  CRM_MODULES,
  CrmModule,
  hashPassword,
  Lead,
  Organization,
  Profile,
  RecordAccess,
  Team,
  TeamMembership,
  User,
} from '@crm/core';
import { bearer, TEST_PASSWORD, TestApp } from '../support/test-app';

/**
 * Users, teams and records written straight through the repositories, so the deal and
 * activity suites do not depend on the users, teams and records APIs.
 */

/** Saves through `create` so the entity hooks (id, timestamps) run. */
function insert<T extends object>(t: TestApp, entity: new () => T, values: Partial<T>): Promise<T> {
  const repository = t.app.get(DataSource).getRepository(entity);
  return repository.save(repository.create(values as T));
}

export interface SignedInUser {
  userId: string;
  profileId: string;
  auth: Record<string, string>;
}

let passwordHash: Promise<string> | undefined;

/** A non-admin user on a new profile with the given record access, signed in. */
export async function signInNewUser(
  t: TestApp,
  tenantId: TenantId,
  options: { recordAccess: RecordAccess; modules?: CrmModule[]; teamIds?: string[] },
): Promise<SignedInUser> {
  const suffix = randomBytes(4).toString('hex');
  const profile = await insert(t, Profile, {
    tenantId,
    name: `Sales ${suffix}`,
    builtIn: null,
    isAdmin: false,
    recordAccess: options.recordAccess,
    modules: options.modules ?? [...CRM_MODULES],
  });
  const email = `rep-${suffix}@example.test`;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = await insert(t, User, {
    tenantId,
    email,
    name: `Rep ${suffix}`,
    passwordHash: await passwordHash,
    profileId: profile.id,
    active: true,
    locale: 'es',
  });
  for (const teamId of options.teamIds ?? []) {
    await insert(t, TeamMembership, { tenantId, teamId, userId: user.id });
  }
  const login = await t.app.get(AuthService).login({ email, password: TEST_PASSWORD });
  return { userId: user.id, profileId: profile.id, auth: bearer(login.token) };
}

export async function insertTeam(t: TestApp, tenantId: TenantId, name: string): Promise<string> {
  const team = await insert(t, Team, { tenantId, name, description: null });
  return team.id;
}

type Ownership = { ownerId: string | null; teamId?: string | null };

export async function insertContact(
  t: TestApp,
  tenantId: TenantId,
  lastName: string,
  owner: Ownership,
): Promise<string> {
  const contact = await insert(t, Contact, {
    tenantId,
    lastName,
    firstName: null,
    organizationId: null,
    ownerId: owner.ownerId,
    teamId: owner.teamId ?? null,
    custom: {},
  });
  return contact.id;
}

export async function insertLead(
  t: TestApp,
  tenantId: TenantId,
  lastName: string,
  owner: Ownership,
): Promise<string> {
  const lead = await insert(t, Lead, {
    tenantId,
    lastName,
    ownerId: owner.ownerId,
    teamId: owner.teamId ?? null,
    custom: {},
  });
  return lead.id;
}

export async function insertOrganization(
  t: TestApp,
  tenantId: TenantId,
  name: string,
  owner: Ownership,
): Promise<string> {
  const organization = await insert(t, Organization, {
    tenantId,
    name,
    kind: 'CLIENT',
    rating: 'A',
    clientType: 'Cliente directo',
    ownerId: owner.ownerId,
    teamId: owner.teamId ?? null,
    custom: {},
  });
  return organization.id;
}

/** The distinct fields named by a 4xx body. */
export const fieldsOf = (body: { errors?: Array<{ field: string }> }): string[] => [
  ...new Set((body.errors ?? []).map((e) => e.field)),
];
