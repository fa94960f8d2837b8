import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { asTenantId } from '@crm/platform';
import { insertLeads } from '../../test/support/bulk-contacts';
import type { TestDatabaseKind } from '../../test/support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../../test/support/test-app';
import { sleep } from './bench-tools';
import type { SyncRunView } from './mailchimp-product';
import { forkSandbox, stopSandbox } from './sandbox-server';

/** MailUp-like conditions: every API call waits `latencyMs`, an accepted import completes after `importMs`. */
export interface MailupLatency {
  latencyMs: number;
  importMs: number;
}

/** A request of the account as the sandbox logged it. */
export interface LoggedRequest {
  at: number;
  method: string;
  route: string;
  status: number;
}

interface Credentials {
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The product as it runs embedded, with MailUp installed and connected (username and password)
 * through the API, and a list of the sandbox (its own process) fed by a saved view that selects
 * `leads` leads, ready for "update subscribers".
 */
export class MailupProduct {
  private constructor(
    readonly t: TestApp,
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly tenant: TestTenant,
    readonly account: Credentials,
    readonly installationId: string,
    readonly listId: string,
  ) {}

  static async start(kind: TestDatabaseKind, latency: MailupLatency, leads: number): Promise<MailupProduct> {
    const { child, baseUrl } = await forkSandbox('mailup-sandbox-server.main.ts');
    let t: TestApp | undefined;
    try {
      const app = await control<Credentials>(baseUrl, 'POST', '/accounts', { company: 'CRM Connect (app)' });
      t = await startTestApp(kind, {
        runWorkerInApi: true,
        mailup: { sandboxUrl: baseUrl, clientId: app.clientId, clientSecret: app.clientSecret },
      });
      await new Promise<void>((resolve) =>
        (t!.app.getHttpServer() as Server).listen(0, '127.0.0.1', resolve),
      );
      const tenant = await t.createTenant('Bench');
      const auth = bearer(tenant.adminToken);
      const account = await control<Credentials>(baseUrl, 'POST', '/accounts', { company: 'Bench' });
      await control(baseUrl, 'POST', `/accounts/${account.username}/settings`, {
        importDelayMs: latency.importMs,
      });
      await control(baseUrl, 'POST', `/accounts/${account.username}/latency`, { ms: latency.latencyMs });
      const list = await control<{ idList: number }>(baseUrl, 'POST', `/accounts/${account.username}/lists`, {
        name: 'Bench newsletter',
      });
      const installed = await t
        .http()
        .post('/api/marketplace/mailup/install')
        .set(auth)
        .send({ scope: 'ALL_USERS', acceptTerms: true })
        .expect(201);
      const installationId = installed.body.id as string;
      await t
        .http()
        .post(`/api/installations/${installationId}/credentials`)
        .set(auth)
        .send({ fields: { username: account.username, password: account.password } })
        .expect(200);
      await insertLeads(t.app.get(DataSource), asTenantId(tenant.tenantId), tenant.adminUserId, leads, {
        prefix: 'bench',
        company: 'Bench Srl',
      });
      const view = await t
        .http()
        .post('/api/views')
        .set(auth)
        .send({
          module: 'leads',
          name: 'Bench Srl',
          filter: { op: 'and', conditions: [{ field: 'company', operator: 'eq', value: 'Bench Srl' }] },
        })
        .expect(201);
      const listId = String(list.idList);
      await t
        .http()
        .put(`/api/installations/${installationId}/lists/${listId}/views`)
        .set(auth)
        .send({ viewIds: [view.body.id] })
        .expect(200);
      return new MailupProduct(t, child, baseUrl, tenant, account, installationId, listId);
    } catch (error) {
      await t?.close();
      await stopSandbox(child);
      throw error;
    }
  }

  /** Asks for "update subscribers" of the list over HTTP and waits for the worker to finish it. */
  async updateSubscribers(): Promise<SyncRunView> {
    const auth = bearer(this.tenant.adminToken);
    const requested = await this.t
      .http()
      .post(`/api/installations/${this.installationId}/lists/${this.listId}/subscribers/sync`)
      .set(auth)
      .send({})
      .expect(202);
    for (;;) {
      const run = (await this.t.http().get(`/api/runs/${requested.body.id}`).set(auth).expect(200))
        .body as SyncRunView;
      if (['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(run.status)) return run;
      await sleep(200);
    }
  }

  /** The account's API requests the sandbox saw since `since` (ms since the epoch). */
  requests(since: number): Promise<LoggedRequest[]> {
    return control(this.baseUrl, 'GET', `/accounts/${this.account.username}/requests?since=${since}`);
  }

  async close(): Promise<void> {
    await this.t.close();
    await stopSandbox(this.child);
  }
}

async function control<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}/_control${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
