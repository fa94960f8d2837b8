import { DataSource } from 'typeorm';
import type { Response } from 'supertest';
import { SecretBox } from '@crm/platform';
import { AuthService, SmtpAccountService } from '@crm/core';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TEST_PASSWORD, TestApp, TestTenant } from '../support/test-app';

const fieldsOf = (response: Response): string[] =>
  ((response.body.errors ?? []) as Array<{ field: string }>).map((problem) => problem.field);

describe.each(databaseKinds)('identity over HTTP (%s)', (kind) => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    t = await startTestApp(kind);
    tenant = await t.createTenant('Acme');
    other = await t.createTenant('Globex');
  });

  afterAll(() => t?.close());

  const login = (body: object) => t.http().post('/api/auth/login').send(body);

  /** Creates a user through the API (as the tenant admin) and signs them in. */
  async function createUser(
    on: TestTenant,
    overrides: Record<string, unknown> = {},
  ): Promise<{ id: string; email: string; token: string }> {
    const email = `user-${Math.random().toString(36).slice(2, 10)}@${on.slug}.test`;
    const created = await t
      .http()
      .post('/api/users')
      .set(bearer(on.adminToken))
      .send({
        email,
        name: 'Some User',
        password: TEST_PASSWORD,
        profileId: on.profiles.STANDARD,
        ...overrides,
      });
    expect(created.status).toBe(201);
    const session = await login({ email, password: TEST_PASSWORD, tenant: on.slug });
    expect(session.status).toBe(200);
    return { id: created.body.id, email, token: session.body.token };
  }

  describe('sign-in', () => {
    it('returns a session token for the right password, case-insensitively on the email', async () => {
      const response = await login({ email: tenant.adminEmail.toUpperCase(), password: TEST_PASSWORD });
      expect(response.status).toBe(200);
      expect(response.body.token).toMatch(/^crm_s_/);
      expect(new Date(response.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(response.body.user).toEqual(
        expect.objectContaining({
          id: tenant.adminUserId,
          email: tenant.adminEmail,
          tenantId: tenant.tenantId,
        }),
      );
      expect(response.body.user.passwordHash).toBeUndefined();
      const me = await t.http().get('/api/auth/me').set(bearer(response.body.token));
      expect(me.status).toBe(200);
    });

    it('answers 401 for a wrong password or an unknown email, and 401 without a token', async () => {
      expect((await login({ email: tenant.adminEmail, password: 'wrong password' })).status).toBe(401);
      expect((await login({ email: 'nobody@nowhere.test', password: TEST_PASSWORD })).status).toBe(401);
      expect((await t.http().get('/api/auth/me')).status).toBe(401);
      expect((await t.http().get('/api/auth/me').set(bearer('crm_s_forged'))).status).toBe(401);
    });

    it('rejects malformed bodies naming the field', async () => {
      const response = await login({ email: tenant.adminEmail });
      expect(response.status).toBe(400);
      expect(fieldsOf(response)).toContain('password');
    });

    it('asks for the tenant when the email belongs to users of several tenants', async () => {
      // The same person is also a user of the other tenant.
      const created = await t.http().post('/api/users').set(bearer(other.adminToken)).send({
        email: tenant.adminEmail,
        name: 'Twin',
        password: 'another password',
        profileId: other.profiles.STANDARD,
      });
      expect(created.status).toBe(201);
      const ambiguous = await login({ email: tenant.adminEmail, password: TEST_PASSWORD });
      expect(ambiguous.status).toBe(400);
      expect(fieldsOf(ambiguous)).toEqual(['tenant']);
      const chosen = await login({
        email: tenant.adminEmail,
        password: 'another password',
        tenant: other.slug,
      });
      expect(chosen.status).toBe(200);
      expect(chosen.body.user.tenantId).toBe(other.tenantId);
    });
  });

  it('GET /auth/me describes the user, profile, teams and tenant without secrets', async () => {
    const response = await t.http().get('/api/auth/me').set(bearer(tenant.adminToken));
    expect(response.status).toBe(200);
    expect(response.body.user).toEqual(
      expect.objectContaining({
        id: tenant.adminUserId,
        email: tenant.adminEmail,
        active: true,
        teamIds: [],
      }),
    );
    expect(response.body.profile).toEqual({
      id: tenant.profiles.ADMINISTRATOR,
      name: 'Administrator',
      isAdmin: true,
      recordAccess: 'ALL',
      modules: expect.arrayContaining(['contacts', 'deals']),
    });
    expect(response.body.teamIds).toEqual([]);
    expect(response.body.tenant).toEqual({ id: tenant.tenantId, name: 'Acme', slug: tenant.slug });
    expect(JSON.stringify(response.body)).not.toMatch(/passwordHash|scrypt/);
  });

  it('logout revokes the session that made the request, and only that one', async () => {
    const first = (await login({ email: tenant.adminEmail, password: TEST_PASSWORD, tenant: tenant.slug }))
      .body.token;
    const second = (await login({ email: tenant.adminEmail, password: TEST_PASSWORD, tenant: tenant.slug }))
      .body.token;
    expect((await t.http().post('/api/auth/logout').set(bearer(first))).status).toBe(204);
    expect((await t.http().get('/api/auth/me').set(bearer(first))).status).toBe(401);
    expect((await t.http().get('/api/auth/me').set(bearer(second))).status).toBe(200);
  });

  describe('users', () => {
    it('creates a user with a lower-cased email and no hash in the response', async () => {
      const response = await t.http().post('/api/users').set(bearer(tenant.adminToken)).send({
        email: 'Ana.Lopez@Acme.TEST',
        name: ' Ana López ',
        password: 'eight chr',
        profileId: tenant.profiles.STANDARD,
        locale: 'es-MX',
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual(
        expect.objectContaining({
          email: 'ana.lopez@acme.test',
          name: 'Ana López',
          locale: 'es-MX',
          active: true,
          teamIds: [],
        }),
      );
      expect(JSON.stringify(response.body)).not.toMatch(/passwordHash|scrypt|eight chr/);
      const fetched = await t.http().get(`/api/users/${response.body.id}`).set(bearer(tenant.adminToken));
      expect(fetched.status).toBe(200);
      expect(fetched.body.email).toBe('ana.lopez@acme.test');
    });

    it('answers 409 naming email when the email is taken in the tenant (whatever the case)', async () => {
      const response = await t.http().post('/api/users').set(bearer(tenant.adminToken)).send({
        email: 'ANA.LOPEZ@acme.test',
        name: 'Dup',
        password: TEST_PASSWORD,
        profileId: tenant.profiles.STANDARD,
      });
      expect(response.status).toBe(409);
      expect(fieldsOf(response)).toEqual(['email']);
    });

    it('answers 400 naming profileId and teamIds.N for references outside the tenant, creating nothing', async () => {
      const before = (await t.http().get('/api/users').set(bearer(tenant.adminToken))).body.total;
      const team = await t
        .http()
        .post('/api/teams')
        .set(bearer(other.adminToken))
        .send({ name: 'Foreign team' });
      const response = await t
        .http()
        .post('/api/users')
        .set(bearer(tenant.adminToken))
        .send({
          email: 'new@acme.test',
          name: 'New',
          password: TEST_PASSWORD,
          profileId: other.profiles.STANDARD,
          teamIds: [team.body.id],
        });
      expect(response.status).toBe(400);
      expect(fieldsOf(response)).toEqual(['profileId', 'teamIds.0']);
      expect((await t.http().get('/api/users').set(bearer(tenant.adminToken))).body.total).toBe(before);
    });

    it('validates the body: short password, bad email, unknown fields', async () => {
      const response = await t.http().post('/api/users').set(bearer(tenant.adminToken)).send({
        email: 'not-an-email',
        name: 'X',
        password: 'short',
        profileId: tenant.profiles.STANDARD,
        isAdmin: true,
      });
      expect(response.status).toBe(400);
      expect(fieldsOf(response)).toEqual(expect.arrayContaining(['email', 'password', 'isAdmin']));
    });

    it('lists with search, sort and paging; another tenant sees none of it', async () => {
      for (const name of ['Zoe Zapata', 'Bruno Berg']) {
        await t
          .http()
          .post('/api/users')
          .set(bearer(tenant.adminToken))
          .send({
            email: `${name.split(' ')[0].toLowerCase()}@acme.test`,
            name,
            password: TEST_PASSWORD,
            profileId: tenant.profiles.STANDARD,
          });
      }
      const searched = await t.http().get('/api/users?q=ZAP').set(bearer(tenant.adminToken));
      expect(searched.body.items.map((user: { name: string }) => user.name)).toEqual(['Zoe Zapata']);
      const byEmail = await t.http().get('/api/users?q=bruno@').set(bearer(tenant.adminToken));
      expect(byEmail.body.total).toBe(1);
      const sorted = await t
        .http()
        .get('/api/users?sort=-name&pageSize=2&page=1')
        .set(bearer(tenant.adminToken));
      expect(sorted.status).toBe(200);
      expect(sorted.body.pageSize).toBe(2);
      expect(sorted.body.items[0].name).toBe('Zoe Zapata');
      expect(sorted.body.total).toBeGreaterThanOrEqual(4);
      const secondPage = await t
        .http()
        .get('/api/users?sort=-name&pageSize=2&page=2')
        .set(bearer(tenant.adminToken));
      expect(secondPage.body.items.map((user: { id: string }) => user.id)).not.toContain(
        sorted.body.items[0].id,
      );
      const badSort = await t.http().get('/api/users?sort=passwordHash').set(bearer(tenant.adminToken));
      expect(badSort.status).toBe(400);
      expect(fieldsOf(badSort)).toEqual(['sort']);
      const foreign = await t.http().get('/api/users?q=zapata').set(bearer(other.adminToken));
      expect(foreign.body.total).toBe(0);
      const foreignGet = await t
        .http()
        .get(`/api/users/${searched.body.items[0].id}`)
        .set(bearer(other.adminToken));
      expect(foreignGet.status).toBe(404);
    });

    it('updates name, locale, profile, password and teams', async () => {
      const user = await createUser(tenant);
      const team = await t
        .http()
        .post('/api/teams')
        .set(bearer(tenant.adminToken))
        .send({ name: 'Updaters' });
      const response = await t
        .http()
        .patch(`/api/users/${user.id}`)
        .set(bearer(tenant.adminToken))
        .send({ name: 'Renamed', locale: 'it', teamIds: [team.body.id], password: 'brand new password' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({ name: 'Renamed', locale: 'it', teamIds: [team.body.id] }),
      );
      // An admin resetting someone's password signs them out; the new password works.
      expect((await t.http().get('/api/auth/me').set(bearer(user.token))).status).toBe(401);
      expect((await login({ email: user.email, password: TEST_PASSWORD })).status).toBe(401);
      const relogin = await login({ email: user.email, password: 'brand new password' });
      expect(relogin.status).toBe(200);
      const me = await t.http().get('/api/auth/me').set(bearer(relogin.body.token));
      expect(me.body.teamIds).toEqual([team.body.id]);
      const cannotChangeEmail = await t
        .http()
        .patch(`/api/users/${user.id}`)
        .set(bearer(tenant.adminToken))
        .send({ email: 'other@acme.test' });
      expect(cannotChangeEmail.status).toBe(400);
      expect(fieldsOf(cannotChangeEmail)).toEqual(['email']);
    });

    it('DELETE deactivates: sessions end, sign-in fails, the row stays readable', async () => {
      const user = await createUser(tenant);
      expect((await t.http().delete(`/api/users/${user.id}`).set(bearer(tenant.adminToken))).status).toBe(
        204,
      );
      expect((await t.http().get('/api/auth/me').set(bearer(user.token))).status).toBe(401);
      expect((await login({ email: user.email, password: TEST_PASSWORD })).status).toBe(401);
      const fetched = await t.http().get(`/api/users/${user.id}`).set(bearer(tenant.adminToken));
      expect(fetched.body.active).toBe(false);
      const inactive = await t.http().get('/api/users?active=false').set(bearer(tenant.adminToken));
      expect(inactive.body.items.map((item: { id: string }) => item.id)).toContain(user.id);
      // Reactivation lets them in again.
      await t.http().patch(`/api/users/${user.id}`).set(bearer(tenant.adminToken)).send({ active: true });
      expect((await login({ email: user.email, password: TEST_PASSWORD })).status).toBe(200);
    });

    it('never leaves the tenant without an active administrator', async () => {
      const self = await t.http().delete(`/api/users/${tenant.adminUserId}`).set(bearer(tenant.adminToken));
      expect(self.status).toBe(409);
      expect(fieldsOf(self)).toEqual(['id']);
      const selfInactive = await t
        .http()
        .patch(`/api/users/${tenant.adminUserId}`)
        .set(bearer(tenant.adminToken))
        .send({ active: false });
      expect(selfInactive.status).toBe(409);
      expect(fieldsOf(selfInactive)).toEqual(['active']);
      const demote = await t
        .http()
        .patch(`/api/users/${tenant.adminUserId}`)
        .set(bearer(tenant.adminToken))
        .send({ profileId: tenant.profiles.STANDARD });
      expect(demote.status).toBe(409);
      expect(fieldsOf(demote)).toEqual(['profileId']);
      expect((await t.http().get('/api/auth/me').set(bearer(tenant.adminToken))).body.profile.isAdmin).toBe(
        true,
      );

      // With a second administrator, the first may step down (and the second may deactivate them).
      const second = await createUser(tenant, { profileId: tenant.profiles.ADMINISTRATOR });
      const stepDown = await t
        .http()
        .patch(`/api/users/${second.id}`)
        .set(bearer(second.token))
        .send({ profileId: tenant.profiles.STANDARD });
      expect(stepDown.status).toBe(200);
      // Now `second` is no administrator any more: admin routes are closed to them.
      expect(
        (await t.http().post('/api/teams').set(bearer(second.token)).send({ name: 'Nope' })).status,
      ).toBe(403);
    });

    it('lets only one of two administrators step down when both try at once', async () => {
      const fresh = await t.createTenant('Duo');
      const second = await createUser(fresh, { profileId: fresh.profiles.ADMINISTRATOR });
      const stepDown = (userId: string, token: string) =>
        t
          .http()
          .patch(`/api/users/${userId}`)
          .set(bearer(token))
          .send({ profileId: fresh.profiles.STANDARD });
      const results = await Promise.all([
        stepDown(fresh.adminUserId, fresh.adminToken),
        stepDown(second.id, second.token),
      ]);
      expect(results.map((response) => response.status).sort()).toEqual([200, 409]);
      const admins = await t.http().get('/api/users?active=true').set(bearer(fresh.adminToken));
      const profiles = admins.body.items.map((user: { profileId: string }) => user.profileId);
      expect(profiles.filter((id: string) => id === fresh.profiles.ADMINISTRATOR)).toHaveLength(1);
    });

    it('a standard user may read users and profiles but gets 403 on every admin route', async () => {
      const user = await createUser(tenant);
      const headers = bearer(user.token);
      expect((await t.http().get('/api/users').set(headers)).status).toBe(200);
      expect((await t.http().get(`/api/users/${tenant.adminUserId}`).set(headers)).status).toBe(200);
      expect((await t.http().get('/api/profiles').set(headers)).status).toBe(200);
      expect((await t.http().get('/api/teams').set(headers)).status).toBe(200);
      const denied = [
        t.http().post('/api/users').set(headers).send({
          email: 'x@acme.test',
          name: 'X',
          password: TEST_PASSWORD,
          profileId: tenant.profiles.STANDARD,
        }),
        t
          .http()
          .patch(`/api/users/${user.id}`)
          .set(headers)
          .send({ profileId: tenant.profiles.ADMINISTRATOR }),
        t.http().delete(`/api/users/${tenant.adminUserId}`).set(headers),
        t
          .http()
          .post('/api/profiles')
          .set(headers)
          .send({ name: 'Mine', isAdmin: true, recordAccess: 'ALL', modules: [] }),
        t.http().patch(`/api/profiles/${tenant.profiles.STANDARD}`).set(headers).send({ isAdmin: true }),
        t.http().delete(`/api/profiles/${tenant.profiles.STANDARD}`).set(headers),
        t.http().post('/api/teams').set(headers).send({ name: 'Mine' }),
      ];
      for (const response of await Promise.all(denied)) expect(response.status).toBe(403);
      const me = await t.http().get('/api/auth/me').set(headers);
      expect(me.body.profile).toEqual(
        expect.objectContaining({ id: tenant.profiles.STANDARD, isAdmin: false }),
      );
    });
  });

  describe('profiles', () => {
    it('creates, renames and deletes a custom profile; names are unique per tenant', async () => {
      const created = await t
        .http()
        .post('/api/profiles')
        .set(bearer(tenant.adminToken))
        .send({
          name: 'Sales rep',
          isAdmin: false,
          recordAccess: 'TEAM',
          modules: ['contacts', 'leads', 'contacts'],
        });
      expect(created.status).toBe(400);
      expect(fieldsOf(created)).toEqual(['modules']);
      const ok = await t
        .http()
        .post('/api/profiles')
        .set(bearer(tenant.adminToken))
        .send({ name: 'Sales rep', isAdmin: false, recordAccess: 'TEAM', modules: ['contacts', 'leads'] });
      expect(ok.status).toBe(201);
      expect(ok.body).toEqual(
        expect.objectContaining({ builtIn: null, recordAccess: 'TEAM', modules: ['contacts', 'leads'] }),
      );
      const duplicate = await t
        .http()
        .post('/api/profiles')
        .set(bearer(tenant.adminToken))
        .send({ name: 'SALES REP', isAdmin: false, recordAccess: 'OWN', modules: [] });
      expect(duplicate.status).toBe(409);
      expect(fieldsOf(duplicate)).toEqual(['name']);
      // The same name is free in another tenant.
      const elsewhere = await t
        .http()
        .post('/api/profiles')
        .set(bearer(other.adminToken))
        .send({ name: 'Sales rep', isAdmin: false, recordAccess: 'OWN', modules: [] });
      expect(elsewhere.status).toBe(201);
      const renameToTaken = await t
        .http()
        .patch(`/api/profiles/${ok.body.id}`)
        .set(bearer(tenant.adminToken))
        .send({ name: 'standard' });
      expect(renameToTaken.status).toBe(409);
      const badModule = await t
        .http()
        .patch(`/api/profiles/${ok.body.id}`)
        .set(bearer(tenant.adminToken))
        .send({ modules: ['contacts', 'spaceships'] });
      expect(badModule.status).toBe(400);
      expect(fieldsOf(badModule)).toEqual(['modules']);
      const updated = await t
        .http()
        .patch(`/api/profiles/${ok.body.id}`)
        .set(bearer(tenant.adminToken))
        .send({ name: 'Field sales', recordAccess: 'OWN' });
      expect(updated.body).toEqual(expect.objectContaining({ name: 'Field sales', recordAccess: 'OWN' }));
      const list = await t.http().get('/api/profiles?q=field').set(bearer(tenant.adminToken));
      expect(list.body.items.map((profile: { id: string }) => profile.id)).toEqual([ok.body.id]);
      expect((await t.http().get(`/api/profiles/${ok.body.id}`).set(bearer(other.adminToken))).status).toBe(
        404,
      );
      expect(
        (await t.http().delete(`/api/profiles/${ok.body.id}`).set(bearer(other.adminToken))).status,
      ).toBe(404);
      expect(
        (await t.http().delete(`/api/profiles/${ok.body.id}`).set(bearer(tenant.adminToken))).status,
      ).toBe(204);
      expect((await t.http().get(`/api/profiles/${ok.body.id}`).set(bearer(tenant.adminToken))).status).toBe(
        404,
      );
    });

    it('refuses to delete built-in profiles or profiles in use, and keeps Administrator an admin profile', async () => {
      const builtIn = await t
        .http()
        .delete(`/api/profiles/${tenant.profiles.STANDARD}`)
        .set(bearer(tenant.adminToken));
      expect(builtIn.status).toBe(409);
      expect(builtIn.body.message).toMatch(/built-in/i);
      const adminLoses = await t
        .http()
        .patch(`/api/profiles/${tenant.profiles.ADMINISTRATOR}`)
        .set(bearer(tenant.adminToken))
        .send({ isAdmin: false });
      expect(adminLoses.status).toBe(400);
      expect(fieldsOf(adminLoses)).toEqual(['isAdmin']);

      const custom = await t
        .http()
        .post('/api/profiles')
        .set(bearer(tenant.adminToken))
        .send({ name: 'In use', isAdmin: false, recordAccess: 'ALL', modules: ['contacts'] });
      await createUser(tenant, { profileId: custom.body.id });
      await createUser(tenant, { profileId: custom.body.id });
      const inUse = await t.http().delete(`/api/profiles/${custom.body.id}`).set(bearer(tenant.adminToken));
      expect(inUse.status).toBe(409);
      expect(inUse.body.message).toContain('2 users');
    });

    it('refuses to take isAdmin away from the profile of the last active administrator', async () => {
      const fresh = await t.createTenant('Solo');
      const superProfile = await t
        .http()
        .post('/api/profiles')
        .set(bearer(fresh.adminToken))
        .send({ name: 'Super', isAdmin: true, recordAccess: 'ALL', modules: [] });
      const move = await t
        .http()
        .patch(`/api/users/${fresh.adminUserId}`)
        .set(bearer(fresh.adminToken))
        .send({ profileId: superProfile.body.id });
      expect(move.status).toBe(200);
      const demoteProfile = await t
        .http()
        .patch(`/api/profiles/${superProfile.body.id}`)
        .set(bearer(fresh.adminToken))
        .send({ isAdmin: false });
      expect(demoteProfile.status).toBe(409);
      expect(fieldsOf(demoteProfile)).toEqual(['isAdmin']);
      expect(
        (await t.http().get(`/api/profiles/${superProfile.body.id}`).set(bearer(fresh.adminToken))).body
          .isAdmin,
      ).toBe(true);
    });
  });

  describe('teams', () => {
    it('manages teams and their members; ids must be the tenant users', async () => {
      const team = await t
        .http()
        .post('/api/teams')
        .set(bearer(tenant.adminToken))
        .send({ name: 'North', description: 'Northern region' });
      expect(team.status).toBe(201);
      const duplicate = await t
        .http()
        .post('/api/teams')
        .set(bearer(tenant.adminToken))
        .send({ name: 'north' });
      expect(duplicate.status).toBe(409);
      expect(fieldsOf(duplicate)).toEqual(['name']);

      const member = await createUser(tenant);
      const foreignUser = await createUser(other);
      const bad = await t
        .http()
        .put(`/api/teams/${team.body.id}/members`)
        .set(bearer(tenant.adminToken))
        .send({ userIds: [member.id, foreignUser.id] });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad)).toEqual(['userIds.1']);

      const set = await t
        .http()
        .put(`/api/teams/${team.body.id}/members`)
        .set(bearer(tenant.adminToken))
        .send({ userIds: [member.id, tenant.adminUserId, member.id] });
      expect(set.status).toBe(200);
      expect(set.body.userIds).toEqual([member.id, tenant.adminUserId].sort());
      const members = await t
        .http()
        .get(`/api/teams/${team.body.id}/members?sort=email`)
        .set(bearer(member.token));
      expect(members.status).toBe(200);
      expect(members.body.total).toBe(2);
      expect(members.body.items.map((user: { id: string }) => user.id).sort()).toEqual(
        [member.id, tenant.adminUserId].sort(),
      );
      // Membership shows on the member's own session at once.
      expect((await t.http().get('/api/auth/me').set(bearer(member.token))).body.teamIds).toEqual([
        team.body.id,
      ]);

      const shrink = await t
        .http()
        .put(`/api/teams/${team.body.id}/members`)
        .set(bearer(tenant.adminToken))
        .send({ userIds: [tenant.adminUserId] });
      expect(shrink.body.userIds).toEqual([tenant.adminUserId]);
      expect((await t.http().get('/api/auth/me').set(bearer(member.token))).body.teamIds).toEqual([]);

      const renamed = await t
        .http()
        .patch(`/api/teams/${team.body.id}`)
        .set(bearer(tenant.adminToken))
        .send({ name: 'North-East' });
      expect(renamed.body.name).toBe('North-East');
      expect((await t.http().get(`/api/teams/${team.body.id}`).set(bearer(other.adminToken))).status).toBe(
        404,
      );
      expect(
        (await t.http().get(`/api/teams/${team.body.id}/members`).set(bearer(other.adminToken))).status,
      ).toBe(404);
      expect(
        (
          await t
            .http()
            .put(`/api/teams/${team.body.id}/members`)
            .set(bearer(other.adminToken))
            .send({ userIds: [] })
        ).status,
      ).toBe(404);
      expect(
        (await t.http().delete(`/api/teams/${team.body.id}`).set(bearer(tenant.adminToken))).status,
      ).toBe(204);
      expect((await t.http().get(`/api/teams/${team.body.id}`).set(bearer(tenant.adminToken))).status).toBe(
        404,
      );
      const admin = await t.http().get(`/api/users/${tenant.adminUserId}`).set(bearer(tenant.adminToken));
      expect(admin.body.teamIds).not.toContain(team.body.id);
    });
  });

  describe('API keys', () => {
    it('authenticates with a new key, lists it without the secret, and stops after revoke', async () => {
      const user = await createUser(tenant);
      const created = await t
        .http()
        .post('/api/api-keys')
        .set(bearer(user.token))
        .send({ name: 'nightly import' });
      expect(created.status).toBe(201);
      const key: string = created.body.key;
      expect(key).toMatch(/^crm_k_/);
      expect(created.body.prefix).toBe(key.slice(0, 12));

      const me = await t.http().get('/api/auth/me').set(bearer(key));
      expect(me.status).toBe(200);
      expect(me.body.user.id).toBe(user.id);

      const list = await t.http().get('/api/api-keys').set(bearer(user.token));
      expect(list.body.items).toEqual([
        {
          id: created.body.id,
          name: 'nightly import',
          prefix: key.slice(0, 12),
          createdAt: expect.any(String),
          lastUsedAt: expect.any(String),
        },
      ]);
      expect(JSON.stringify(list.body)).not.toContain(key);
      // Keys are personal: the admin neither sees nor revokes them.
      expect((await t.http().get('/api/api-keys').set(bearer(tenant.adminToken))).body.items).toEqual([]);
      expect(
        (await t.http().delete(`/api/api-keys/${created.body.id}`).set(bearer(tenant.adminToken))).status,
      ).toBe(404);
      // Logging out with a key does not revoke it.
      expect((await t.http().post('/api/auth/logout').set(bearer(key))).status).toBe(204);
      expect((await t.http().get('/api/auth/me').set(bearer(key))).status).toBe(200);

      expect((await t.http().delete(`/api/api-keys/${created.body.id}`).set(bearer(user.token))).status).toBe(
        204,
      );
      expect((await t.http().get('/api/auth/me').set(bearer(key))).status).toBe(401);
      expect((await t.http().get('/api/api-keys').set(bearer(user.token))).body.total).toBe(0);
      expect((await t.http().delete(`/api/api-keys/${created.body.id}`).set(bearer(user.token))).status).toBe(
        404,
      );
    });

    it('stops authenticating a key whose user was deactivated', async () => {
      const user = await createUser(tenant);
      const key = (await t.http().post('/api/api-keys').set(bearer(user.token)).send({ name: 'script' })).body
        .key;
      await t.http().delete(`/api/users/${user.id}`).set(bearer(tenant.adminToken));
      expect((await t.http().get('/api/auth/me').set(bearer(key))).status).toBe(401);
    });
  });

  describe('SMTP account', () => {
    const password = 'Sup3r-Secret-Smtp!';
    const seen: string[] = [];
    const record = (response: Response): Response => {
      seen.push(response.text);
      return response;
    };

    it('stores the password sealed, returns only hasPassword, and keeps it when PUT omits it', async () => {
      const user = await createUser(tenant);
      const headers = bearer(user.token);
      expect(record(await t.http().get('/api/me/smtp-account').set(headers)).status).toBe(404);

      const missing = record(
        await t
          .http()
          .put('/api/me/smtp-account')
          .set(headers)
          .send({ host: 'smtp.acme.test', port: 587, username: 'ana' }),
      );
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing)).toEqual(['password']);
      const invalid = record(
        await t
          .http()
          .put('/api/me/smtp-account')
          .set(headers)
          .send({ host: 'smtp.acme.test', port: 70000, username: 'ana', password, security: 'SSL' }),
      );
      expect(invalid.status).toBe(400);
      expect(fieldsOf(invalid)).toEqual(expect.arrayContaining(['port', 'security']));

      const saved = record(
        await t
          .http()
          .put('/api/me/smtp-account')
          .set(headers)
          .send({ host: 'smtp.acme.test', port: 587, username: 'ana', password, security: 'STARTTLS' }),
      );
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({
        host: 'smtp.acme.test',
        port: 587,
        username: 'ana',
        security: 'STARTTLS',
        hasPassword: true,
        updatedAt: expect.any(String),
      });

      const [row] = await t.app
        .get(DataSource)
        .query(
          kind === 'mysql'
            ? 'SELECT passwordEnvelope AS envelope FROM smtp_account WHERE tenantId = ? AND userId = ?'
            : 'SELECT "passwordEnvelope" AS envelope FROM "smtp_account" WHERE "tenantId" = ? AND "userId" = ?',
          [tenant.tenantId, user.id],
        );
      expect(row.envelope).not.toContain(password);
      expect(row.envelope).toMatch(/^v1\./);
      expect(t.app.get(SecretBox).open(row.envelope, `${tenant.tenantId}:smtp:${user.id}`)).toBe(password);

      const changed = record(
        await t
          .http()
          .put('/api/me/smtp-account')
          .set(headers)
          .send({ host: 'mail.acme.test', port: 465, username: 'ana', security: 'TLS' }),
      );
      expect(changed.body).toEqual(
        expect.objectContaining({ host: 'mail.acme.test', port: 465, security: 'TLS', hasPassword: true }),
      );
      const actor = await t.app.get(AuthService).actorFor(user.id);
      await expect(t.app.get(SmtpAccountService).openPassword(actor)).resolves.toBe(password);

      expect(record(await t.http().get('/api/me/smtp-account').set(headers)).body.host).toBe(
        'mail.acme.test',
      );
      // Another user (even the admin) has their own, separate account.
      expect(record(await t.http().get('/api/me/smtp-account').set(bearer(tenant.adminToken))).status).toBe(
        404,
      );
      record(await t.http().get('/api/auth/me').set(headers));
      record(await t.http().get(`/api/users/${user.id}`).set(headers));

      expect(record(await t.http().delete('/api/me/smtp-account').set(headers)).status).toBe(204);
      expect(record(await t.http().get('/api/me/smtp-account').set(headers)).status).toBe(404);

      for (const text of seen) expect(text).not.toContain(password);
      expect(seen.length).toBeGreaterThan(8);
    });
  });
});
