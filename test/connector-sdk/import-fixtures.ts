import { ImportRunner, type ImportRunView, type SyncSettingsData } from '@crm/connector-sdk';
import type { FakeVendor } from '@crm/connector-sdk/testing';
import { installFakeConnector } from '../support/connector-fixtures';
import { bearer, TestApp, TestTenant } from '../support/test-app';

export const DAY_MS = 24 * 3600 * 1000;
export const daysAgo = (days: number, hour = 10) => {
  const at = new Date(Date.now() - days * DAY_MS);
  at.setUTCHours(hour, 0, 0, 0);
  return at;
};

/**
 * One tenant with the fake (marketing) connector installed, driven over HTTP: records through the
 * CRM API, imports through the import API, then run the way RunImportJob runs them.
 */
export class ImportFixture {
  private constructor(
    readonly t: TestApp,
    readonly vendor: FakeVendor,
    readonly tenant: TestTenant,
    readonly installationId: string,
    readonly accountId: string,
  ) {}

  static async create(
    t: TestApp,
    vendor: FakeVendor,
    name = 'Imports',
    options: Parameters<typeof installFakeConnector>[3] = {},
  ): Promise<ImportFixture> {
    const tenant = await t.createTenant(name);
    const { installationId, accountId } = await installFakeConnector(t, tenant, vendor, options);
    return new ImportFixture(t, vendor, tenant, installationId, accountId);
  }

  get auth() {
    return bearer(this.tenant.adminToken);
  }

  async contact(email: string, lastName = 'García', extra: Record<string, unknown> = {}): Promise<string> {
    const response = await this.t
      .http()
      .post('/api/contacts')
      .set(this.auth)
      .send({ firstName: 'Ana', lastName, emails: [{ email }], ...extra })
      .expect(201);
    return response.body.id;
  }

  async lead(email: string, lastName = 'Lopez'): Promise<string> {
    const response = await this.t
      .http()
      .post('/api/leads')
      .set(this.auth)
      .send({ firstName: 'Lea', lastName, emails: [{ email }] })
      .expect(201);
    return response.body.id;
  }

  async saveSettings(changes: Partial<SyncSettingsData>): Promise<void> {
    const url = `/api/installations/${this.installationId}/settings`;
    const current = (await this.t.http().get(url).set(this.auth).expect(200)).body;
    await this.t
      .http()
      .put(url)
      .set(this.auth)
      .send({ ...current, ...changes })
      .expect(200);
  }

  /** Requests an import over HTTP (202), runs it as its job would, and returns it as the API shows it. */
  async import(kind: 'campaigns' | 'carts'): Promise<ImportRunView> {
    const requested = await this.t
      .http()
      .post(`/api/installations/${this.installationId}/${kind}/import`)
      .set(this.auth)
      .expect(202);
    expect(requested.body).toMatchObject({ status: 'QUEUED', kind: kind.toUpperCase(), trigger: 'MANUAL' });
    await this.t.app.get(ImportRunner).execute(requested.body.id);
    const run = await this.t
      .http()
      .get(`/api/installations/${this.installationId}/imports/${requested.body.id}`)
      .set(this.auth)
      .expect(200);
    return run.body;
  }

  async get(path: string, auth: Record<string, string> = this.auth) {
    return (await this.t.http().get(path).set(auth).expect(200)).body;
  }
}
