import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, databaseKinds, TestDatabase } from '../../../../test/support/databases';
import { openDataSource } from '../database/data-source.factory';
import { platformEntities } from '../database/database.module';
import { asTenantId } from '../tenancy/tenant-id';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxService } from './outbox.service';

describe.each(databaseKinds)('OutboxService on %s', (kind) => {
  const tenantId = asTenantId(randomUUID());
  let database: TestDatabase;
  let dataSource: DataSource;
  let outbox: OutboxService;
  const event = (aggregateId: string) => ({ aggregateType: 'contact', aggregateId, type: 'contact.updated' });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dataSource = await openDataSource(database.config, { entities: platformEntities });
    outbox = new OutboxService(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  beforeEach(() => dataSource.getRepository(OutboxEvent).clear());

  it('refuses to record outside a transaction, even with nothing to record', async () => {
    const message = 'Outbox events must be recorded inside the transaction of the change they describe';

    await expect(outbox.record(dataSource.manager, tenantId, [event('c-1')])).rejects.toThrow(message);
    await expect(outbox.record(dataSource.manager, tenantId, [])).rejects.toThrow(message);
    const runner = dataSource.createQueryRunner();
    try {
      await expect(outbox.record(runner.manager, tenantId, [event('c-1')])).rejects.toThrow(message);
    } finally {
      await runner.release();
    }
    expect(await dataSource.getRepository(OutboxEvent).count()).toBe(0);
  });

  it('commits with the transaction, in order, with ids-only payloads defaulting to {}', async () => {
    await dataSource.transaction((manager) =>
      outbox.record(manager, tenantId, [event('c-1'), { ...event('c-2'), payload: { fields: ['email'] } }]),
    );

    const pending = await outbox.fetchPending();
    expect(pending.map((e) => [e.aggregateId, e.payload, e.tenantId, e.processedAt, e.attempts])).toEqual([
      ['c-1', {}, tenantId, null, 0],
      ['c-2', { fields: ['email'] }, tenantId, null, 0],
    ]);
    expect(pending[0].id).toBeLessThan(pending[1].id);
    expect(pending[0].occurredAt).toBeInstanceOf(Date);
  });

  it('rolls back with the transaction', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.record(manager, tenantId, [event('c-1')]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    expect(await outbox.fetchPending()).toEqual([]);
  });

  it('records a bulk change of hundreds of events in one transaction', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => `c-${i}`);
    await dataSource.transaction((manager) => outbox.record(manager, tenantId, ids.map(event)));

    expect((await outbox.fetchPending(1000)).map((e) => e.aggregateId)).toEqual(ids);
  });

  it('hands out the oldest pending events first and forgets processed ones', async () => {
    await dataSource.transaction((manager) => outbox.record(manager, tenantId, ['a', 'b', 'c'].map(event)));
    const [first, second] = await outbox.fetchPending(2);

    await outbox.markProcessed([first.id, second.id]);
    await outbox.markProcessed([]);

    expect([first.aggregateId, second.aggregateId]).toEqual(['a', 'b']);
    expect((await outbox.fetchPending()).map((e) => e.aggregateId)).toEqual(['c']);
  });

  it('purges relayed events older than the cut-off and keeps pending ones', async () => {
    await dataSource.transaction((manager) =>
      outbox.record(manager, tenantId, ['old', 'recent', 'pending'].map(event)),
    );
    const [old, recent] = await outbox.fetchPending(2);
    await outbox.markProcessed([old.id]);
    await dataSource
      .getRepository(OutboxEvent)
      .update({ id: old.id }, { processedAt: new Date(Date.now() - 10 * 86400_000) });
    await outbox.markProcessed([recent.id]);

    expect(await outbox.purgeProcessed(new Date(Date.now() - 7 * 86400_000))).toBe(1);
    const left = await dataSource.getRepository(OutboxEvent).find({ order: { id: 'ASC' } });
    expect(left.map((e) => e.aggregateId)).toEqual(['recent', 'pending']);
  });
});
