import type { Server } from 'node:http';
import { DataSource, IsNull } from 'typeorm';
import { OutboxEvent } from '@crm/platform';
import type { AppConfig } from '@crm/platform';
import { defaultSyncSettings, OutboxRelay, SyncEngine } from '@crm/connector-sdk';
import {
  audienceInput,
  MailchimpClient,
  SandboxAccountCredentials,
  SandboxHarness,
} from '../sandbox/support/mailchimp-sandbox.harness';
import type { TestDatabaseKind } from '../support/databases';
import { eventually } from '../support/eventually';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

// Webhooks and the outbox are asynchronous: the specs poll for their effects.
export { eventually };

/** Who an installation is for, as the marketplace's install takes it. */
export type InstallFor = { scope: 'ADMINS' | 'ALL_USERS' } | { scope: 'PROFILES'; profileIds: string[] };

/** One tenant with Mailchimp installed and authorized on its own sandbox account and audience. */
export interface MailchimpTenant {
  tenant: TestTenant;
  auth: ReturnType<typeof bearer>;
  installationId: string;
  listId: string;
  account: SandboxAccountCredentials;
  mailchimp: MailchimpClient;
}

/**
 * The product as it runs embedded (API + worker in one process, listening on a real port so the
 * sandbox's webhooks reach it) with the real Mailchimp connector pointed at a Mailchimp sandbox
 * on its own port. Everything between them is HTTP.
 */
export class MailchimpFixture {
  private constructor(
    readonly t: TestApp,
    readonly sandbox: SandboxHarness,
  ) {}

  static async start(
    kind: TestDatabaseKind = 'sqlite',
    oauthClient?: (sandbox: SandboxHarness) => Promise<{ clientId: string; clientSecret: string }>,
    /** Configuration over the embedded defaults (e.g. an API that leaves the queues to worker processes). */
    overrides: Partial<AppConfig> = {},
  ): Promise<MailchimpFixture> {
    OutboxRelay.pollMs = 50;
    const sandbox = await SandboxHarness.start();
    const client = oauthClient ? await oauthClient(sandbox) : {};
    const t = await startTestApp(kind, {
      runWorkerInApi: true,
      mailchimp: { sandboxUrl: sandbox.baseUrl, ...client },
      ...overrides,
    });
    await new Promise<void>((resolve) => (t.app.getHttpServer() as Server).listen(0, '127.0.0.1', resolve));
    return new MailchimpFixture(t, sandbox);
  }

  async close(): Promise<void> {
    await this.t.close();
    await this.sandbox.close();
  }

  /** Installs Mailchimp (for all users unless `scope` says otherwise, terms accepted); answers its id. */
  async install(tenant: TestTenant, scope: InstallFor = { scope: 'ALL_USERS' }): Promise<string> {
    const installed = await this.t
      .http()
      .post('/api/marketplace/mailchimp/install')
      .set(bearer(tenant.adminToken))
      .send({ ...scope, acceptTerms: true })
      .expect(201);
    return installed.body.id;
  }

  /**
   * A tenant, a sandbox account with one audience, Mailchimp installed and connected with the API
   * key. `scope` chooses who the installation is for, once the tenant exists (e.g. its users' profiles).
   */
  async tenant(
    name: string,
    settings: Record<string, unknown> = {},
    scope?: (tenant: TestTenant) => Promise<InstallFor>,
  ): Promise<MailchimpTenant> {
    const tenant = await this.t.createTenant(name);
    const auth = bearer(tenant.adminToken);
    const account = await this.sandbox.createAccount({ name });
    const mailchimp = this.sandbox.client({ apiKey: account.api_key });
    const list = (await mailchimp.lists.createList(audienceInput(`${name} audience`))) as { id: string };
    const installationId = await this.install(tenant, scope ? await scope(tenant) : undefined);
    await this.t
      .http()
      .post(`/api/installations/${installationId}/credentials`)
      .set(auth)
      .send({ fields: { apiKey: account.api_key } })
      .expect(200);
    const ours = { tenant, auth, installationId, listId: list.id, account, mailchimp };
    await this.saveSettings(ours, settings);
    return ours;
  }

