import { DataSource } from 'typeorm';
import { asTenantId } from '@crm/platform';
import { ConnectionContextFactory, ConnectorConnection, ConnectorRegistry } from '@crm/connector-sdk';
import { FakeConnector, FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { installFakeConnector } from '../support/connector-fixtures';
import { startTestApp, TestApp, TestTenant } from '../support/test-app';

describe('connector framework foundation', () => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await startTestApp('sqlite', {}, [FakeConnectorModule.register(vendor)]);
    tenant = await t.createTenant('Sdk');
  });
  afterAll(() => t.close());

  it('discovers the connector plugin and checks its manifest', () => {
    const registry = t.app.get(ConnectorRegistry);
    expect(registry.list().map((c) => c.manifest.key)).toEqual(['fake']);
    expect(registry.get('fake')).toBeInstanceOf(FakeConnector);
  });

  it('stores credentials sealed and opens them only to build a connection context', async () => {
    const { installationId } = await installFakeConnector(t, tenant, vendor);
    const raw = await t.app
      .get(DataSource)
      .getRepository(ConnectorConnection)
      .createQueryBuilder('c')
      .addSelect('c.credentialsEnvelope')
      .where('c.installationId = :installationId', { installationId })
      .getOneOrFail();
    expect(raw.credentialsEnvelope).toMatch(/^v1\./);
    expect(raw.credentialsEnvelope).not.toContain(vendor.validApiKey);
    const { connector, context } = await t.app
      .get(ConnectionContextFactory)
      .forInstallation(asTenantId(tenant.tenantId), installationId);
    expect(context.credentials).toEqual({ apiKey: vendor.validApiKey });
    await expect(connector.checkHealth(context)).resolves.toBeUndefined();
    const other = await t.createTenant('Other');
    await expect(
      t.app.get(ConnectionContextFactory).forInstallation(asTenantId(other.tenantId), installationId),
    ).rejects.toThrow('not found');
  });
});
