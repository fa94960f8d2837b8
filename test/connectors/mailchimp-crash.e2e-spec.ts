import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import IORedis from 'ioredis';
import { DataSource, In } from 'typeorm';
import { Contact } from '@crm/core';
import { FailedRecord, pushWindow, RecordLink, SyncRun, SyncRunRecord } from '@crm/connector-sdk';
import { mailchimpManifest } from '@crm/connectors';
import { insertContacts } from '../support/bulk-contacts';
import { databaseKinds, REDIS_URL, redisState } from '../support/databases';
import { RunningMain, startMain, waitForOutput } from '../support/main-process';
import { MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

const CONTACTS = 6000;
const SKIP_EVERY = 10;
const BATCH = 500;
/** Batches a push may have sent and not committed: at most what a killed run sends again. */
const UNCOMMITTED = pushWindow(mailchimpManifest.limits.budget).uncommitted;

interface SandboxMember {
  email_address: string;
  status: string;
  merge_fields: Record<string, unknown>;
}

/**
 * The engine's "done when" for Mailchimp: the product's own worker (apps/worker, configured by
 * environment: MariaDB, Redis, the sandbox) killed with SIGKILL in the middle of a full sync of
 * 6000 contacts to a sandbox audience with per-call latency, then started again, ends with every
 * eligible contact a member exactly once with its merge fields. MariaDB and Redis only: two
 * processes share the database and the queue.
 */
(databaseKinds.includes('mysql') && redisState !== 'missing' ? describe : describe.skip)(
  'Mailchimp full sync killed mid-way (mysql, redis, worker process)',
  () => {
    jest.setTimeout(300_000);
    let f: MailchimpFixture;
    let redisUrl: string;
    const workers: RunningMain[] = [];
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-mailchimp-crash-'));

    beforeAll(async () => {
      redisUrl = await unusedRedisDatabase();
      // The API only queues: every job goes to the worker processes through Redis.
      f = await MailchimpFixture.start('mysql', undefined, {
        runWorkerInApi: false,
        queue: { kind: 'bullmq', redisUrl },
      });
    });

    afterAll(async () => {
      for (const worker of workers)
        if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await Promise.all(workers.map((worker) => worker.exited));
      await f?.close().catch(() => undefined);
      if (redisUrl) await clearRedisDatabase(redisUrl);
      fs.rmSync(cwd, { recursive: true, force: true });
    });

    const startWorker = async (): Promise<RunningMain> => {
      const database = f.t.database.config;
      if (database.kind !== 'mysql') throw new Error('needs MariaDB');
      const worker = startMain('worker', cwd, {
        DATABASE_URL: database.url,
        DATA_DIR: f.t.database.dataDir,
        REDIS_URL: redisUrl,
        MAILCHIMP_SANDBOX_URL: f.sandbox.baseUrl,
        SYNC_RUN_STALE_SECONDS: '2',
        LOG_LEVEL: 'warn',
      });
      workers.push(worker);
      await waitForOutput(worker, 'CRM Connect worker started', 120_000);
      return worker;
    };

    const waitFor = async <T>(
      probe: () => Promise<T | undefined>,
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

    const sandboxMembers = async (m: MailchimpTenant): Promise<SandboxMember[]> => {
      const members: SandboxMember[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = (await m.mailchimp.lists.getListMembersInfo(m.listId, {
          count: 1000,
          offset,
          fields: ['members.email_address', 'members.status', 'members.merge_fields', 'total_items'],
        })) as { members: SandboxMember[]; total_items: number };
        members.push(...page.members);
        if (page.members.length < 1000) return members;
      }
    };

    it('resumes after SIGKILL and ends with every eligible contact a member exactly once', async () => {
      const dataSource = f.t.app.get(DataSource);
      const m = await f.tenant('Caída');
      const { eligible } = await insertContacts(
        dataSource,
        m.tenant.tenantId,
        m.tenant.adminUserId,
        CONTACTS,
        { prefix: 'caida', skipEvery: SKIP_EVERY },
      );
      // Each batch-subscribe call of 500 takes about four seconds: the kill lands after the first
      // commit and well before the second wave of calls can have answered, even on a busy machine.
      await f.control(m, '/settings', { latency: { fixedMs: 150, perMemberMs: 8 } }, 'PATCH');

      const first = await startWorker();
      const requested = await f.t
        .http()
        .post(`/api/installations/${m.installationId}/sync`)
        .set(m.auth)
        .send({ kind: 'FULL' })
        .expect(202);
      const runId: string = requested.body.id;
      const runs = dataSource.getRepository(SyncRun);

      // Killed as soon as one batch is committed: others are in flight, the rest not yet sent.
      await waitFor(
        async () => {
          const run = await runs.findOneByOrFail({ id: runId });
          return run.processed >= BATCH ? run : undefined;
        },
        120_000,
        'the first committed batch',
      );
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const killed = await runs.findOneByOrFail({ id: runId });
      expect(killed.status).toBe('RUNNING');
      expect(killed.processed).toBeLessThan(CONTACTS);
      const membersAtKill = (await sandboxMembers(m)).length;
      expect(membersAtKill).toBeGreaterThan(0);
      expect(membersAtKill).toBeLessThan(eligible);

      // A new worker finds the run silent (SYNC_RUN_STALE_SECONDS) and resumes it from its checkpoint.
      await startWorker();
      const done = await waitFor(
        async () => {
          const run = await runs.findOneByOrFail({ id: runId });
          return ['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(run.status) ? run : undefined;
        },
        180_000,
        'the resumed run to finish',
      );
      expect(done).toMatchObject({ status: 'SUCCEEDED', total: CONTACTS, processed: CONTACTS, error: null });
      // Members the killed worker had already written come back from Mailchimp as existing ones:
      // the resumed run counts them as updated, never twice.
      expect(done.counts).toMatchObject({ skipped: CONTACTS - eligible, failed: 0 });
      expect(done.counts.added + done.counts.updated).toBe(eligible);
      expect(await dataSource.getRepository(FailedRecord).countBy({ installationId: m.installationId })).toBe(
        0,
      );

      // The audience: every eligible contact once, subscribed, with its own merge fields.
      const members = await sandboxMembers(m);
      expect(members).toHaveLength(eligible);
      const expected = new Map<string, { first: string; last: string }>();
      for (let i = 0; i < CONTACTS; i++)
        if (i % SKIP_EVERY !== SKIP_EVERY - 1)
          expected.set(`caida-${String(i).padStart(6, '0')}@example.test`, {
            first: `First${i}`,
            last: `Last${i}`,
          });
      expect(new Set(members.map((member) => member.email_address))).toEqual(new Set(expected.keys()));
      const wrong = members.filter((member) => {
        const want = expected.get(member.email_address)!;
        return (
          member.status !== 'subscribed' ||
          member.merge_fields.FNAME !== want.first ||
          member.merge_fields.LNAME !== want.last
        );
      });
      expect(wrong).toEqual([]);

      // The CRM side: one link per eligible contact, one ADD audit line per address.
      const links = await dataSource
        .getRepository(RecordLink)
        .findBy({ installationId: m.installationId, listId: m.listId });
      const linked = links.filter((link) => link.vendorId !== null);
      expect(linked).toHaveLength(eligible);
      expect(new Set(linked.map((link) => link.crmId)).size).toBe(eligible);
      expect(linked.every((link) => link.vendorStatus === 'subscribed')).toBe(true);
      // Each contact shows its own member's Mailchimp id (written with its batch, again on resume).
      const contacts = await dataSource.getRepository(Contact).findBy({ tenantId: m.tenant.tenantId });
      const ids = contacts.map((contact) => contact.custom.mailchimp_id).filter(Boolean);
      expect(ids).toHaveLength(eligible);
      expect(new Set(ids).size).toBe(eligible);
      // One audit line per address: added, or updated when the killed worker had already written it.
      const writes = await dataSource
        .getRepository(SyncRunRecord)
        .findBy({ runId, action: In(['ADD', 'UPDATE']) });
      expect(writes).toHaveLength(eligible);
      expect(new Set(writes.map((line) => line.email)).size).toBe(eligible);

      // Only the batches in flight when the worker died were sent twice (idempotent at Mailchimp).
      const sent = f.sandbox.exchanges
        .filter((exchange) => exchange.method === 'POST' && exchange.path === `/lists/${m.listId}`)
        .filter(
          (exchange) => (exchange.requestBody as { update_existing?: boolean }).update_existing === false,
        )
        .flatMap((exchange) =>
          (exchange.requestBody as { members: Array<{ email_address: string }> }).members.map(
            (member) => member.email_address,
          ),
        );
      expect(new Set(sent).size).toBe(eligible);
      expect(sent.length - eligible).toBeLessThanOrEqual(UNCOMMITTED * BATCH);
    });
  },
);

/** A Redis database no key of the product's default prefix lives in, so the workers share only ours. */
async function unusedRedisDatabase(): Promise<string> {
  for (let db = 15; db >= 1; db--) {
    const url = new URL(REDIS_URL);
    url.pathname = `/${db}`;
    const redis = new IORedis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      if ((await redis.keys('crm:*')).length === 0) return url.toString();
    } finally {
      redis.disconnect();
    }
  }
  throw new Error('No free Redis database for the worker processes');
}

async function clearRedisDatabase(url: string): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys('crm:*');
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
