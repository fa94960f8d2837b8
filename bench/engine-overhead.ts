/**
 * The sync engine's own overhead per record on MariaDB: planning, hashing, record-link and audit
 * writes, with the in-memory fake connector (no vendor latency). Prints records/second for a
 * first full sync (every record added: links and audit lines written) and for an incremental
 * sync with nothing changed (read, map, hash, compare — no writes anywhere).
 *
 *   npm run bench:engine            (BENCH_CONTACTS=20000 by default; TEST_MYSQL_URL picks the server)
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { SyncEngine, SyncRun } from '@crm/connector-sdk';
import { FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { insertContacts } from '../test/support/bulk-contacts';
import { installFakeConnector } from '../test/support/connector-fixtures';
import { startTestApp } from '../test/support/test-app';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 20_000);

async function main(): Promise<void> {
  const vendor = new FakeVendor();
  const t = await startTestApp('mysql', {}, [FakeConnectorModule.register(vendor)]);
  try {
    const dataSource = t.app.get(DataSource);
    const engine = t.app.get(SyncEngine);
    const tenant = await t.createTenant('Bench');
    vendor.createList('Bench list');
    const { installationId } = await installFakeConnector(t, tenant, vendor);
    const { eligible } = await insertContacts(dataSource, tenant.tenantId, tenant.adminUserId, CONTACTS, {
      prefix: 'bench',
      skipEvery: 10,
    });

    const measure = async (kind: 'FULL' | 'INCREMENTAL'): Promise<SyncRun> => {
      const requested = await engine.requestRun(tenant, installationId, { trigger: 'MANUAL', kind });
      const started = process.hrtime.bigint();
      await engine.executeRun(requested.id);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const run = await dataSource.getRepository(SyncRun).findOneByOrFail({ id: requested.id });
      if (run.status !== 'SUCCEEDED') throw new Error(`Run ${run.id} ended ${run.status}: ${run.error}`);
      const perSecond = Math.round(run.processed / seconds);
      console.log(
        `${kind.padEnd(11)} ${run.processed} records in ${seconds.toFixed(2)} s = ${perSecond} records/s ` +
          `(${((seconds * 1000) / run.processed).toFixed(3)} ms/record) counts ${JSON.stringify(run.counts)}`,
      );
      return run;
    };

    console.log(
      `Engine overhead on MariaDB with the fake connector: ${CONTACTS} contacts, ${eligible} eligible`,
    );
    await measure('FULL');
    const writes = vendor.writeCalls();
    await measure('INCREMENTAL');
    if (vendor.writeCalls() !== writes) throw new Error('An unchanged incremental sync wrote to the vendor');
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
