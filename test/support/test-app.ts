import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { AppConfig, asTenantId, TenantId } from '@crm/platform';
import { AuthService, TenantsService } from '@crm/core';
import { createApiApp } from '../../apps/api/src/app.factory';
import { createTestDatabase, TestDatabase, TestDatabaseKind } from './databases';

export interface TestTenant {
  tenantId: TenantId;
  slug: string;
  adminUserId: string;
  adminEmail: string;
  adminToken: string;
  profiles: Record<'ADMINISTRATOR' | 'STANDARD', string>;
}

export interface TestApp {
  app: INestApplication;
  database: TestDatabase;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** Creates a tenant with an administrator and signs them in. */
  createTenant(name?: string): Promise<TestTenant>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery';

export function testConfig(database: TestDatabase, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    env: 'test',
    embedded: database.config.kind === 'sqlite',
    http: { port: 0, host: '127.0.0.1' },
    dataDir: database.dataDir,
    database: database.config,
    queue: { kind: 'in-process' },
    crypto: { keyFile: `${database.dataDir}/secret.key` },
    log: { level: process.env.TEST_LOG_LEVEL ?? 'silent' },
    demo: { seed: false },
    runWorkerInApi: false,
    sandboxes: false,
    mailchimp: {},
    mailup: {},
    ...overrides,
  };
}

/** The real API application on a fresh database, driven over HTTP with supertest. */
export async function startTestApp(
  kind: TestDatabaseKind = 'sqlite',
  overrides: Partial<AppConfig> = {},
  /** Connector plugin modules instead of the shipped ones (e.g. FakeConnectorModule.register()). */
  connectors?: Parameters<typeof createApiApp>[1],
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const config = testConfig(database, overrides);
  const app = await createApiApp(config, connectors);
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    database,
    config,
    http,
    async createTenant(name = 'Tenant') {
      const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`;
      const adminEmail = `admin@${slug}.test`;
      const provisioned = await app.get(TenantsService).provision({
        name,
        slug,
        admin: { email: adminEmail, name: `${name} Admin`, password: TEST_PASSWORD },
      });
      const login = await app.get(AuthService).login({ email: adminEmail, password: TEST_PASSWORD });
      return {
        tenantId: asTenantId(provisioned.tenantId),
        slug,
        adminUserId: provisioned.adminUserId,
        adminEmail,
        adminToken: login.token,
        profiles: provisioned.profiles,
      };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
