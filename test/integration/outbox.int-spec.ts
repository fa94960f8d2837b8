import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OutboxEvent, OutboxService } from '@crm/platform';
import { Actor, AuthService, Contact, ContactsService } from '@crm/core';
import { databaseKinds } from '../support/databases';
import { startTestApp, TestApp } from '../support/test-app';

/** The outbox's promise: a change and the event describing it commit or roll back together. */
describe.each(databaseKinds)('transactional outbox (%s)', (kind) => {
  let t: TestApp;
  let dataSource: DataSource;
  let contacts: ContactsService;
  let actor: Actor;
  let contactId: string;

  const eventsFor = (id: string) => dataSource.getRepository(OutboxEvent).findBy({ aggregateId: id });
  const lastName = async (id: string) =>
    (await dataSource.getRepository(Contact).findOneByOrFail({ id })).lastName;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const tenant = await t.createTenant('Outbox');
    dataSource = t.app.get(DataSource);
    contacts = t.app.get(ContactsService);
    actor = await t.app.get(AuthService).actorFor(tenant.adminUserId);
    contactId = (await contacts.create(actor, { lastName: 'Original' })).id;
  });
  afterAll(() => t.close());

  afterEach(() => jest.restoreAllMocks());

  it('commits the update and its event together', async () => {
    const before = (await eventsFor(contactId)).length;
    await contacts.update(actor, contactId, { lastName: 'Committed' });
    expect(await lastName(contactId)).toBe('Committed');
    const events = await eventsFor(contactId);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      type: 'contact.updated',
      payload: { changed: ['lastName'] },
      processedAt: null,
    });
  });

  it('rolls back the update when writing the event fails', async () => {
    const before = (await eventsFor(contactId)).length;
    jest.spyOn(t.app.get(OutboxService), 'record').mockRejectedValueOnce(new Error('disk full'));
    await expect(contacts.update(actor, contactId, { lastName: 'Lost' })).rejects.toThrow('disk full');
    expect(await lastName(contactId)).toBe('Committed');
    expect(await eventsFor(contactId)).toHaveLength(before);
  });

  it('rolls back the event when the transaction fails after the event row was inserted', async () => {
    const before = (await eventsFor(contactId)).length;
    const outbox = t.app.get(OutboxService);
    const realRecord = outbox.record.bind(outbox);
    jest.spyOn(outbox, 'record').mockImplementationOnce(async (...args) => {
      await realRecord(...args);
      expect(await args[0].countBy(OutboxEvent, { aggregateId: contactId })).toBe(before + 1);
      throw new Error('crash after insert');
    });
    await expect(contacts.update(actor, contactId, { lastName: 'Gone' })).rejects.toThrow(
      'crash after insert',
    );
    expect(await lastName(contactId)).toBe('Committed');
    expect(await eventsFor(contactId)).toHaveLength(before);
  });

  it('rolls back the whole change when a later step of it fails', async () => {
    const before = (await eventsFor(contactId)).length;
    // The record is saved first; the unknown address id then fails the same transaction.
    await expect(
      contacts.update(actor, contactId, {
        lastName: 'Half',
        emails: [{ id: randomUUID(), email: 'x@example.mx' }],
      }),
    ).rejects.toThrow('not an address of this record');
    expect(await lastName(contactId)).toBe('Committed');
    expect(await eventsFor(contactId)).toHaveLength(before);
  });

  it('refuses to record events outside a transaction', async () => {
    await expect(
      t.app
        .get(OutboxService)
        .record(dataSource.manager, actor.tenantId, [
          { aggregateType: 'contact', aggregateId: contactId, type: 'contact.updated' },
        ]),
    ).rejects.toThrow('inside the transaction');
  });
});
