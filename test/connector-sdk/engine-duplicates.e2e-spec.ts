import { DataSource } from 'typeorm';
import { pushWindow, RecordLink } from '@crm/connector-sdk';
import { FakeConnectorModule, FakeVendor, fakeManifest } from '@crm/connector-sdk/testing';
import { insertContacts } from '../support/bulk-contacts';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';
import { EngineFixture, resetVendor } from './engine-fixtures';

/** Address ids that put an address first or last in the order a push reads them. */
const FIRST = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const LAST = (n: number) => `ffffffff-ffff-4fff-bfff-${String(n).padStart(12, '0')}`;

describe.each(databaseKinds)('sync engine: one member per address (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
  });
  afterAll(() => t?.close());
  beforeEach(() => resetVendor(vendor));

  it('pushes an address two records share once, whether the push reads them together or far apart', async () => {
    const f = await EngineFixture.create(t, vendor, 'Duplicates');
    const dataSource = t.app.get(DataSource);
    const { tenantId, adminUserId } = f.tenant;
    // More batches between the far pair than a push keeps uncommitted: the first one's batch is
    // committed (and its claim released) long before the second one is read.
    const { uncommitted } = pushWindow(fakeManifest.limits.budget);
    const between = (uncommitted + 12) * fakeManifest.limits.maxBatchSize;
    await insertContacts(dataSource, tenantId, adminUserId, between, { prefix: 'between' });
    const shared = ['near@duplicates.test', 'far@duplicates.test'];
    await insertContacts(dataSource, tenantId, adminUserId, 3, {
      email: (i) => (i < 2 ? shared[0] : shared[1]),
      emailAddressId: (i) => FIRST(i),
    });
    await insertContacts(dataSource, tenantId, adminUserId, 1, {
      email: () => shared[1],
      emailAddressId: (i) => LAST(i),
    });

    const run = await f.sync({ kind: 'FULL' });

    expect(run).toMatchObject({ status: 'SUCCEEDED', processed: between + 4 });
    expect(run.counts).toMatchObject({ added: between + 2, skipped: 2, failed: 0 });
    const skips = await f.lines(run.id, 'SKIP');
    expect(skips.map((line) => [line.email, line.rule]).sort()).toEqual([
      ['far@duplicates.test', 'duplicate: far@duplicates.test belongs to another CRM record in this list'],
      ['near@duplicates.test', 'duplicate: near@duplicates.test belongs to another CRM record in this list'],
    ]);
    expect(f.members().filter((member) => shared.includes(member.email))).toHaveLength(2);
    // Each member belongs to the address the push read first.
    const links = await dataSource
      .getRepository(RecordLink)
      .findBy({ tenantId, installationId: f.installationId, listId: f.listId });
    const owner = (email: string) => links.find((link) => link.email === email)?.emailAddressId;
    expect([owner(shared[0]), owner(shared[1])]).toEqual([FIRST(0), FIRST(2)]);

    const writes = vendor.writeCalls();
    const again = await f.sync({ kind: 'FULL' });
    expect(again.counts).toMatchObject({ added: 0, updated: 0, skipped: 2, failed: 0, removed: 0 });
    expect(vendor.writeCalls()).toBe(writes);
  });
});
