import type { Server } from 'node:http';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { asTenantId, type AppConfig } from '@crm/platform';
import {
  ConnectionContextFactory,
  ConnectorConnection,
  ConnectorRegistry,
  credentialsContext,
  type ConnectionContext,
  type Connector,
  type RecordLineView,
  type RunView,
} from '@crm/connector-sdk';
import { SecretBox } from '@crm/platform';
import { MAILUP_CONNECTOR_KEY, type MailupConnector } from '@crm/connectors';
import { optinDate } from '../../apps/sandbox/src/mailup/dates';
import { MailupClient, MailupCredentials, MailupHarness } from '../sandbox/support/mailup-sandbox.harness';
import type { TestDatabaseKind } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

import { eventually } from './mailchimp-fixture';

export { eventually };

/** One tenant with MailUp installed and connected (password grant) to its own sandbox account and list. */
export interface MailupTenant {
  tenant: TestTenant;
  auth: ReturnType<typeof bearer>;
  installationId: string;
  listId: string;
  account: MailupCredentials;
  /** The sandbox account seen from outside, as another MailUp client (paced to 5 calls a second). */
  mailup: MailupClient;
}

/**
 * The product as it runs embedded (API + worker in one process, on a real port) with the real
 * MailUp connector pointed at a MailUp sandbox on its own port, everything between them HTTP.
 * The OAuth app (API keys the password grant needs as well) is one sandbox account's client,
 * which MailUp accepts for every account.
 */
export class MailupFixture {
  private constructor(
    readonly t: TestApp,
    readonly sandbox: MailupHarness,
    readonly app: MailupCredentials,
  ) {}

  static async start(
    kind: TestDatabaseKind = 'sqlite',
    overrides: Partial<AppConfig> = {},
  ): Promise<MailupFixture> {
    const sandbox = await MailupHarness.start();
    const app = await sandbox.createAccount({ company: 'CRM Connect (app)' });
    const t = await startTestApp(kind, {
      runWorkerInApi: true,
      mailup: { sandboxUrl: sandbox.baseUrl, clientId: app.clientId, clientSecret: app.clientSecret },
      ...overrides,
    });
    await new Promise<void>((resolve) => (t.app.getHttpServer() as Server).listen(0, '127.0.0.1', resolve));
    return new MailupFixture(t, sandbox, app);
  }

  async close(): Promise<void> {
    await this.t.close();
    await this.sandbox.close();
  }

  get connector(): MailupConnector {
    return this.t.app.get(ConnectorRegistry).get(MAILUP_CONNECTOR_KEY) as Connector as MailupConnector;
  }

  /** Installs MailUp for all users, terms accepted; answers the installation's id. */
  async install(tenant: TestTenant): Promise<string> {
    const installed = await this.t
      .http()
      .post(`/api/marketplace/${MAILUP_CONNECTOR_KEY}/install`)
      .set(bearer(tenant.adminToken))
      .send({ scope: 'ALL_USERS', acceptTerms: true })
      .expect(201);
    return installed.body.id;
  }

  /** A sandbox account with one console list; `admin: false` gives it a non-administrator user. */
  async account(company: string, admin = true): Promise<{ account: MailupCredentials; listId: string }> {
    const account = await this.sandbox.createAccount({ company, admin });
    await this.sandbox.controlOk(`/accounts/${account.username}/settings`, { importDelayMs: 50 });
    return { account, listId: String(await this.sandbox.createList(account, `${company} newsletter`)) };
  }

  /** A tenant, a sandbox account with one list, MailUp installed and connected with username and password. */
  async tenant(name: string): Promise<MailupTenant> {
    const tenant = await this.t.createTenant(name);
    const auth = bearer(tenant.adminToken);
    const { account, listId } = await this.account(name);
    const installationId = await this.install(tenant);
    await this.t
      .http()
      .post(`/api/installations/${installationId}/credentials`)
      .set(auth)
      .send({ fields: { username: account.username, password: account.password } })
      .expect(200);
    return {
      tenant,
      auth,
      installationId,
      listId,
      account,
      mailup: await this.sandbox.connect(account, { waitOutThrottling: true }),
    };
  }

  /** The installation's connection context, as the framework builds it for a sync. */
  async context(m: MailupTenant): Promise<ConnectionContext> {
    const resolved = await this.t.app
      .get(ConnectionContextFactory)
      .forInstallation(asTenantId(m.tenant.tenantId), m.installationId);
    return resolved.context;
  }

  /** The installation's stored connection with its credentials opened. */
  async storedConnection(
    m: MailupTenant,
  ): Promise<{ row: ConnectorConnection; credentials: Record<string, string> }> {
    const row = await this.t.app
      .get(DataSource)
      .getRepository(ConnectorConnection)
      .createQueryBuilder('c')
      .addSelect('c.credentialsEnvelope')
      .where('c.installationId = :id', { id: m.installationId })
      .getOneOrFail();
    const credentials = JSON.parse(
      this.t.app
        .get(SecretBox)
        .open(row.credentialsEnvelope, credentialsContext(m.tenant.tenantId, m.installationId)),
    ) as Record<string, string>;
    return { row, credentials };
  }

  /** The outside world acting on the tenant's sandbox account (a recipient unsubscribing, faults…). */
  control<T = Record<string, unknown>>(m: MailupTenant, path: string, body: unknown = {}): Promise<T> {
    return this.sandbox.controlOk<T>(`/accounts/${m.account.username}${path}`, body);
  }

