import { DataSource } from 'typeorm';
import { ActivitiesService, Activity, ActivityLink, PipelinesService } from '@crm/core';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';
import {
  fieldsOf,
  insertContact,
  insertLead,
  insertOrganization,
  signInNewUser,
  SignedInUser,
} from './sales-users.fixture';

interface ActivityBody {
  id: string;
  type: string;
  subject: string;
  source: string;
  userId: string | null;
  links: Array<{ module: string; recordId: string }>;
}

describe.each(databaseKinds)('activities and timelines (%s)', (kind) => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let admin: Record<string, string>;
  let dataSource: DataSource;
  let ana: string;
  let luis: string;

  const post = async (auth: Record<string, string>, body: Record<string, unknown>): Promise<ActivityBody> =>
    (await t.http().post('/api/activities').set(auth).send(body).expect(201)).body;
  const note = (
    links: Array<{ module: string; recordId: string }>,
    overrides: Record<string, unknown> = {},
  ) => ({
    type: 'NOTE',
    subject: 'Llamar el lunes',
    occurredAt: '2025-03-01T10:00:00.000Z',
    links,
    ...overrides,
  });
  const timeline = async (auth: Record<string, string>, path: string): Promise<ActivityBody[]> =>
    (await t.http().get(path).set(auth).expect(200)).body.items;

  beforeAll(async () => {
    t = await startTestApp(kind);
    dataSource = t.app.get(DataSource);
    tenant = await t.createTenant('Acme');
    other = await t.createTenant('Other');
    admin = bearer(tenant.adminToken);
    ana = await insertContact(t, tenant.tenantId, 'Ana', { ownerId: tenant.adminUserId });
    luis = await insertContact(t, tenant.tenantId, 'Luis', { ownerId: tenant.adminUserId });
  });
  afterAll(() => t.close());

  it('a calendar event linked to two contacts shows on both timelines', async () => {
    const event = await post(admin, {
      type: 'CALENDAR_EVENT',
      subject: 'Demo del producto',
      occurredAt: '2025-03-10T15:00:00.000Z',
      endsAt: '2025-03-10T16:00:00.000Z',
      links: [
        { module: 'contacts', recordId: ana },
        { module: 'contacts', recordId: luis },
      ],
      meta: { location: 'Sala 2' },
    });
    expect(event).toMatchObject({
      type: 'CALENDAR_EVENT',
      source: 'user',
      userId: tenant.adminUserId,
      meta: { location: 'Sala 2' },
    });
    expect(event.links).toHaveLength(2);
    for (const contact of [ana, luis]) {
      const items = await timeline(admin, `/api/contacts/${contact}/timeline`);
      expect(items.map((item) => item.id)).toContain(event.id);
    }
    expect((await t.http().get(`/api/activities/${event.id}`).set(admin).expect(200)).body.subject).toBe(
      'Demo del producto',
    );
  });

  it('calendar events need endsAt on or after occurredAt', async () => {
    const base = {
      type: 'CALENDAR_EVENT',
      subject: 'Cita',
      occurredAt: '2025-03-10T15:00:00.000Z',
      links: [{ module: 'contacts', recordId: ana }],
    };
    const missing = await t.http().post('/api/activities').set(admin).send(base).expect(400);
    expect(fieldsOf(missing.body)).toEqual(['endsAt']);
    const backwards = await t
      .http()
      .post('/api/activities')
      .set(admin)
      .send({ ...base, endsAt: '2025-03-10T14:00:00.000Z' })
      .expect(400);
    expect(fieldsOf(backwards.body)).toEqual(['endsAt']);
  });

  it('rejects links to records that do not exist in the tenant, naming links.N.recordId, and writes nothing', async () => {
    const foreign = await insertContact(t, other.tenantId, 'Ajeno', { ownerId: other.adminUserId });
    const before = await dataSource.getRepository(Activity).count();
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [
        note([
          { module: 'contacts', recordId: ana },
          { module: 'contacts', recordId: foreign },
        ]),
        ['links.1.recordId'],
      ],
      [note([{ module: 'leads', recordId: ana }]), ['links.0.recordId']],
      [note([{ module: 'deals', recordId: '00000000-0000-4000-8000-000000000000' }]), ['links.0.recordId']],
      [note([{ module: 'campaigns', recordId: ana }]), ['links.0.module']],
      [note([]), ['links']],
      [note([{ module: 'contacts', recordId: ana }], { type: 'FAX' }), ['type']],
      [note([{ module: 'contacts', recordId: ana }], { subject: '' }), ['subject']],
      [note([{ module: 'contacts', recordId: ana }], { occurredAt: 'yesterday' }), ['occurredAt']],
      [note(Array.from({ length: 501 }, () => ({ module: 'contacts', recordId: ana }))), ['links']],
    ];
    for (const [body, fields] of cases) {
      const res = await t.http().post('/api/activities').set(admin).send(body);
      expect([res.status, fieldsOf(res.body)]).toEqual([400, fields]);
    }
    expect(await dataSource.getRepository(Activity).count()).toBe(before);
  });

  it('serves timelines for leads, organizations and deals, newest first, paged, filtered by type', async () => {
    await t.app.get(PipelinesService).ensureDefault(tenant.tenantId);
    const lead = await insertLead(t, tenant.tenantId, 'Prospecto', { ownerId: tenant.adminUserId });
    const organization = await insertOrganization(t, tenant.tenantId, 'Abarrotes', {
      ownerId: tenant.adminUserId,
    });
    const deal = (
      await t.http().post('/api/deals').set(admin).send({ name: 'Trato', currency: 'MXN' }).expect(201)
    ).body;
    const links = [
      { module: 'leads', recordId: lead },
      { module: 'organizations', recordId: organization },
      { module: 'deals', recordId: deal.id },
    ];
    const older = await post(
      admin,
      note(links, { type: 'EMAIL_IN', subject: 'Re: cotización', occurredAt: '2025-01-01T09:00:00.000Z' }),
    );
    const newer = await post(
      admin,
      note(links, { type: 'EMAIL_OUT', subject: 'Cotización', occurredAt: '2025-02-01T09:00:00.000Z' }),
    );
    const call = await post(
      admin,
      note(links, { type: 'CALL', subject: 'Llamada', occurredAt: '2025-01-15T09:00:00.000Z' }),
    );

    for (const path of [
      `/api/leads/${lead}/timeline`,
      `/api/organizations/${organization}/timeline`,
      `/api/deals/${deal.id}/timeline`,
    ]) {
      expect((await timeline(admin, path)).map((item) => item.id)).toEqual([newer.id, call.id, older.id]);
    }
    const emails = await timeline(admin, `/api/leads/${lead}/timeline?types=EMAIL_IN,EMAIL_OUT`);
    expect(emails.map((item) => item.type)).toEqual(['EMAIL_OUT', 'EMAIL_IN']);
    const page = (
      await t.http().get(`/api/deals/${deal.id}/timeline?page=2&pageSize=2`).set(admin).expect(200)
    ).body;
    expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.items.map((item: ActivityBody) => item.id)).toEqual([older.id]);

    const badType = await t
      .http()
      .get(`/api/leads/${lead}/timeline?types=EMAIL_IN,FAX`)
      .set(admin)
      .expect(400);
    expect(fieldsOf(badType.body)).toEqual(['types']);
    const badModule = await t.http().get(`/api/campaigns/${lead}/timeline`).set(admin).expect(400);
    expect(fieldsOf(badModule.body)).toEqual(['module']);
    await t.http().get(`/api/contacts/${lead}/timeline`).set(admin).expect(404);

    // Deleting the deal drops its links; an activity linked only to it goes too.
    const dealOnly = await post(admin, note([{ module: 'deals', recordId: deal.id }]));
    await t.http().delete(`/api/deals/${deal.id}`).set(admin).expect(204);
    await t.http().get(`/api/activities/${dealOnly.id}`).set(admin).expect(404);
    const kept = (await t.http().get(`/api/activities/${newer.id}`).set(admin).expect(200)).body;
    expect(kept.links.map((link: { module: string }) => link.module).sort()).toEqual([
      'leads',
      'organizations',
    ]);
    await t.http().get(`/api/deals/${deal.id}/timeline`).set(admin).expect(404);
  });

  it('lists activities by type and time window, and updates and deletes them', async () => {
    const early = await post(
      admin,
      note([{ module: 'contacts', recordId: ana }], {
        type: 'TASK',
        subject: 'Tarea temprana',
        occurredAt: '2024-05-01T00:00:00.000Z',
      }),
    );
    const late = await post(
      admin,
      note([{ module: 'contacts', recordId: ana }], {
        type: 'TASK',
        subject: 'Tarea tardía',
        occurredAt: '2024-06-01T00:00:00.000Z',
      }),
    );
    const tasks = (await t.http().get('/api/activities?type=TASK').set(admin).expect(200)).body;
    expect(tasks.items.map((item: ActivityBody) => item.id)).toEqual([late.id, early.id]);
    const window = (
      await t
        .http()
        .get('/api/activities?from=2024-05-15T00:00:00Z&to=2024-06-01T00:00:00Z')
        .set(admin)
        .expect(200)
    ).body;
    expect(window.items.map((item: ActivityBody) => item.id)).toEqual([late.id]);
    const badFrom = await t.http().get('/api/activities?from=soon').set(admin).expect(400);
    expect(fieldsOf(badFrom.body)).toEqual(['from']);

    const patched = (
      await t
        .http()
        .patch(`/api/activities/${early.id}`)
        .set(admin)
        .send({ subject: 'Tarea hecha', links: [{ module: 'contacts', recordId: luis }] })
        .expect(200)
    ).body;
    expect(patched).toMatchObject({
      subject: 'Tarea hecha',
      links: [{ module: 'contacts', recordId: luis }],
    });
    expect((await timeline(admin, `/api/contacts/${ana}/timeline`)).map((item) => item.id)).not.toContain(
      early.id,
    );
    const toCalendar = await t
      .http()
      .patch(`/api/activities/${early.id}`)
      .set(admin)
      .send({ type: 'CALENDAR_EVENT' })
      .expect(400);
    expect(fieldsOf(toCalendar.body)).toEqual(['endsAt']);

    await t.http().delete(`/api/activities/${early.id}`).set(admin).expect(204);
    await t.http().get(`/api/activities/${early.id}`).set(admin).expect(404);
    expect(await dataSource.getRepository(ActivityLink).countBy({ activityId: early.id })).toBe(0);
  });

  it('records connector activities without an actor, with the same link rules', async () => {
    const activities = t.app.get(ActivitiesService);
    const recorded = await activities.record(tenant.tenantId, {
      source: 'mailchimp',
      type: 'CAMPAIGN_EVENT',
      subject: 'Abrió "Novedades de marzo"',
      occurredAt: new Date('2025-03-05T08:00:00.000Z'),
      links: [{ module: 'contacts', recordId: ana }],
      meta: { campaignId: 'c-1', event: 'open' },
    });
    expect(recorded).toMatchObject({
      source: 'mailchimp',
      userId: null,
      links: [{ module: 'contacts', recordId: ana }],
    });
    const items = await timeline(admin, `/api/contacts/${ana}/timeline?types=CAMPAIGN_EVENT`);
    expect(items.map((item) => [item.id, item.source])).toEqual([[recorded.id, 'mailchimp']]);

    const foreign = await insertContact(t, other.tenantId, 'Ajeno', { ownerId: other.adminUserId });
    await expect(
      activities.record(tenant.tenantId, {
        source: 'mailchimp',
        type: 'CAMPAIGN_EVENT',
        subject: 'x',
        occurredAt: new Date(),
        links: [{ module: 'contacts', recordId: foreign }],
      }),
    ).rejects.toMatchObject({ problems: [{ field: 'links.0.recordId' }] });
    await expect(
      activities.record(tenant.tenantId, {
        source: 'user',
        type: 'NOTE',
        subject: 'x',
        occurredAt: new Date(),
        links: [{ module: 'contacts', recordId: ana }],
      }),
    ).rejects.toMatchObject({ problems: [{ field: 'source' }] });
  });

  it("answers 404 for another tenant's activities and records", async () => {
    const otherAuth = bearer(other.adminToken);
    const foreignContact = await insertContact(t, other.tenantId, 'Ajeno', { ownerId: other.adminUserId });
    const foreignActivity = await post(otherAuth, note([{ module: 'contacts', recordId: foreignContact }]));
    await t.http().get(`/api/activities/${foreignActivity.id}`).set(admin).expect(404);
    await t
      .http()
      .patch(`/api/activities/${foreignActivity.id}`)
      .set(admin)
      .send({ subject: 'Mío' })
      .expect(404);
    await t.http().delete(`/api/activities/${foreignActivity.id}`).set(admin).expect(404);
    await t.http().get(`/api/contacts/${foreignContact}/timeline`).set(admin).expect(404);
    const listed = (await t.http().get('/api/activities?pageSize=200').set(admin).expect(200)).body;
    expect(listed.items.map((item: ActivityBody) => item.id)).not.toContain(foreignActivity.id);
    expect(
      (await t.http().get(`/api/activities/${foreignActivity.id}`).set(otherAuth).expect(200)).body.id,
    ).toBe(foreignActivity.id);
  });

  describe('team-scoped visibility', () => {
    let rep: SignedInUser;
    let repContact: string;

    beforeAll(async () => {
      rep = await signInNewUser(t, tenant.tenantId, { recordAccess: 'OWN' });
      repContact = await insertContact(t, tenant.tenantId, 'Cliente del rep', { ownerId: rep.userId });
    });

    it('shows activities linked to a visible record, leaving out links to hidden ones', async () => {
      const shared = await post(
        admin,
        note([
          { module: 'contacts', recordId: ana },
          { module: 'contacts', recordId: repContact },
        ]),
      );
      const hidden = await post(
        admin,
        note([{ module: 'contacts', recordId: ana }], { subject: 'Solo admin' }),
      );

      const seen = (await t.http().get(`/api/activities/${shared.id}`).set(rep.auth).expect(200)).body;
      expect(seen.links).toEqual([{ module: 'contacts', recordId: repContact }]);
      await t.http().get(`/api/activities/${hidden.id}`).set(rep.auth).expect(404);
      await t.http().patch(`/api/activities/${hidden.id}`).set(rep.auth).send({ subject: 'x' }).expect(404);
      const listed = (await t.http().get('/api/activities?pageSize=200').set(rep.auth).expect(200)).body;
      expect(listed.items.map((item: ActivityBody) => item.id)).toEqual([shared.id]);

      await t.http().get(`/api/contacts/${ana}/timeline`).set(rep.auth).expect(404);
      expect(
        (await timeline(rep.auth, `/api/contacts/${repContact}/timeline`)).map((item) => item.id),
      ).toEqual([shared.id]);

      // Replacing links keeps the ones the rep cannot see.
      await t
        .http()
        .patch(`/api/activities/${shared.id}`)
        .set(rep.auth)
        .send({ links: [{ module: 'contacts', recordId: repContact }] })
        .expect(200);
      const full = (await t.http().get(`/api/activities/${shared.id}`).set(admin).expect(200)).body;
      expect(full.links.map((link: { recordId: string }) => link.recordId).sort()).toEqual(
        [ana, repContact].sort(),
      );
    });

    it('cannot link records it cannot see, and sees its own activities', async () => {
      const refused = await t
        .http()
        .post('/api/activities')
        .set(rep.auth)
        .send(
          note([
            { module: 'contacts', recordId: repContact },
            { module: 'contacts', recordId: luis },
          ]),
        );
      expect([refused.status, fieldsOf(refused.body)]).toEqual([400, ['links.1.recordId']]);
      const own = await post(
        rep.auth,
        note([{ module: 'contacts', recordId: repContact }], { subject: 'Mi nota' }),
      );
      expect(own.userId).toBe(rep.userId);
      // Still visible to its author after the record is handed to someone else.
      await dataSource.query('UPDATE contact SET ownerId = ? WHERE id = ?', [tenant.adminUserId, repContact]);
      const after = (await t.http().get(`/api/activities/${own.id}`).set(rep.auth).expect(200)).body;
      expect(after.links).toEqual([]);
    });

    it('needs the activities module, and the module of the timeline record', async () => {
      const noActivities = await signInNewUser(t, tenant.tenantId, {
        recordAccess: 'ALL',
        modules: ['contacts'],
      });
      await t.http().get('/api/activities').set(noActivities.auth).expect(403);
      await t.http().get(`/api/contacts/${ana}/timeline`).set(noActivities.auth).expect(403);
      const noContacts = await signInNewUser(t, tenant.tenantId, {
        recordAccess: 'ALL',
        modules: ['activities'],
      });
      await t.http().get(`/api/contacts/${ana}/timeline`).set(noContacts.auth).expect(403);
    });
  });
});
