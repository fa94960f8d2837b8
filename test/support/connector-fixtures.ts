import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { asTenantId } from '@crm/platform';
import { ConnectionContextFactory, ConnectorInstallation, InstallScope } from '@crm/connector-sdk';
import { FAKE_CONNECTOR_KEY, FakeVendor } from '@crm/connector-sdk/testing';
import type { TestApp, TestTenant } from './test-app';

export interface FakeInstallation {
  installationId: string;
  webhookToken: string;
  accountId: string;
}

/**
 * An ACTIVE installation of the fake connector with an authorized account, written straight to
 * the database — for tests of what comes after installing and authorizing (settings, mappings,
 * the engine). The install and authorize flows have their own HTTP tests.
 */
export async function installFakeConnector(
  t: TestApp,
  tenant: TestTenant,
  vendor: FakeVendor,
  options: { scope?: InstallScope; profileIds?: string[]; accountId?: string } = {},
): Promise<FakeInstallation> {
  const tenantId = asTenantId(tenant.tenantId);
  const webhookToken = randomBytes(24).toString('base64url');
  const repository = t.app.get(DataSource).getRepository(ConnectorInstallation);
  const installation = await repository.save(
    repository.create({
      tenantId,
      connectorKey: FAKE_CONNECTOR_KEY,
      scope: options.scope ?? 'ALL_USERS',
      profileIds: options.profileIds ?? [],
      status: 'ACTIVE',
      statusReason: null,
      installedById: tenant.adminUserId,
      termsAcceptedById: tenant.adminUserId,
      termsAcceptedAt: new Date(),
      webhookTokenHash: createHash('sha256').update(webhookToken).digest('hex'),
      lastHealthCheckAt: null,
    }),
  );
  const accountId = options.accountId ?? `acct-${randomBytes(3).toString('hex')}`;
  await t.app
    .get(ConnectionContextFactory)
    .saveConnection(
      tenantId,
      installation.id,
      'credentials',
      { accountId, label: `Fake ${accountId}`, credentials: { apiKey: vendor.validApiKey }, metadata: {} },
      tenant.adminUserId,
    );
  return { installationId: installation.id, webhookToken, accountId };
}
