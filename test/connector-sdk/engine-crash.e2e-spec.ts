import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { pushWindow, RecordLink, SyncRun, SyncRunRecord } from '@crm/connector-sdk';
import { FakeVendor } from '@crm/connector-sdk/testing';
import { insertContacts } from '../support/bulk-contacts';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds } from '../support/databases';
import { RunningMain, startScript, waitForOutput } from '../support/main-process';
import {
  remoteManifest,
  RemoteFakeConnectorModule,
  serveFakeVendor,
  ServedVendor,
} from '../support/remote-fake-vendor';
import { bearer, startTestApp, TestApp } from '../support/test-app';

const WORKER = path.join(__dirname, '..', 'support', 'fake-vendor-worker.main.ts');
const CONTACTS = 400;
const SKIP_EVERY = 10;

/**
 * The "done when" of the engine: a real worker process killed with SIGKILL in the middle of a
 * full sync, then started again, finishes with every record synced exactly once. MariaDB only:
 * two processes share the database.
 */
(databaseKinds.includes('mysql') ? describe : describe.skip)(
  'sync run killed mid-way (mysql, worker process)',
  () => {
    jest.setTimeout(240_000);
    const vendor = new FakeVendor();
    let served: ServedVendor;
    let t: TestApp;
    const workers: RunningMain[] = [];
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-crash-'));

    beforeAll(async () => {
      served = await serveFakeVendor(vendor, { writeLatencyMs: 120 });
      t = await startTestApp('mysql', {}, [RemoteFakeConnectorModule.register(served.url)]);
    });

    afterAll(async () => {
      for (const worker of workers)
        if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await Promise.all(workers.map((worker) => worker.exited));
      await t?.close().catch(() => undefined);
      await served?.close();
      fs.rmSync(cwd, { recursive: true, force: true });
    });

    const startWorker = async (): Promise<RunningMain> => {
      if (t.database.config.kind !== 'mysql') throw new Error('needs MariaDB');
      const worker = startScript(WORKER, cwd, {
        DATABASE_URL: t.database.config.url,
        DATA_DIR: t.database.dataDir,
        FAKE_VENDOR_URL: served.url,
        SYNC_RUN_STALE_MS: '1500',
        LOG_LEVEL: 'warn',
      });
      workers.push(worker);
      await waitForOutput(worker, 'CRM Connect test worker started', 90_000);
      return worker;
    };

    const waitFor = async <T>(
      probe: () => Promise<T | undefined> | T | undefined,
      timeoutMs: number,
      what: string,
    ): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline)
          throw new Error(
            `Timed out waiting for ${what}:\n${workers.map((w) => w.output()).join('\n---\n')}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    it('resumes after SIGKILL from the last committed batch: every record synced exactly once', async () => {
      const dataSource = t.app.get(DataSource);
      const tenant = await t.createTenant('Crash');
      const listId = vendor.createList('Crash list');
      const { installationId } = await installFakeConnector(t, tenant, vendor);
      const { eligible } = await insertContacts(dataSource, tenant.tenantId, tenant.adminUserId, CONTACTS, {
        prefix: 'crash',
        skipEvery: SKIP_EVERY,
      });
      const requested = await t
        .http()
        .post(`/api/installations/${installationId}/sync`)
        .set(bearer(tenant.adminToken))
        .send({ kind: 'FULL' })
        .expect(202);
      const runId: string = requested.body.id;
      const runs = dataSource.getRepository(SyncRun);

      // This API process does not consume queues: the worker's watchdog finds the waiting run.
      const first = await startWorker();
      await waitFor(
        () => (vendor.list(listId).members.size >= eligible / 3 ? true : undefined),
        90_000,
        'the sync to get going',
      );
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const killed = await runs.findOneByOrFail({ id: runId });
      expect(killed.status).toBe('RUNNING');
      expect(killed.processed).toBeLessThan(CONTACTS);
      const membersAtKill = vendor.list(listId).members.size;
      expect(membersAtKill).toBeLessThan(eligible);

      await startWorker();
      const done = await waitFor(
        async () => {
          const run = await runs.findOneByOrFail({ id: runId });
          return ['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(run.status) ? run : undefined;
        },
        120_000,
        'the resumed run to finish',
      );

      expect(done).toMatchObject({ status: 'SUCCEEDED', total: CONTACTS, error: null });
      expect(done.counts).toMatchObject({ added: eligible, skipped: CONTACTS - eligible, failed: 0 });
      const members = [...vendor.list(listId).members.values()];
      expect(members).toHaveLength(eligible);
      expect(members.every((m) => m.status === 'subscribed')).toBe(true);
      const adds = await dataSource.getRepository(SyncRunRecord).findBy({ runId, action: 'ADD' });
      expect(new Set(adds.map((line) => line.email)).size).toBe(adds.length);
      expect(adds).toHaveLength(eligible);
      const links = await dataSource.getRepository(RecordLink).findBy({ installationId, listId });
      expect(links.filter((link) => link.vendorId !== null)).toHaveLength(eligible);

      // Only batches sent and not yet committed when the worker died were sent again (idempotent upserts).
      const sent = served.writes.flat();
      const duplicates = sent.length - new Set(sent).size;
      const { uncommitted } = pushWindow(remoteManifest.limits.budget);
      expect(new Set(sent).size).toBe(eligible);
      expect(duplicates).toBeLessThanOrEqual(uncommitted * remoteManifest.limits.maxBatchSize);
    });
  },
);
