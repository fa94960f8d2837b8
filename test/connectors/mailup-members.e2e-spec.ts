import type { ConnectionContext, MemberWrite } from '@crm/connector-sdk';
import { MailupFixture, MailupTenant } from './mailup-fixture';

/**
 * MailUp list members through the real connector and the product's connection contexts, against
 * the sandbox over HTTP: each CRM module in its own group, `esclusi`, consent, tags as groups.
 * What MailUp holds is read back as another MailUp client would.
 */
describe('MailUp members and groups against the sandbox', () => {
  jest.setTimeout(120_000);
  let f: MailupFixture;

  beforeAll(async () => {
    f = await MailupFixture.start();
  });
  afterAll(() => f?.close());

  const write = (email: string, extra: Partial<MemberWrite> = {}): MemberWrite => ({
    email,
    statusIfNew: 'subscribed',
    fields: {},
    ...extra,
  });

  async function setUp(name: string): Promise<{ m: MailupTenant; context: ConnectionContext }> {
    const m = await f.tenant(name);
    return { m, context: await f.context(m) };
  }

  it('puts each CRM module’s people in its own group with their fields, and makes the groups once', async () => {
    const { m, context } = await setUp('Gruppi');
    const results = await f.connector.writeMembers(context, m.listId, [
      write('lead@gruppi.test', { module: 'leads', fields: { '1': 'Lea', '2': 'Lead' } }),
      write('Contatto@Gruppi.test', { module: 'contacts', fields: { '1': 'Carlo' } }),
      write('azienda@gruppi.test', { module: 'organizations', fields: { '3': 'Acme S.p.A.' } }),
    ]);
    expect(results).toEqual([
      expect.objectContaining({ email: 'lead@gruppi.test', ok: true, status: 'subscribed', created: true }),
      expect.objectContaining({
        email: 'Contatto@Gruppi.test',
        ok: true,
        status: 'subscribed',
        created: true,
      }),
      expect.objectContaining({
        email: 'azienda@gruppi.test',
        ok: true,
        status: 'subscribed',
        created: true,
      }),
    ]);
    expect(new Set(results.map((r) => r.vendorId)).size).toBe(3);
    const groups = await f.groups(m);
    expect(Object.fromEntries(groups)).toEqual({
      TEST: [],
      'CRM Lead': ['lead@gruppi.test'],
      'CRM Contatti': ['contatto@gruppi.test'],
      'CRM Aziende': ['azienda@gruppi.test'],
      esclusi: [],
    });
    const lead = await f.consoleAll<{ Email: string; Fields: Array<{ Id: number; Value: string }> }>(
      m,
      `/List/${m.listId}/Recipients/Subscribed?filterby="Email == 'lead@gruppi.test'"`,
    );
    expect(lead[0].Fields.filter((field) => field.Value)).toEqual([
      expect.objectContaining({ Id: 1, Value: 'Lea' }),
      expect.objectContaining({ Id: 2, Value: 'Lead' }),
    ]);

    // Written again (a field changed): the same recipient, no new group.
    const [again] = await f.connector.writeMembers(context, m.listId, [
      write('lead@gruppi.test', { module: 'leads', fields: { '1': 'Leandra' } }),
    ]);
    expect(again).toMatchObject({ ok: true, vendorId: results[0].vendorId, created: false });
    expect([...(await f.groups(m)).keys()].sort()).toEqual(
      ['CRM Aziende', 'CRM Contatti', 'CRM Lead', 'TEST', 'esclusi'].sort(),
    );
    // Writes to one fresh list at the same moment still leave one group of each name.
    const other = String(await f.sandbox.createList(m.account, 'Gruppi insieme'));
    await Promise.all(
      ['uno', 'due', 'tre'].map((n) => f.connector.writeMembers(context, other, [write(`${n}@gruppi.test`)])),
    );
    const together = await f.groups(m, other);
    expect([...together.keys()].sort()).toEqual(
      ['CRM Aziende', 'CRM Contatti', 'CRM Lead', 'TEST', 'esclusi'].sort(),
    );
    expect(together.get('CRM Contatti')).toEqual(['due@gruppi.test', 'tre@gruppi.test', 'uno@gruppi.test']);
  });

  it('makes a group again when someone deleted it in MailUp', async () => {
    const { m, context } = await setUp('Ricreati');
    await f.connector.writeMembers(context, m.listId, [write('primo@ricreati.test', { module: 'leads' })]);
    const [leads] = (
      await f.consoleAll<{ idGroup: number; Name: string }>(m, `/List/${m.listId}/Groups`)
    ).filter((group) => group.Name === 'CRM Lead');
    const deleted = await m.mailup.console('DELETE', `/List/${m.listId}/Group/${leads.idGroup}`);
    expect(deleted.status).toBe(200);
    expect((await f.groups(m)).has('CRM Lead')).toBe(false);

    await f.connector.writeMembers(context, m.listId, [write('secondo@ricreati.test', { module: 'leads' })]);
    const groups = await f.consoleAll<{ idGroup: number; Name: string }>(m, `/List/${m.listId}/Groups`);
    const again = groups.filter((group) => group.Name === 'CRM Lead');
    expect(again).toHaveLength(1);
    expect(again[0].idGroup).not.toBe(leads.idGroup);
    expect((await f.groups(m)).get('CRM Lead')).toEqual(['secondo@ricreati.test']);
    const tags = await f.connector.listTags(context, m.listId);
    expect(tags.map((tag) => tag.name).sort()).toEqual([
      'CRM Aziende',
      'CRM Contatti',
      'CRM Lead',
      'TEST',
      'esclusi',
    ]);
  });

  it('moves people who leave the list to esclusi and back, subscription untouched', async () => {
    const { m, context } = await setUp('Esclusi');
    await f.connector.writeMembers(context, m.listId, [
      write('resta@esclusi.test'),
      write('esce@esclusi.test'),
      write('lead@esclusi.test', { module: 'leads' }),
    ]);
    const removed = await f.connector.removeMembers(context, m.listId, [
      'esce@esclusi.test',
      'lead@esclusi.test',
      'mai-visto@esclusi.test',
    ]);
    expect(removed).toEqual([
      expect.objectContaining({ email: 'esce@esclusi.test', ok: true, status: 'archived' }),
      expect.objectContaining({ email: 'lead@esclusi.test', ok: true, status: 'archived' }),
      { email: 'mai-visto@esclusi.test', ok: true, status: 'archived' },
    ]);
    let groups = await f.groups(m);
    expect(groups.get('CRM Contatti')).toEqual(['resta@esclusi.test']);
    expect(groups.get('CRM Lead')).toEqual([]);
    expect(groups.get('esclusi')).toEqual(['esce@esclusi.test', 'lead@esclusi.test']);
    const statuses = await f.statuses(m);
    expect(statuses.get('esce@esclusi.test')).toBe('OPTIN');
    expect(statuses.has('mai-visto@esclusi.test')).toBe(false);
    const read = await f.connector.readMembers(context, m.listId, { pageSize: 50 });
    expect(Object.fromEntries(read.members.map((member) => [member.email, member.status]))).toEqual({
      'resta@esclusi.test': 'subscribed',
      'esce@esclusi.test': 'archived',
      'lead@esclusi.test': 'archived',
    });

    const [back] = await f.connector.writeMembers(context, m.listId, [write('esce@esclusi.test')]);
    expect(back).toMatchObject({ ok: true, status: 'subscribed', created: false });
    groups = await f.groups(m);
    expect(groups.get('esclusi')).toEqual(['lead@esclusi.test']);
    expect(groups.get('CRM Contatti')).toEqual(['esce@esclusi.test', 'resta@esclusi.test']);
  });

  it('never subscribes again someone who unsubscribed, and reads them with their opt-out date', async () => {
    const { m, context } = await setUp('Consenso');
    await f.connector.writeMembers(context, m.listId, [write('via@consenso.test')]);
    await f.control(m, '/recipients/unsubscribe', { email: 'via@consenso.test', idList: Number(m.listId) });
    const [update] = await f.connector.writeMembers(context, m.listId, [
      write('via@consenso.test', { fields: { '1': 'Viola' } }),
    ]);
    expect(update).toMatchObject({ ok: true, status: 'unsubscribed', created: false });
    const [blind] = await f.connector.writeMembers(context, m.listId, [
      write('via@consenso.test', { status: 'subscribed' }),
    ]);
    expect(blind).toMatchObject({ ok: false, status: 'unsubscribed', error: { code: 'COMPLIANCE' } });
    expect((await f.statuses(m)).get('via@consenso.test')).toBe('OPTOUT');
    const [member] = (await f.connector.readMembers(context, m.listId, { pageSize: 50 })).members;
    expect(member).toMatchObject({
      email: 'via@consenso.test',
      status: 'unsubscribed',
      fields: { '1': 'Viola' },
    });
    expect(Date.now() - member.changedAt!.getTime()).toBeLessThan(60_000);

    // An unsubscribe from the CRM is an opt-out import; a new address pending confirmation stays pending.
    const [out, pending] = await f.connector.writeMembers(context, m.listId, [
      write('fuori@consenso.test', { status: 'unsubscribed' }),
      write('attesa@consenso.test', { statusIfNew: 'pending' }),
    ]);
    expect(out).toMatchObject({ ok: true, status: 'unsubscribed' });
    expect(pending).toMatchObject({ ok: true, status: 'pending', created: true });
    await f.control(m, '/recipients/confirm', { email: 'attesa@consenso.test', idList: Number(m.listId) });
    const [confirmed] = await f.connector.writeMembers(context, m.listId, [write('attesa@consenso.test')]);
    expect(confirmed).toMatchObject({ ok: true, status: 'subscribed' });
  });

  it('reports a refused address and keeps tags as groups, made when missing', async () => {
    const { m, context } = await setUp('Etichette');
    const results = await f.connector.writeMembers(context, m.listId, [
      write('non-valido@'),
      write('ok@etichette.test', { tags: { add: ['Zona: Nord', 'VIP'], remove: [] } }),
    ]);
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(results[1]).toMatchObject({ ok: true, status: 'subscribed' });
    await f.connector.writeMembers(context, m.listId, [
      write('ok@etichette.test', { tags: { add: ['Zona: Sud'], remove: ['Zona: Nord'] } }),
    ]);
    const groups = await f.groups(m);
    expect(groups.get('Zona: Nord')).toEqual([]);
    expect(groups.get('Zona: Sud')).toEqual(['ok@etichette.test']);
    expect(groups.get('VIP')).toEqual(['ok@etichette.test']);
    const [member] = (await f.connector.readMembers(context, m.listId, { pageSize: 50 })).members;
    expect([...member.tags].sort()).toEqual(['VIP', 'Zona: Sud']);
    // No CRM tag may move anyone in or out of the connector's own groups.
    const [refused] = await f.connector.applyTags(context, m.listId, [
      { email: 'ok@etichette.test', add: ['esclusi'], remove: [] },
    ]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await f.groups(m)).get('esclusi')).toEqual([]);
  });
});