  async saveSettings(m: MailchimpTenant, changes: Record<string, unknown>): Promise<void> {
    await this.t
      .http()
      .put(`/api/installations/${m.installationId}/settings`)
      .set(m.auth)
      .send({ ...defaultSyncSettings(), targetListId: m.listId, ...changes })
      .expect(200);
  }

  /** Requests a run over HTTP and waits for the worker to finish it. */
  async sync(m: MailchimpTenant, body: Record<string, unknown> = { kind: 'FULL' }, timeoutMs = 60_000) {
    const requested = await this.t
      .http()
      .post(`/api/installations/${m.installationId}/sync`)
      .set(m.auth)
      .send(body)
      .expect(202);
    return this.finished(m, requested.body.id, timeoutMs);
  }

  async finished(m: MailchimpTenant, runId: string, timeoutMs = 60_000) {
    return eventually(async () => {
      const run = (await this.t.http().get(`/api/runs/${runId}`).set(m.auth).expect(200)).body;
      if (!['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(run.status)) throw new Error(`run ${run.status}`);
      return run;
    }, timeoutMs);
  }

  /** Waits until the outbox relay has handed every CRM change of the tenant on. */
  async outboxDrained(m: MailchimpTenant): Promise<void> {
    await eventually(async () => {
      const pending = await this.t.app
        .get(DataSource)
        .getRepository(OutboxEvent)
        .countBy({ tenantId: m.tenant.tenantId, processedAt: IsNull() });
      expect(pending).toBe(0);
    });
  }

  /**
   * Asks for a campaign or cart import over HTTP (202) and waits for the worker to finish it;
   * answers the run as the API shows it.
   */
  async importNow(m: MailchimpTenant, kind: 'campaigns' | 'carts', timeoutMs = 60_000) {
    const requested = await this.t
      .http()
      .post(`/api/installations/${m.installationId}/${kind}/import`)
      .set(m.auth)
      .expect(202);
    return eventually(async () => {
      const run = (
        await this.t
          .http()
          .get(`/api/installations/${m.installationId}/imports/${requested.body.id}`)
          .set(m.auth)
          .expect(200)
      ).body;
      if (!['SUCCEEDED', 'FAILED'].includes(run.status)) throw new Error(`import ${run.status}`);
      return run;
    }, timeoutMs);
  }

  /** Runs a queued run here and now (for tests that must not wait on the queue's backoff). */
  execute(runId: string) {
    return this.t.app.get(SyncEngine).executeRun(runId);
  }

  async contact(
    m: MailchimpTenant,
    input: Record<string, unknown>,
  ): Promise<{ id: string; emailId: string }> {
    const created = await this.t
      .http()
      .post('/api/contacts')
      .set(m.auth)
      .send({ firstName: 'Ana', lastName: 'García', ...input })
      .expect(201);
    return { id: created.body.id, emailId: created.body.emails[0]?.id };
  }

  async getContact(m: MailchimpTenant, id: string) {
    return (await this.t.http().get(`/api/contacts/${id}`).set(m.auth).expect(200)).body;
  }

  /** The sandbox member of an address, or undefined when the audience does not have it. */
  async member(m: MailchimpTenant, email: string) {
    try {
      return (await m.mailchimp.lists.getListMember(m.listId, email.toLowerCase())) as {
        id: string;
        status: string;
        merge_fields: Record<string, unknown>;
        tags: Array<{ name: string }>;
      };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  /** The outside world acting on the sandbox (a subscriber unsubscribing, a bounce…). */
  async control(m: MailchimpTenant, path: string, body?: unknown, method = 'POST'): Promise<void> {
    const response = await this.sandbox.control(`/accounts/${m.account.account_id}${path}`, { body, method });
    if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
  }
}
