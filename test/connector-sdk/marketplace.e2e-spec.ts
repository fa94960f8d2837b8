import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { asTenantId } from '@crm/platform';
import { ConnectorInstallation, InstallationsService } from '@crm/connector-sdk';
import { FakeConnectorModule, fakeManifest, FakeVendor } from '@crm/connector-sdk/testing';
import { signInNewUser, SignedInUser, fieldsOf } from '../e2e/sales-users.fixture';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

describe.each(databaseKinds)('marketplace, install and installation scopes (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Record<string, string>;
  let repA: SignedInUser;
  let repB: SignedInUser;
  let other: TestTenant;

  const install = (body: object, auth = admin, key = 'fake') =>
    t.http().post(`/api/marketplace/${key}/install`).set(auth).send(body);

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
    tenant = await t.createTenant('Market');
    admin = bearer(tenant.adminToken);
    repA = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL' });
    repB = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL' });
    other = await t.createTenant('Elsewhere');
  });
  afterAll(() => t.close());

  it('lists the registered connector with its manifest and no installation yet', async () => {
    const res = await t.http().get('/api/marketplace').set(admin).expect(200);
    expect(res.body).toEqual([
      {
        key: 'fake',
        name: 'Fake Mail',
        description: fakeManifest.description,
        vendorUrl: fakeManifest.vendorUrl,
        listNoun: 'List',
        capabilities: fakeManifest.capabilities,
        authKind: 'credentials',
        auth: [fakeManifest.auth],
        schedules: ['hourly', 'daily', 'weekly'],
        terms: 'Test terms.',
        logoUrl: '/api/marketplace/fake/logo.svg',
        installations: [],
      },
    ]);
    await t.http().get('/api/marketplace').expect(401);
  });

  it('serves the logo as SVG without a token', async () => {
    const res = await t
      .http()
      .get('/api/marketplace/fake/logo.svg')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.body).toBe(fakeManifest.logoSvg);
    await t.http().get('/api/marketplace/nope/logo.svg').expect(404);
  });

  it('validates the install request and names the field', async () => {
    expect(fieldsOf((await install({ scope: 'ADMINS' }).expect(400)).body)).toEqual(['acceptTerms']);
    expect(fieldsOf((await install({ scope: 'ADMINS', acceptTerms: false }).expect(400)).body)).toEqual([
      'acceptTerms',
    ]);
    expect(fieldsOf((await install({ scope: 'EVERYONE', acceptTerms: true }).expect(400)).body)).toEqual([
      'scope',
    ]);
    expect(fieldsOf((await install({ scope: 'PROFILES', acceptTerms: true }).expect(400)).body)).toEqual([
      'profileIds',
    ]);
    expect(
      fieldsOf((await install({ scope: 'PROFILES', profileIds: [], acceptTerms: true }).expect(400)).body),
    ).toEqual(['profileIds']);
    const foreign = await install({
      scope: 'PROFILES',
      profileIds: [repA.profileId, other.profiles.STANDARD],
      acceptTerms: true,
    }).expect(400);
    expect(fieldsOf(foreign.body)).toEqual(['profileIds.1']);
    expect(
      fieldsOf(
        (await install({ scope: 'ADMINS', profileIds: [repA.profileId], acceptTerms: true }).expect(400))
          .body,
      ),
    ).toEqual(['profileIds']);
    await install({ scope: 'ADMINS', acceptTerms: true }, admin, 'nope').expect(404);
    const count = await t.app
      .get(DataSource)
      .getRepository(ConnectorInstallation)
      .countBy({ tenantId: tenant.tenantId });
    expect(count).toBe(0);
  });

  it('lets only administrators install', async () => {
    await install({ scope: 'ALL_USERS', acceptTerms: true }, repA.auth).expect(403);
  });

  it('installs pending authorization, records the terms and keeps a recoverable webhook token', async () => {
    const res = await install({ scope: 'ADMINS', acceptTerms: true }).expect(201);
    expect(res.body).toMatchObject({
      connector: { key: 'fake', name: 'Fake Mail', logoUrl: '/api/marketplace/fake/logo.svg' },
      scope: 'ADMINS',
      profileIds: [],
      status: 'PENDING_AUTHORIZATION',
      installedById: tenant.adminUserId,
      termsAcceptedById: tenant.adminUserId,
      account: null,
    });
    expect(Date.parse(res.body.termsAcceptedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(res.body)).not.toMatch(/webhookToken|Envelope/);
    const id: string = res.body.id;

    const service = t.app.get(InstallationsService);
    const url = await service.webhookUrl(asTenantId(tenant.tenantId), id, 'https://crm.example/');
    const match = new RegExp(`^https://crm\\.example/api/webhooks/fake/${id}/([A-Za-z0-9_-]{43})$`).exec(url);
    expect(match).not.toBeNull();
    const token = match![1];
    const row = await t.app
      .get(DataSource)
      .getRepository(ConnectorInstallation)
      .createQueryBuilder('i')
      .addSelect('i.webhookTokenEnvelope')
      .where('i.id = :id', { id })
      .getOneOrFail();
    expect(row.webhookTokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row.webhookTokenEnvelope).toMatch(/^v1\./);
    expect(row.webhookTokenEnvelope).not.toContain(token);
    expect((await service.verifyWebhookToken(id, token))?.id).toBe(id);
    expect(await service.verifyWebhookToken(id, `${token.slice(0, -1)}x`)).toBeNull();
    expect(await service.verifyWebhookToken(id, 'short')).toBeNull();
    expect(await service.verifyWebhookToken('00000000-0000-0000-0000-000000000000', token)).toBeNull();
    await expect(service.webhookUrl(asTenantId(other.tenantId), id, 'https://x')).rejects.toThrow(
      'not found',
    );

    // A second vendor account of the same connector is another installation.
    const second = await install({ scope: 'ADMINS', acceptTerms: true }).expect(201);
    expect(second.body.id).not.toBe(id);
    const market = await t.http().get('/api/marketplace').set(admin).expect(200);
    expect(market.body[0].installations).toEqual(
      expect.arrayContaining([
        { id, status: 'PENDING_AUTHORIZATION', scope: 'ADMINS' },
        { id: second.body.id, status: 'PENDING_AUTHORIZATION', scope: 'ADMINS' },
      ]),
    );
  });

  describe('scopes', () => {
    let adminsOnly: string;
    let profilesOnly: string;
    let everyone: string;

    beforeAll(async () => {
      adminsOnly = (await install({ scope: 'ADMINS', acceptTerms: true }).expect(201)).body.id;
      profilesOnly = (
        await install({ scope: 'PROFILES', profileIds: [repA.profileId], acceptTerms: true }).expect(201)
      ).body.id;
      everyone = (await install({ scope: 'ALL_USERS', acceptTerms: true }).expect(201)).body.id;
    });

    const visibleIds = async (auth: Record<string, string>) =>
      ((await t.http().get('/api/installations').set(auth).expect(200)).body as Array<{ id: string }>)
        .map((i) => i.id)
        .sort();

    it('admins see every installation', async () => {
      expect(await visibleIds(admin)).toEqual(expect.arrayContaining([adminsOnly, profilesOnly, everyone]));
      await t.http().get(`/api/installations/${adminsOnly}`).set(admin).expect(200);
    });

    it('an ADMINS installation does not exist for a standard user', async () => {
      expect(await visibleIds(repA.auth)).not.toContain(adminsOnly);
      await t.http().get(`/api/installations/${adminsOnly}`).set(repA.auth).expect(404);
    });

    it('a PROFILES installation exists only for users of those profiles', async () => {
      expect(await visibleIds(repA.auth)).toEqual([profilesOnly, everyone].sort());
      const res = await t.http().get(`/api/installations/${profilesOnly}`).set(repA.auth).expect(200);
      expect(res.body).toMatchObject({ id: profilesOnly, scope: 'PROFILES', profileIds: [repA.profileId] });
      await t.http().get(`/api/installations/${profilesOnly}`).set(repB.auth).expect(404);
    });

    it('an ALL_USERS installation is visible to everyone, and the marketplace agrees', async () => {
      expect(await visibleIds(repB.auth)).toEqual([everyone]);
      const market = await t.http().get('/api/marketplace').set(repB.auth).expect(200);
      expect(market.body[0].installations).toEqual([
        { id: everyone, status: 'PENDING_AUTHORIZATION', scope: 'ALL_USERS' },
      ]);
    });

    it('standard users cannot uninstall, even what they see', async () => {
      await t.http().delete(`/api/installations/${everyone}`).set(repA.auth).expect(403);
      await t.http().get(`/api/installations/${everyone}`).set(repA.auth).expect(200);
    });

    it('another tenant gets 404 for all of them', async () => {
      const outsider = bearer(other.adminToken);
      for (const id of [adminsOnly, profilesOnly, everyone]) {
        await t.http().get(`/api/installations/${id}`).set(outsider).expect(404);
        await t.http().delete(`/api/installations/${id}`).set(outsider).expect(404);
      }
      expect(await visibleIds(outsider)).toEqual([]);
      const market = await t.http().get('/api/marketplace').set(outsider).expect(200);
      expect(market.body[0].installations).toEqual([]);
    });
  });

  it('shows the authorized account label and never the credentials', async () => {
    const { installationId, accountId } = await installFakeConnector(t, tenant, vendor);
    const res = await t.http().get(`/api/installations/${installationId}`).set(admin).expect(200);
    expect(res.body).toMatchObject({
      id: installationId,
      status: 'ACTIVE',
      account: { id: accountId, label: `Fake ${accountId}` },
    });
    expect(JSON.stringify(res.body)).not.toContain(vendor.validApiKey);
    expect(JSON.stringify(res.body)).not.toMatch(/credentials|Envelope/i);
  });
});
