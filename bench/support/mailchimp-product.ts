import type { Server } from 'node:http';
import { defaultSyncSettings } from '@crm/connector-sdk';
import type { TestDatabaseKind } from '../../test/support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../../test/support/test-app';
import { LatencyModel, SandboxAccount, SandboxServer } from './sandbox-server';
import { sleep } from './bench-tools';

/** Mailchimp's own numbers: 10 simultaneous connections per account, 500 members per batch subscribe. */
export const MAILCHIMP_CONNECTIONS = 10;
export const MAILCHIMP_BATCH = 500;

export const callMs = (latency: LatencyModel, members: number) =>
  latency.fixedMs + latency.perMemberMs * members;

export function describeLatency(latency: LatencyModel): string {
  return (
    `${latency.fixedMs} ms per call + ${latency.perMemberMs} ms per member ` +
    `(a ${MAILCHIMP_BATCH}-member batch subscribe takes ${callMs(latency, MAILCHIMP_BATCH)} ms, ` +
    `a single-member call ${callMs(latency, 1)} ms), ${MAILCHIMP_CONNECTIONS} connections per account`
  );
}

export interface SyncRunView {
  id: string;
  status: string;
  counts: Record<string, number>;
  processed: number;
  error: string | null;
}

/**
 * The product as it runs embedded (API + worker in one process, on a real port so the sandbox's
 * webhooks reach it), with Mailchimp installed, authorized with an API key and set up through
 * the API like an admin would, against the sandbox in its own process.
 */
export class MailchimpProduct {
  private constructor(
    readonly t: TestApp,
    readonly sandbox: SandboxServer,
    readonly tenant: TestTenant,
    readonly account: SandboxAccount,
    readonly installationId: string,
    readonly listId: string,
  ) {}

  static async start(kind: TestDatabaseKind, latency: LatencyModel): Promise<MailchimpProduct> {
    const sandbox = await SandboxServer.start();
    let t: TestApp | undefined;
    try {
      t = await startTestApp(kind, { runWorkerInApi: true, mailchimp: { sandboxUrl: sandbox.baseUrl } });
      await new Promise<void>((resolve) =>
        (t!.app.getHttpServer() as Server).listen(0, '127.0.0.1', resolve),
      );
      const tenant = await t.createTenant('Bench');
      const auth = bearer(tenant.adminToken);
      const account = await sandbox.createAccount('Bench', latency);
      const listId = await sandbox.createAudience(account, 'Bench audience');
      const installed = await t
        .http()
        .post('/api/marketplace/mailchimp/install')
        .set(auth)
        .send({ scope: 'ALL_USERS', acceptTerms: true })
        .expect(201);
      const installationId = installed.body.id as string;
      await t
        .http()
        .post(`/api/installations/${installationId}/credentials`)
        .set(auth)
        .send({ fields: { apiKey: account.api_key } })
        .expect(200);
      await t
        .http()
        .put(`/api/installations/${installationId}/settings`)
        .set(auth)
        .send({ ...defaultSyncSettings(), targetListId: listId })
        .expect(200);
      return new MailchimpProduct(t, sandbox, tenant, account, installationId, listId);
    } catch (error) {
      await t?.close();
      await sandbox.close();
      throw error;
    }
  }

  get auth() {
    return bearer(this.tenant.adminToken);
  }

  /** Asks for a run over HTTP ("Sync now") and waits for the worker to finish it. */
  async sync(kind: 'FULL' | 'INCREMENTAL'): Promise<SyncRunView> {
    const requested = await this.t
      .http()
      .post(`/api/installations/${this.installationId}/sync`)
      .set(this.auth)
      .send({ kind })
      .expect(202);
    for (;;) {
      const run = (await this.t.http().get(`/api/runs/${requested.body.id}`).set(this.auth).expect(200))
        .body as SyncRunView;
      if (['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(run.status)) return run;
      // Polled often enough that the wait for the answer adds little to the time measured.
      await sleep(20);
    }
  }

  async close(): Promise<void> {
    await this.t.close();
    await this.sandbox.close();
  }
}
