import { DataSource } from 'typeorm';
import { OutboxEvent } from '@crm/platform';
import {
  RecordLineView,
  RunView,
  SyncEngine,
  type SyncSettingsData,
  type VendorEvent,
} from '@crm/connector-sdk';
import type { FakeVendor } from '@crm/connector-sdk/testing';
import { installFakeConnector } from '../support/connector-fixtures';
import { runLines } from '../support/run-lines';
import { bearer, TestApp, TestTenant } from '../support/test-app';

export interface ContactInput {
  email: string;
  firstName?: string;
  lastName?: string;
  useInMarketing?: boolean;
  status?: 'ACTIVE' | 'UNSUBSCRIBED_BY_US' | 'BOUNCED' | 'UNSUBSCRIBED_BY_USER';
  emailOptOut?: boolean;
}

/**
 * One tenant with the fake connector installed and a vendor list, driven over HTTP: contacts
 * through the CRM API, runs through the sync API, then executed the way RunSyncJob executes them.
 */
export class EngineFixture {
  private constructor(
    readonly t: TestApp,
    readonly vendor: FakeVendor,
    readonly tenant: TestTenant,
    readonly installationId: string,
    readonly listId: string,
    readonly webhookToken: string,
  ) {}

  static async create(
    t: TestApp,
    vendor: FakeVendor,
    name = 'Engine',
    options: Parameters<typeof installFakeConnector>[3] = {},
  ): Promise<EngineFixture> {
    const listId = vendor.createList(`${name} list`);
    const tenant = await t.createTenant(name);
    const { installationId, webhookToken } = await installFakeConnector(t, tenant, vendor, options);
    return new EngineFixture(t, vendor, tenant, installationId, listId, webhookToken);
  }

  get auth() {
    return bearer(this.tenant.adminToken);
  }

  async contact(input: ContactInput): Promise<{ id: string; emailId: string }> {
    const response = await this.t
      .http()
      .post('/api/contacts')
      .set(this.auth)
      .send({
        firstName: input.firstName ?? 'Ana',
        lastName: input.lastName ?? 'García',
        emailOptOut: input.emailOptOut ?? false,
        emails: [
          {
            email: input.email,
            useInMarketing: input.useInMarketing ?? true,
            status: input.status ?? 'ACTIVE',
          },
        ],
      })
      .expect(201);
    return { id: response.body.id, emailId: response.body.emails[0].id };
  }

  async getContact(id: string) {
    return (await this.t.http().get(`/api/contacts/${id}`).set(this.auth).expect(200)).body;
  }

  async patchContact(id: string, changes: Record<string, unknown>) {
    return (await this.t.http().patch(`/api/contacts/${id}`).set(this.auth).send(changes).expect(200)).body;
  }

  async saveSettings(changes: Partial<SyncSettingsData>): Promise<void> {
    const current = (
      await this.t.http().get(`/api/installations/${this.installationId}/settings`).set(this.auth).expect(200)
    ).body;
    await this.t
      .http()
      .put(`/api/installations/${this.installationId}/settings`)
      .set(this.auth)
      .send({ ...current, targetListId: this.listId, ...changes })
      .expect(200);
  }

  /** Requests a run over HTTP (202), executes it as its job would, and returns it as the API shows it. */
  async sync(body: { dryRun?: boolean; kind?: 'FULL' | 'INCREMENTAL' } = {}): Promise<RunView> {
    const requested = await this.t
      .http()
      .post(`/api/installations/${this.installationId}/sync`)
      .set(this.auth)
      .send(body)
      .expect(202);
    expect(requested.body.status).toBe('QUEUED');
    return this.execute(requested.body.id);
  }

  async execute(runId: string): Promise<RunView> {
    await this.t.app.get(SyncEngine).executeRun(runId);
    return (await this.t.http().get(`/api/runs/${runId}`).set(this.auth).expect(200)).body;
  }

  /** Every audit line of a run, in processing order. */
  lines(runId: string, action?: string): Promise<RecordLineView[]> {
    return runLines(this.t, this.auth, runId, action);
  }

  /** Delivers vendor events the way the vendor does: to the installation's webhook URL. */
  async webhook(events: VendorEvent[]): Promise<void> {
    await this.t
      .http()
      .post(`/api/webhooks/fake/${this.installationId}/${this.webhookToken}`)
      .send({ events: events.map((event) => ({ ...event, firedAt: event.firedAt.toISOString() })) })
      .expect(200);
  }

  outboxEvents(): Promise<number> {
    return this.t.app.get(DataSource).getRepository(OutboxEvent).countBy({ tenantId: this.tenant.tenantId });
  }

  members() {
    return [...this.vendor.list(this.listId).members.values()];
  }
}

/** Leaves the shared fake vendor empty between tests (ids restart; runs are per installation anyway). */
export function resetVendor(vendor: FakeVendor): void {
  vendor.lists.clear();
  vendor.calls.length = 0;
  vendor.rejectedEmails.clear();
  vendor.flakyEmails.clear();
  vendor.pendingFailures.length = 0;
}