  /**
   * A call on the tenant's account as another MailUp client makes it (a user in MailUp's console,
   * whose client waits out the throttling the product's calls cause on the shared account).
   */
  async mailupCall<T>(
    m: MailupTenant,
    service: 'console' | 'stats',
    path: string,
    write?: { method: 'POST' | 'PUT' | 'DELETE'; body?: unknown },
  ): Promise<T> {
    const { status, body } =
      service === 'stats'
        ? await m.mailup.stats<T>(path)
        : await m.mailup.console<T>(write?.method ?? 'GET', path, write?.body);
    if (status !== 200)
      throw new Error(`${write?.method ?? 'GET'} ${path}: ${status} ${JSON.stringify(body)}`);
    return body;
  }

  mailupGet<T>(m: MailupTenant, service: 'console' | 'stats', path: string): Promise<T> {
    return this.mailupCall<T>(m, service, path);
  }

  /** A console collection on the tenant's account, every page. */
  async consoleAll<T>(m: MailupTenant, path: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; ; page++) {
      const separator = path.includes('?') ? '&' : '?';
      const body = await this.mailupGet<{ Items: T[]; TotalElementsCount: number }>(
        m,
        'console',
        `${path}${separator}pageSize=200&pageNumber=${page}`,
      );
      items.push(...body.Items);
      if (body.Items.length === 0 || items.length >= body.TotalElementsCount) return items;
    }
  }

  /** The list's groups by name, each with the addresses of its members. */
  async groups(m: MailupTenant, listId = m.listId): Promise<Map<string, string[]>> {
    const groups = await this.consoleAll<{ idGroup: number; Name: string }>(m, `/List/${listId}/Groups`);
    const byName = new Map<string, string[]>();
    for (const group of groups) {
      const members = await this.consoleAll<{ Email: string }>(m, `/Group/${group.idGroup}/Recipients`);
      byName.set(
        group.Name,
        [...(byName.get(group.Name) ?? []), ...members.map((r) => r.Email.toLowerCase())].sort(),
      );
    }
    return byName;
  }

  /** Each address' status in the list (OPTIN, OPTOUT, PENDING), from its EmailOptins. */
  async statuses(m: MailupTenant, listId = m.listId): Promise<Map<string, string>> {
    const optins = await this.consoleAll<{ Email: string; Status: string }>(
      m,
      `/List/${listId}/Recipients/EmailOptins`,
    );
    return new Map(optins.map((optin) => [optin.Email.toLowerCase(), optin.Status]));
  }

  /** Waits until the worker has finished a sync run; answers it as the API shows it. */
  waitForRun(m: MailupTenant, runId: string): Promise<RunView> {
    return eventually(async () => {
      const run = (await this.t.http().get(`/api/runs/${runId}`).set(m.auth).expect(200)).body as RunView;
      if (!['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(run.status)) throw new Error(`run ${run.status}`);
      return run;
    }, 120_000);
  }

  /** A run's audit lines (of one action, or all), as the API pages them. */
  async lines(m: MailupTenant, runId: string, action?: string): Promise<RecordLineView[]> {
    const lines: RecordLineView[] = [];
    for (let page = 1; ; page++) {
      const response = await this.t
        .http()
        .get(`/api/runs/${runId}/records`)
        .query({ page, pageSize: 200, ...(action ? { action } : {}) })
        .set(m.auth)
        .expect(200);
      lines.push(...response.body.items);
      if (lines.length >= response.body.total) return lines;
    }
  }

  /** "Update subscribers" of one list (or of every list with views), asked for over HTTP and waited for. */
  async updateSubscribers(m: MailupTenant, listId: string | null = m.listId): Promise<RunView> {
    const path = listId
      ? `/api/installations/${m.installationId}/lists/${listId}/subscribers/sync`
      : `/api/installations/${m.installationId}/subscribers/sync`;
    const requested = await this.t.http().post(path).set(m.auth).send({}).expect(202);
    return this.waitForRun(m, requested.body.id);
  }

  /**
   * An import asked for over HTTP and waited for: the lists, the messages with their figures, or
   * their sends, statistics, links and clickers.
   */
  async importNow(
    m: MailupTenant,
    what: 'lists' | 'campaigns' | 'campaigns/activity',
  ): Promise<{ status: string; kind: string; result: Record<string, unknown> | null; error: string | null }> {
    const requested = await this.t
      .http()
      .post(`/api/installations/${m.installationId}/${what}/import`)
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
    }, 120_000);
  }

  /**
   * As if the account's subscriptions had been made `ms` earlier (a day by default). MailUp dates
   * only consent, and a read of changes looks a couple of minutes back, so a test that wants a
   * quiet list needs its subscriptions older than that; the sandbox (in this process) has no clock
   * to move.
   */
  ageSubscriptions(m: MailupTenant, ms = 24 * 3600_000): void {
    const account = this.sandbox.sandbox.state.byUsername(m.account.username)!;
    const earlier = (date: string) =>
      date ? optinDate(new Date(new Date(`${date.replace(' ', 'T')}Z`).getTime() - ms)) : date;
    for (const list of Object.values(account.lists))
      for (const subscription of Object.values(list.subscriptions)) {
        subscription.optinDate = earlier(subscription.optinDate);
        subscription.optinRequestDate = earlier(subscription.optinRequestDate);
        subscription.optoutDate = earlier(subscription.optoutDate);
      }
  }

  /** The tests drive the schedules themselves: the clock's ticks of this process stop. */
  async stopClockTicks(): Promise<void> {
    for (const name of ['connector-imports', 'connector-syncs'])
      await this.t.app.get(SchedulerRegistry).getCronJob(name).stop();
  }
}
