import { DataSource } from 'typeorm';
import { OutboxEvent } from '@crm/platform';
import { Organization } from '@crm/core';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

const organization = (overrides: Record<string, unknown> = {}) => ({
  name: 'Abarrotes La Esperanza',
  kind: 'CLIENT',
  rating: 'A - Alta rentabilidad',
  clientType: 'Cliente directo',
  businessLine: 'Abarrotes',
  origin: 'Evento',
  zone: 'Norte',
  emails: [{ email: 'compras@esperanza.mx' }],
  tags: ['VIP'],
  ...overrides,
});

describe.each(databaseKinds)('organizations, contacts and leads (%s)', (kind) => {
  let t: TestApp;
  let tenant: TestTenant;
  let auth: Record<string, string>;
  let dataSource: DataSource;

  const outboxCount = () => dataSource.getRepository(OutboxEvent).count();
  const orgCount = () => dataSource.getRepository(Organization).count();

  beforeAll(async () => {
    t = await startTestApp(kind);
    tenant = await t.createTenant('Acme');
    auth = bearer(tenant.adminToken);
    dataSource = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('creates an organization with its classification, emails and tags, and writes outbox events', async () => {
    const before = await outboxCount();
    const res = await t.http().post('/api/organizations').set(auth).send(organization()).expect(201);
    expect(res.body).toMatchObject({
      name: 'Abarrotes La Esperanza',
      kind: 'CLIENT',
      zone: 'Norte',
      tags: ['VIP'],
      ownerId: tenant.adminUserId,
      emails: [{ email: 'compras@esperanza.mx', isPrimary: true, useInMarketing: true, status: 'ACTIVE' }],
    });
    const events = await dataSource
      .getRepository(OutboxEvent)
      .find({ order: { id: 'ASC' }, skip: before, take: 100 });
    expect(events.map((e) => e.type)).toEqual(['organization.created', 'email_address.created']);
    expect(events[0]).toMatchObject({ tenantId: tenant.tenantId, aggregateId: res.body.id });
  });

  describe('bad input answers 400 naming the field and writes nothing', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['missing required rating', organization({ rating: undefined }), 'rating'],
      ['missing required client type', organization({ clientType: undefined }), 'clientType'],
      ['picklist value not in the list', organization({ zone: 'Atlántida' }), 'zone'],
      ['value over 50 characters', organization({ businessLine: 'x'.repeat(51) }), 'businessLine'],
      ['unknown field', organization({ favouriteColour: 'blue' }), 'favouriteColour'],
      ['wrong type', organization({ kind: 7 }), 'kind'],
      ['malformed email', organization({ emails: [{ email: 'juan.perez@' }] }), 'emails.0.email'],
      [
        'duplicate email',
        organization({ emails: [{ email: 'a@b.mx' }, { email: 'A@B.mx' }] }),
        'emails.1.email',
      ],
      ['unknown owner', organization({ ownerId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }), 'ownerId'],
    ];
    it.each(cases)('%s', async (_label, body, field) => {
      const [orgs, events] = [await orgCount(), await outboxCount()];
      const res = await t.http().post('/api/organizations').set(auth).send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await orgCount()).toBe(orgs);
      expect(await outboxCount()).toBe(events);
    });

    it('an update cannot clear a required field', async () => {
      const created = await t
        .http()
        .post('/api/organizations')
        .set(auth)
        .send(organization({ name: 'Clear Me' }))
        .expect(201);
      const res = await t
        .http()
        .patch(`/api/organizations/${created.body.id}`)
        .set(auth)
        .send({ rating: null })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'rating', reason: 'is required' }]);
    });
  });

  it('validates custom fields by type and requiredness', async () => {
    await t
      .http()
      .post('/api/custom-fields')
      .set(auth)
      .send({ module: 'contacts', key: 'birthday', label: 'Cumpleaños', type: 'date' })
      .expect(201);
    await t
      .http()
      .post('/api/custom-fields')
      .set(auth)
      .send({
        module: 'contacts',
        key: 'segment',
        label: 'Segmento',
        type: 'picklist',
        options: ['Oro', 'Plata'],
        required: true,
      })
      .expect(201);
    const bad = await t
      .http()
      .post('/api/contacts')
      .set(auth)
      .send({ lastName: 'Pérez', custom: { birthday: '31/12/1990', shoeSize: 42 } })
      .expect(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'custom.birthday', reason: 'must be a date (YYYY-MM-DD)' },
        { field: 'custom.shoeSize', reason: 'is not a custom field of this module' },
        { field: 'custom.segment', reason: 'is required' },
      ]),
    );
    const ok = await t
      .http()
      .post('/api/contacts')
      .set(auth)
      .send({ lastName: 'Pérez', firstName: 'Ana', custom: { birthday: '1990-12-31', segment: 'Oro' } })
      .expect(201);
    expect(ok.body.custom).toEqual({ birthday: '1990-12-31', segment: 'Oro' });
  });

  describe('lists: search, filters, saved views, sorting and paging', () => {
    beforeAll(async () => {
      const zones = ['Norte', 'Sur', 'Centro'];
      for (let i = 0; i < 12; i++) {
        await t
          .http()
          .post('/api/organizations')
          .set(auth)
          .send(
            organization({
              name: `Filtro ${String(i).padStart(2, '0')}`,
              kind: i % 2 ? 'PROSPECT' : 'CLIENT',
              zone: zones[i % 3],
              tags: i % 4 === 0 ? ['Feria 2026'] : [],
              emails: i === 5 ? [] : [{ email: `org${i}@filtro.mx`, useInMarketing: i !== 7 }],
            }),
          )
          .expect(201);
      }
    });

    const search = async (body: Record<string, unknown>) =>
      (await t.http().post('/api/organizations/search').set(auth).send(body).expect(200)).body;

    it('filters by field, tag, email and AND/OR groups', async () => {
      const norte = await search({
        q: 'Filtro',
        filter: { op: 'and', conditions: [{ field: 'zone', operator: 'eq', value: 'Norte' }] },
      });
      expect(norte.total).toBe(4);
      const feria = await search({
        filter: { op: 'and', conditions: [{ field: 'tags', operator: 'hasTag', value: 'Feria 2026' }] },
      });
      expect(feria.items.map((o: { name: string }) => o.name)).toEqual([
        'Filtro 00',
        'Filtro 04',
        'Filtro 08',
      ]);
      const either = await search({
        q: 'Filtro',
        filter: {
          op: 'and',
          conditions: [
            { field: 'kind', operator: 'eq', value: 'PROSPECT' },
            {
              op: 'or',
              conditions: [
                { field: 'zone', operator: 'eq', value: 'Sur' },
                { field: 'zone', operator: 'eq', value: 'Centro' },
              ],
            },
          ],
        },
      });
      expect(either.items.map((o: { name: string }) => o.name)).toEqual([
        'Filtro 01',
        'Filtro 05',
        'Filtro 07',
        'Filtro 11',
      ]);
      const marketable = await search({
        q: 'Filtro',
        filter: { op: 'and', conditions: [{ field: 'hasMarketingEmail', operator: 'eq', value: false }] },
      });
      expect(marketable.items.map((o: { name: string }) => o.name)).toEqual(['Filtro 05', 'Filtro 07']);
      const byEmail = await search({
        filter: { op: 'and', conditions: [{ field: 'email', operator: 'contains', value: 'ORG3@' }] },
      });
      expect(byEmail.items.map((o: { name: string }) => o.name)).toEqual(['Filtro 03']);
    });

    it('filters on date ranges', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const inRange = await search({
        q: 'Filtro',
        filter: {
          op: 'and',
          conditions: [{ field: 'createdAt', operator: 'between', value: [today, today] }],
        },
      });
      expect(inRange.total).toBe(12);
      const recent = await search({
        q: 'Filtro',
        filter: {
          op: 'and',
          conditions: [{ field: 'createdAt', operator: 'inLast', value: { amount: 1, unit: 'days' } }],
        },
      });
      expect(recent.total).toBe(12);
      const old = await search({
        q: 'Filtro',
        filter: { op: 'and', conditions: [{ field: 'createdAt', operator: 'lt', value: '2020-01-01' }] },
      });
      expect(old.total).toBe(0);
    });

    it('sorts and pages', async () => {
      const page = await t
        .http()
        .get('/api/organizations?q=Filtro&sort=-name&page=2&pageSize=5')
        .set(auth)
        .expect(200);
      expect(page.body).toMatchObject({ total: 12, page: 2, pageSize: 5 });
      expect(page.body.items.map((o: { name: string }) => o.name)).toEqual([
        'Filtro 06',
        'Filtro 05',
        'Filtro 04',
        'Filtro 03',
        'Filtro 02',
      ]);
      const bad = await t.http().get('/api/organizations?sort=password').set(auth).expect(400);
      expect(bad.body.errors[0].field).toBe('sort');
    });

    it('rejects a malformed filter naming the path', async () => {
      const res = await t
        .http()
        .post('/api/organizations/search')
        .set(auth)
        .send({
          filter: {
            op: 'and',
            conditions: [
              { field: 'zone', operator: 'gt', value: 3 },
              { field: 'nope', operator: 'eq', value: 1 },
            ],
          },
        })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'filter.conditions.0.operator',
        'filter.conditions.1.field',
      ]);
    });

    it('saves a view and lists through it', async () => {
      const view = await t
        .http()
        .post('/api/views')
        .set(auth)
        .send({
          module: 'organizations',
          name: 'Clientes Norte',
          filter: {
            op: 'and',
            conditions: [
              { field: 'kind', operator: 'eq', value: 'CLIENT' },
              { field: 'zone', operator: 'eq', value: 'Norte' },
            ],
          },
          sort: [{ field: 'name', direction: 'desc' }],
        })
        .expect(201);
      const res = await t
        .http()
        .get(`/api/organizations?viewId=${view.body.id}&q=Filtro`)
        .set(auth)
        .expect(200);
      expect(res.body.items.map((o: { name: string }) => o.name)).toEqual(['Filtro 06', 'Filtro 00']);
      const wrongModule = await t.http().get(`/api/contacts?viewId=${view.body.id}`).set(auth).expect(400);
      expect(wrongModule.body.errors[0].field).toBe('viewId');
      const badView = await t
        .http()
        .post('/api/views')
        .set(auth)
        .send({ module: 'contacts', name: 'Bad', filter: { op: 'xor', conditions: [] } })
        .expect(400);
      expect(badView.body.errors[0].field).toBe('filter.op');
    });

    it('describes the fields a filter builder may offer, custom fields with their labels', async () => {
      await t
        .http()
        .post('/api/custom-fields')
        .set(auth)
        .send({ module: 'leads', key: 'tier', label: 'Nivel', type: 'picklist', options: ['Oro', 'Plata'] })
        .expect(201);
      const res = await t.http().get('/api/views/fields?module=leads').set(auth).expect(200);
      const byName = new Map(res.body.map((field: { field: string }) => [field.field, field]));
      expect(byName.get('status')).toMatchObject({ type: 'enum', values: expect.arrayContaining(['NEW']) });
      expect(byName.get('source')).toMatchObject({ type: 'string', picklist: 'lead.source' });
      expect(byName.get('tags')).toMatchObject({ type: 'tags', operators: ['hasTag', 'notHasTag'] });
      expect(byName.get('custom.tier')).toMatchObject({ label: 'Nivel', values: ['Oro', 'Plata'] });
      // A filter built from what it offers is accepted.
      await search({ filter: { op: 'and', conditions: [{ field: 'zone', operator: 'isNotEmpty' }] } });
      const missing = await t.http().get('/api/views/fields').set(auth).expect(400);
      expect(missing.body.errors[0].field).toBe('module');
      const unknown = await t.http().get('/api/views/fields?module=planets').set(auth).expect(400);
      expect(unknown.body.errors[0].field).toBe('module');
    });

    it('bulk tags, updates and deletes only visible records and reports the rest', async () => {
      const list = await search({ q: 'Filtro', pageSize: 3 });
      const ids: string[] = list.items.map((o: { id: string }) => o.id);
      const missing = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
      const tagged = await t
        .http()
        .post('/api/organizations/bulk')
        .set(auth)
        .send({ action: 'addTags', ids: [...ids, missing], tags: ['Campaña Q1'] })
        .expect(200);
      expect(tagged.body).toEqual({ affected: 3, notFound: [missing] });
      const updated = await t
        .http()
        .post('/api/organizations/bulk')
        .set(auth)
        .send({ action: 'update', ids, changes: { origin: 'Marketing' } })
        .expect(200);
      expect(updated.body.affected).toBe(3);
      const check = await t.http().get(`/api/organizations/${ids[0]}`).set(auth).expect(200);
      expect(check.body).toMatchObject({ origin: 'Marketing', tags: expect.arrayContaining(['Campaña Q1']) });
      const badChange = await t
        .http()
        .post('/api/organizations/bulk')
        .set(auth)
        .send({ action: 'update', ids, changes: { origin: 'Nowhere' } })
        .expect(400);
      expect(badChange.body.errors[0].field).toBe('origin');
      const deleted = await t
        .http()
        .post('/api/organizations/bulk')
        .set(auth)
        .send({ action: 'delete', ids: [ids[2]] })
        .expect(200);
      expect(deleted.body.affected).toBe(1);
      await t.http().get(`/api/organizations/${ids[2]}`).set(auth).expect(404);
    });
  });

  it('manages a contact’s addresses with marketing flag and status, each change an outbox event', async () => {
    const contact = await t
      .http()
      .post('/api/contacts')
      .set(auth)
      .send({ lastName: 'García', emails: [{ email: 'luis@garcia.mx' }], custom: { segment: 'Plata' } })
      .expect(201);
    const added = await t
      .http()
      .post(`/api/contacts/${contact.body.id}/emails`)
      .set(auth)
      .send({ email: 'Luis.Garcia@Trabajo.mx', useInMarketing: false })
      .expect(201);
    expect(added.body.emails).toHaveLength(2);
    const second = added.body.emails.find((e: { email: string }) => e.email === 'Luis.Garcia@Trabajo.mx');
    const before = await outboxCount();
    const bounced = await t
      .http()
      .patch(`/api/contacts/${contact.body.id}/emails/${second.id}`)
      .set(auth)
      .send({ status: 'BOUNCED' })
      .expect(200);
    expect(bounced.body.emails.find((e: { id: string }) => e.id === second.id).status).toBe('BOUNCED');
    const [event] = await dataSource.getRepository(OutboxEvent).find({ order: { id: 'DESC' }, take: 1 });
    expect(await outboxCount()).toBe(before + 1);
    expect(event).toMatchObject({
      type: 'email_address.updated',
      aggregateId: second.id,
      payload: { ownerType: 'contact', changed: ['status'] },
    });
    const optOut = await t
      .http()
      .patch(`/api/contacts/${contact.body.id}`)
      .set(auth)
      .send({ emailOptOut: true })
      .expect(200);
    expect(optOut.body.emailOptOut).toBe(true);
    await t.http().delete(`/api/contacts/${contact.body.id}/emails/${second.id}`).set(auth).expect(200);
    const deleted = await dataSource
      .getRepository(OutboxEvent)
      .findOneByOrFail({ type: 'email_address.deleted', aggregateId: second.id });
    expect(deleted.payload).toMatchObject({ email: 'luis.garcia@trabajo.mx' });
  });

  it('links contacts to an organization of the same tenant only', async () => {
    const other = await t.createTenant('Other');
    const foreign = await t
      .http()
      .post('/api/organizations')
      .set(bearer(other.adminToken))
      .send(organization())
      .expect(201);
    const res = await t
      .http()
      .post('/api/contacts')
      .set(auth)
      .send({ lastName: 'X', organizationId: foreign.body.id, custom: { segment: 'Oro' } })
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'organizationId', reason: 'is not an organization of this tenant' },
    ]);
    await t.http().get(`/api/organizations/${foreign.body.id}`).set(auth).expect(404);
  });

  it('renaming a picklist value renames it on every organization, with an outbox event each', async () => {
    const picklists = (await t.http().get('/api/picklists').set(auth).expect(200)).body;
    const zone = picklists.find((p: { key: string }) => p.key === 'organization.zone');
    const sur = zone.values.find((v: { value: string }) => v.value === 'Sur');
    const usingSur = await t
      .http()
      .post('/api/organizations/search')
      .set(auth)
      .send({ filter: { op: 'and', conditions: [{ field: 'zone', operator: 'eq', value: 'Sur' }] } })
      .expect(200);
    expect(usingSur.body.total).toBeGreaterThan(0);
    const before = await outboxCount();
    await t
      .http()
      .patch(`/api/picklists/${zone.id}/values/${sur.id}`)
      .set(auth)
      .send({ value: 'Sur-Sureste' })
      .expect(200);
    const renamed = await t
      .http()
      .post('/api/organizations/search')
      .set(auth)
      .send({ filter: { op: 'and', conditions: [{ field: 'zone', operator: 'eq', value: 'Sur-Sureste' }] } })
      .expect(200);
    expect(renamed.body.total).toBe(usingSur.body.total);
    expect(await outboxCount()).toBe(before + usingSur.body.total);
    const tooLong = await t
      .http()
      .post(`/api/picklists/${zone.id}/values`)
      .set(auth)
      .send({ value: 'y'.repeat(51) })
      .expect(400);
    expect(tooLong.body.errors[0].field).toBe('value');
    const inUse = await t.http().delete(`/api/picklists/${zone.id}/values/${sur.id}`).set(auth).expect(409);
    expect(inUse.body.message).toContain('deactivate');
  });

  it('validates a lead’s source against its picklist', async () => {
    const bad = await t
      .http()
      .post('/api/leads')
      .set(auth)
      .send({ lastName: 'Ruiz', source: 'Paloma mensajera' })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('source');
    const ok = await t
      .http()
      .post('/api/leads')
      .set(auth)
      .send({ lastName: 'Ruiz', source: 'Evento', emails: [{ email: 'ruiz@lead.mx' }] })
      .expect(201);
    expect(ok.body).toMatchObject({ status: 'NEW', source: 'Evento' });
  });

  it('a TEAM-scoped profile sees its team’s and its own records only; others answer 404', async () => {
    const profile = await t
      .http()
      .post('/api/profiles')
      .set(auth)
      .send({
        name: 'Ventas Norte',
        isAdmin: false,
        recordAccess: 'TEAM',
        modules: ['organizations', 'contacts', 'leads'],
      })
      .expect(201);
    const team = await t.http().post('/api/teams').set(auth).send({ name: 'Equipo Norte' }).expect(201);
    const seller = await t
      .http()
      .post('/api/users')
      .set(auth)
      .send({
        email: 'vendedor@acme.test',
        name: 'Vendedor',
        password: 'vendedor-123',
        profileId: profile.body.id,
        teamIds: [team.body.id],
      })
      .expect(201);
    const teamLead = await t
      .http()
      .post('/api/leads')
      .set(auth)
      .send({ lastName: 'Del Equipo', teamId: team.body.id })
      .expect(201);
    const ownLead = await t
      .http()
      .post('/api/leads')
      .set(auth)
      .send({ lastName: 'Propio', ownerId: seller.body.id })
      .expect(201);
    const hidden = await t.http().post('/api/leads').set(auth).send({ lastName: 'Ajeno' }).expect(201);
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'vendedor@acme.test', password: 'vendedor-123' })
      .expect(200);
    const sellerAuth = bearer(login.body.token);
    const visible = await t.http().get('/api/leads?pageSize=200').set(sellerAuth).expect(200);
    const ids = visible.body.items.map((l: { id: string }) => l.id).sort();
    expect(ids).toEqual([teamLead.body.id, ownLead.body.id].sort());
    await t.http().get(`/api/leads/${hidden.body.id}`).set(sellerAuth).expect(404);
    await t
      .http()
      .patch(`/api/leads/${hidden.body.id}`)
      .set(sellerAuth)
      .send({ lastName: 'Hacked' })
      .expect(404);
    const bulk = await t
      .http()
      .post('/api/leads/bulk')
      .set(sellerAuth)
      .send({ action: 'delete', ids: [hidden.body.id] })
      .expect(200);
    expect(bulk.body).toEqual({ affected: 0, notFound: [hidden.body.id] });
    expect((await t.http().get(`/api/leads/${hidden.body.id}`).set(auth).expect(200)).body.lastName).toBe(
      'Ajeno',
    );
    await t.http().get('/api/deals').set(sellerAuth).expect(403);
  });

  it('deleting a team unassigns its records, which keep their owner, with an outbox event each', async () => {
    const team = await t.http().post('/api/teams').set(auth).send({ name: 'Equipo Temporal' }).expect(201);
    const lead = await t
      .http()
      .post('/api/leads')
      .set(auth)
      .send({ lastName: 'Temporal', teamId: team.body.id })
      .expect(201);
    await t.http().delete(`/api/teams/${team.body.id}`).set(auth).expect(204);
    const after = await t.http().get(`/api/leads/${lead.body.id}`).set(auth).expect(200);
    expect(after.body).toMatchObject({ teamId: null, ownerId: tenant.adminUserId });
    const [event] = await dataSource
      .getRepository(OutboxEvent)
      .find({ where: { aggregateId: lead.body.id }, order: { id: 'DESC' }, take: 1 });
    expect(event).toMatchObject({ type: 'lead.updated', payload: { changed: ['teamId'] } });
  });
});
