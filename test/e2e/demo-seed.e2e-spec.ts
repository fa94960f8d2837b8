import { DataSource } from 'typeorm';
import { asTenantId, OutboxEvent, TenantId } from '@crm/platform';
import {
  Activity,
  Contact,
  Deal,
  DealLine,
  EmailAddress,
  Lead,
  Organization,
  Pipeline,
  Picklist,
  PicklistValue,
  RecordTag,
  Tenant,
  User,
} from '@crm/core';
import { createApiApp } from '../../apps/api/src/app.factory';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';

const ADMIN = { email: 'jefa@demo.test', password: 'demo-secret-123' };

describe.each(databaseKinds)('demo data on first start (%s)', (kind) => {
  let testApp: TestApp;
  let printed: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    testApp = await startTestApp(kind, {
      demo: { seed: true, adminEmail: ADMIN.email, adminPassword: ADMIN.password },
    });
    printed = log.mock.calls.map((args) => args.join(' ')).join('\n');
    log.mockRestore();
    dataSource = testApp.app.get(DataSource);
  });

  const demoTenantId = async (): Promise<TenantId> =>
    asTenantId((await dataSource.getRepository(Tenant).findOneByOrFail({ slug: 'demo' })).id);

  afterAll(async () => {
    await testApp?.app.close();
    await testApp?.database.drop();
  });

  it('creates the demo tenant with its records', async () => {
    const tenantId = await demoTenantId();
    const count = (entity: Parameters<DataSource['getRepository']>[0]) =>
      dataSource.getRepository(entity).countBy({ tenantId });
    expect(await count(User)).toBe(2);
    expect(await count(Organization)).toBe(300);
    expect(await count(Contact)).toBe(300);
    expect(await count(Lead)).toBe(300);
    expect(await count(EmailAddress)).toBeGreaterThan(600);
    expect(await count(RecordTag)).toBeGreaterThan(100);
    expect(await count(Activity)).toBeGreaterThan(50);
    // Seed rows are not changes to relay, so the outbox stays empty.
    expect(await dataSource.getRepository(OutboxEvent).countBy({ tenantId })).toBe(0);
  });

  it('puts the deals in the default pipeline with lines that add up', async () => {
    const tenantId = await demoTenantId();
    const pipeline = await dataSource.getRepository(Pipeline).findOneByOrFail({ tenantId, isDefault: true });
    const deals = await dataSource.getRepository(Deal).findBy({ tenantId });
    expect(deals.length).toBeGreaterThan(20);
    expect(deals.every((deal) => deal.pipelineId === pipeline.id)).toBe(true);
    const lines = await dataSource.getRepository(DealLine).findBy({ tenantId });
    const deal = deals[0];
    expect(
      lines.filter((line) => line.dealId === deal.id).reduce((sum, line) => sum + line.totalCents, 0),
    ).toBe(deal.amountCents);
  });

  it('adds the demo users and three more to the salesperson picklist', async () => {
    const tenantId = await demoTenantId();
    const picklist = await dataSource
      .getRepository(Picklist)
      .findOneByOrFail({ tenantId, key: 'organization.salesperson' });
    const values = await dataSource
      .getRepository(PicklistValue)
      .findBy({ tenantId, picklistId: picklist.id });
    expect(values.map((value) => value.value)).toEqual(
      expect.arrayContaining([
        'Mariana López',
        'Jorge Hernández',
        'Sofía Torres',
        'Ricardo Flores',
        'Daniela Ruiz',
      ]),
    );
  });

  it('lets the administrator sign in with DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD', async () => {
    const response = await testApp.http().post('/api/auth/login').send(ADMIN).expect(200);
    expect(response.body.user.email).toBe(ADMIN.email);
    expect(typeof response.body.token).toBe('string');
  });

  it('prints both logins once, without echoing the chosen admin password', async () => {
    expect(printed).toContain(ADMIN.email);
    expect(printed).not.toContain(ADMIN.password);
    const standard = /ventas@demo\.local\s+\/\s+(\S+)/.exec(printed);
    expect(standard).not.toBeNull();
    const password = standard![1];
    expect(password.length).toBeGreaterThanOrEqual(12);
    await testApp.http().post('/api/auth/login').send({ email: 'ventas@demo.local', password }).expect(200);
  });

  it('does not seed again when the database already has a tenant', async () => {
    await testApp.app.close();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const again = await createApiApp(testApp.config);
    await again.init();
    testApp.app = again;
    dataSource = again.get(DataSource);
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
    expect(await dataSource.getRepository(Tenant).count()).toBe(1);
    expect(await dataSource.getRepository(Organization).count()).toBe(300);
  });
});
