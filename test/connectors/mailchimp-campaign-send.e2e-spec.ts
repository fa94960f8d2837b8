import { DataSource } from 'typeorm';
import { CampaignSend } from '@crm/connector-sdk';
import { signInNewUser } from '../e2e/sales-users.fixture';
import { insertContacts } from '../support/bulk-contacts';
import { MailchimpOpenApi } from '../sandbox/support/openapi-validator';
import { databaseKinds } from '../support/databases';
import { eventually, MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

const SETTINGS = {
  subject_line: 'Ofertas de temporada',
  title: 'Temporada 2026',
  from_name: 'Acme',
  reply_to: 'news@acme.test',
};
const HTML = '<html><body><p>Hola *|FNAME|*</p><a href="https://acme.test/ofertas">Ofertas</a></body></html>';
const QUARTER_MS = 15 * 60_000;
/** Mailchimp's own date-time format. */
const mailchimpTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+00:00');

interface SandboxCampaign {
  id: string;
  status: string;
  send_time?: string;
  settings: { title: string; subject_line: string };
  recipients: { list_id: string; segment_opts?: { saved_segment_id?: number } };
}

/**
 * Sending a saved Mailchimp campaign to the people of a saved view, end to end: the real product
 * (API + worker) and the real connector against the Mailchimp sandbox over HTTP.
 */
describe.each(databaseKinds)('Mailchimp: a saved campaign sent to a saved view (%s)', (kind) => {
  jest.setTimeout(120_000);
  let f: MailchimpFixture;

  beforeAll(async () => {
    f = await MailchimpFixture.start(kind);
  });
  afterAll(() => f?.close());

  const http = () => f.t.http();

  async function organization(m: MailchimpTenant, name: string, orgKind: 'CLIENT' | 'PROSPECT') {
    const created = await http()
      .post('/api/organizations')
      .set(m.auth)
      .send({
        name,
        kind: orgKind,
        rating: 'A - Alta rentabilidad',
        clientType: orgKind === 'CLIENT' ? 'Cliente directo' : 'Prospecto frío',
      })
      .expect(201);
    return created.body.id as string;
  }

  async function view(m: MailchimpTenant, body: Record<string, unknown>): Promise<string> {
    return (await http().post('/api/views').set(m.auth).send(body).expect(201)).body.id;
  }

  /** A draft campaign to the tenant's audience, ready to send. */
  async function draftCampaign(m: MailchimpTenant): Promise<SandboxCampaign> {
    const campaign = (await m.mailchimp.campaigns.create({
      type: 'regular',
      recipients: { list_id: m.listId },
      settings: SETTINGS,
    })) as SandboxCampaign;
    await m.mailchimp.campaigns.setContent(campaign.id, { html: HTML });
    return campaign;
  }

  async function finishedSend(m: MailchimpTenant, sendId: string) {
    return eventually(async () => {
      const send = (
        await http()
          .get(`/api/installations/${m.installationId}/campaign-sends/${sendId}`)
          .set(m.auth)
          .expect(200)
      ).body;
      if (!['SENT', 'SCHEDULED', 'FAILED'].includes(send.status)) throw new Error(`send ${send.status}`);
      return send;
    }, 60_000);
  }

  async function segmentEmails(m: MailchimpTenant, segmentId: string): Promise<string[]> {
    const members = (await m.mailchimp.lists.getSegmentMembersList(m.listId, segmentId, { count: 1000 })) as {
      members: Array<{ email_address: string }>;
      total_items: number;
    };
    expect(members.members).toHaveLength(members.total_items);
    return members.members.map((member) => member.email_address).sort();
  }

  /**
   * Seed 000's "clients" view: two client organizations whose contacts are in every situation,
   * plus a prospect's contact and a loose contact that the view leaves out.
   */
  async function clientsScenario(name: string) {
    const m = await f.tenant(name);
    const clientA = await organization(m, 'Tacos del Norte', 'CLIENT');
    const clientB = await organization(m, 'Abarrotes Sur', 'CLIENT');
    const prospect = await organization(m, 'Prospecto SA', 'PROSPECT');
    // Awaiting their double opt-in at Mailchimp before the CRM ever pushes them.
    await m.mailchimp.lists.addListMember(m.listId, {
      email_address: 'paula@clientes.test',
      status: 'pending',
    });
    const contact = (organizationId: string | null, lastName: string, emails: unknown[]) =>
      f.contact(m, { lastName, organizationId, emails });
    await contact(clientA, 'Lucía', [{ email: 'lucia@clientes.test' }]);
    await contact(clientA, 'Pedro', [{ email: 'pedro@clientes.test' }]);
    await contact(clientA, 'Rebeca', [{ email: 'rebote@clientes.test' }]);
    await contact(clientA, 'Paula', [{ email: 'paula@clientes.test' }]);
    await contact(clientA, 'Sin Correo', []);
    await contact(clientA, 'Nora', [{ email: 'nora@clientes.test', useInMarketing: false }]);
    await contact(clientB, 'Beto', [
      { email: 'beto@clientes.test', isPrimary: true },
      { email: 'beto.casa@clientes.test' },
    ]);
    await contact(clientB, 'Archi', [{ email: 'archi@clientes.test' }]);
    await contact(prospect, 'Prospecto', [{ email: 'prospecto@clientes.test' }]);
    await contact(null, 'Suelto', [{ email: 'suelto@clientes.test' }]);
    await f.sync(m);
    await eventually(async () => expect(await f.member(m, 'archi@clientes.test')).toBeDefined());

    // The outside world: an unsubscribe, a hard bounce, and an admin archiving a member by API.
    await f.control(m, `/lists/${m.listId}/members/pedro@clientes.test/unsubscribe`, { by: 'user' });
    await f.control(m, `/lists/${m.listId}/members/rebote@clientes.test/bounce`, { reason: 'hard' });
    await m.mailchimp.lists.deleteListMember(m.listId, 'archi@clientes.test');
    const statuses = Object.fromEntries(
      await Promise.all(
        ['lucia', 'pedro', 'rebote', 'paula', 'beto', 'beto.casa', 'archi', 'nora'].map(async (local) => [
          local,
          (await f.member(m, `${local}@clientes.test`))?.status,
        ]),
      ),
    );
    expect(statuses).toEqual({
      lucia: 'subscribed',
      pedro: 'unsubscribed',
      rebote: 'cleaned',
      paula: 'pending',
      beto: 'subscribed',
      'beto.casa': 'subscribed',
      archi: 'archived',
      nora: undefined,
    });
    const viewId = await view(m, {
      module: 'organizations',
      name: 'Mail clientes',
      filter: { op: 'and', conditions: [{ field: 'kind', operator: 'eq', value: 'CLIENT' }] },
    });
    return { m, viewId, campaign: await draftCampaign(m) };
  }

  it('lists the drafts that can be sent and previews exactly who of the view gets it and why the others do not', async () => {
    const { m, viewId, campaign } = await clientsScenario('Vista Clientes');
    const sent = await draftCampaign(m);
    await m.mailchimp.campaigns.send(sent.id);

    const sendable = (
      await http().get(`/api/installations/${m.installationId}/sendable-campaigns`).set(m.auth).expect(200)
    ).body;
    expect(sendable).toEqual([
      {
        id: campaign.id,
        name: 'Temporada 2026',
        subject: 'Ofertas de temporada',
        listId: m.listId,
        listName: 'Vista Clientes audience',
      },
    ]);

    const preview = (
      await http()
        .post(`/api/installations/${m.installationId}/campaign-sends/preview`)
        .set(m.auth)
        .send({ viewId, campaignId: campaign.id })
        .expect(200)
    ).body;
    expect(preview).toMatchObject({
      view: { id: viewId, name: 'Mail clientes', module: 'organizations' },
      campaign: { id: campaign.id, listId: m.listId },
      people: 8,
      recipients: 2,
      members: 3,
      excluded: { pending: 1, notInAudience: 1, unsubscribed: 1, cleaned: 1, noEmail: 2 },
    });
    const sampleEmails = Object.fromEntries(
      Object.entries(preview.samples as Record<string, Array<{ email: string | null; name: string }>>).map(
        ([reason, samples]) => [reason, samples.map((sample) => sample.email ?? sample.name).sort()],
      ),
    );
    expect(sampleEmails).toEqual({
      pending: ['paula@clientes.test'],
      notInAudience: ['archi@clientes.test'],
      unsubscribed: ['pedro@clientes.test'],
      cleaned: ['rebote@clientes.test'],
      noEmail: ['Ana Sin Correo', 'nora@clientes.test'],
    });
    // A preview sends nothing and makes nothing at Mailchimp.
    expect(((await m.mailchimp.campaigns.list()) as { total_items: number }).total_items).toBe(2);
  });

  it('sends: a copy of the campaign goes to a static segment of exactly the sendable members; the original stays a draft', async () => {
    const { m, viewId, campaign } = await clientsScenario('Envío Clientes');
    const requested = await http()
      .post(`/api/installations/${m.installationId}/campaign-sends`)
      .set(m.auth)
      .send({ viewId, campaignId: campaign.id })
      .expect(202);
    expect(requested.body).toMatchObject({
      status: 'QUEUED',
      scheduleAt: null,
      campaign: { id: campaign.id },
    });

    const send = await finishedSend(m, requested.body.id);
    expect(send).toMatchObject({
      status: 'SENT',
      error: null,
      view: { id: viewId, name: 'Mail clientes', module: 'organizations' },
      counts: {
        people: 8,
        recipients: 2,
        members: 3,
        excluded: { pending: 1, notInAudience: 1, unsubscribed: 1, cleaned: 1, noEmail: 2 },
      },
    });
    expect(send.replicaCampaignId).not.toBe(campaign.id);

    const replica = (await m.mailchimp.campaigns.get(send.replicaCampaignId)) as SandboxCampaign;
    expect(replica).toMatchObject({
      status: 'sent',
      settings: { subject_line: 'Ofertas de temporada', title: 'Temporada 2026 · Mail clientes' },
      recipients: { list_id: m.listId, segment_opts: { saved_segment_id: Number(send.segmentId) } },
    });
    const members = ['beto.casa@clientes.test', 'beto@clientes.test', 'lucia@clientes.test'];
    expect(await segmentEmails(m, send.segmentId)).toEqual(members);
    const sentTo = (await m.mailchimp.reports.getCampaignRecipients(send.replicaCampaignId, {
      count: 1000,
    })) as {
      sent_to: Array<{ email_address: string }>;
    };
    expect(sentTo.sent_to.map((recipient) => recipient.email_address).sort()).toEqual(members);

    // The original is the reusable template: still a draft, still offered.
    expect(((await m.mailchimp.campaigns.get(campaign.id)) as SandboxCampaign).status).toBe('save');
    const sendable = (
      await http().get(`/api/installations/${m.installationId}/sendable-campaigns`).set(m.auth).expect(200)
    ).body;
    expect(sendable.map((c: { id: string }) => c.id)).toEqual([campaign.id]);
    const listed = (
      await http().get(`/api/installations/${m.installationId}/campaign-sends`).set(m.auth).expect(200)
    ).body;
    expect(listed).toMatchObject({ total: 1, items: [{ id: send.id, status: 'SENT' }] });
  });

  it('schedules the copy at the time given, on a quarter hour', async () => {
    const { m, viewId, campaign } = await clientsScenario('Programado');
    const at = new Date(Math.ceil((Date.now() + 2 * 3600_000) / QUARTER_MS) * QUARTER_MS);
    const requested = await http()
      .post(`/api/installations/${m.installationId}/campaign-sends`)
      .set(m.auth)
      .send({ viewId, campaignId: campaign.id, scheduleAt: at.toISOString() })
      .expect(202);
    expect(new Date(requested.body.scheduleAt).getTime()).toBe(at.getTime());

    const send = await finishedSend(m, requested.body.id);
    expect(send).toMatchObject({ status: 'SCHEDULED', error: null, counts: { recipients: 2, members: 3 } });
    const replica = (await m.mailchimp.campaigns.get(send.replicaCampaignId)) as SandboxCampaign;
    expect(replica).toMatchObject({ status: 'schedule', send_time: mailchimpTime(at) });
    expect(await segmentEmails(m, send.segmentId)).toEqual([
      'beto.casa@clientes.test',
      'beto@clientes.test',
      'lucia@clientes.test',
    ]);
    expect(((await m.mailchimp.campaigns.get(campaign.id)) as SandboxCampaign).status).toBe('save');
  });

  it('fills a segment of more than 500 members in calls of at most 500', async () => {
    const m = await f.tenant('Volumen');
    const count = 520;
    await insertContacts(f.t.app.get(DataSource), m.tenant.tenantId, m.tenant.adminUserId, count, {
      prefix: 'volumen',
    });
    const run = await f.sync(m, { kind: 'FULL' }, 90_000);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { added: count, failed: 0 } });
    const viewId = await view(m, {
      module: 'contacts',
      name: 'Volumen',
      filter: { op: 'and', conditions: [{ field: 'email', operator: 'startsWith', value: 'volumen-' }] },
    });
    const campaign = await draftCampaign(m);

    const requested = await http()
      .post(`/api/installations/${m.installationId}/campaign-sends`)
      .set(m.auth)
      .send({ viewId, campaignId: campaign.id })
      .expect(202);
    const send = await finishedSend(m, requested.body.id);
    expect(send).toMatchObject({
      status: 'SENT',
      counts: { people: count, recipients: count, members: count },
    });

    const segmentCalls = f.sandbox.exchanges.filter(
      (exchange) =>
        exchange.method === 'POST' && exchange.path === `/lists/${m.listId}/segments/${send.segmentId}`,
    );
    expect(
      segmentCalls.map((call) => (call.requestBody as { members_to_add: string[] }).members_to_add.length),
    ).toEqual([500, 20]);
    const emails = await segmentEmails(m, send.segmentId);
    expect(emails).toHaveLength(count);
    expect(emails[0]).toBe('volumen-000000@example.test');
    expect(emails[count - 1]).toBe(`volumen-000${count - 1}@example.test`);
    const report = (await m.mailchimp.campaigns.get(send.replicaCampaignId)) as { emails_sent: number };
    expect(report.emails_sent).toBe(count);
  });

  it('refuses bad requests naming the field, changing nothing; 403 for non-admins, 409 when not ACTIVE', async () => {
    const m = await f.tenant('Validación');
    await f.contact(m, { lastName: 'Ana', emails: [{ email: 'ana@validacion.test' }] });
    // A campaign needs someone in its audience to be sent.
    await eventually(async () => expect(await f.member(m, 'ana@validacion.test')).toBeDefined());
    const viewId = await view(m, {
      module: 'contacts',
      name: 'Todos',
      filter: { op: 'and', conditions: [] },
    });
    const dealsView = await view(m, {
      module: 'deals',
      name: 'Tratos',
      filter: { op: 'and', conditions: [{ field: 'name', operator: 'contains', value: 'x' }] },
    });
    const campaign = await draftCampaign(m);
    const sent = await draftCampaign(m);
    await m.mailchimp.campaigns.send(sent.id);
    const campaignsBefore = ((await m.mailchimp.campaigns.list()) as { total_items: number }).total_items;
    const nextQuarter = new Date(Math.ceil((Date.now() + 3600_000) / QUARTER_MS) * QUARTER_MS);

    const refused = async (body: Record<string, unknown>, field: string, reason: RegExp) => {
      const res = await http()
        .post(`/api/installations/${m.installationId}/campaign-sends`)
        .set(m.auth)
        .send(body)
        .expect(400);
      expect(res.body.errors).toEqual([{ field, reason: expect.stringMatching(reason) }]);
    };
    const unknownView = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    await refused({ viewId: unknownView, campaignId: campaign.id }, 'viewId', /not a saved view you can see/);
    await refused({ viewId: 'nope', campaignId: campaign.id }, 'viewId', /UUID/);
    await refused({ viewId: dealsView, campaignId: campaign.id }, 'viewId', /view of deals/);
    await refused({ viewId, campaignId: sent.id }, 'campaignId', /already sent/);
    await refused({ viewId, campaignId: 'ffffffffff' }, 'campaignId', /no campaign ffffffffff/);
    await refused(
      { viewId, campaignId: campaign.id, scheduleAt: '2020-01-01T10:00:00Z' },
      'scheduleAt',
      /in the future/,
    );
    await refused(
      {
        viewId,
        campaignId: campaign.id,
        scheduleAt: new Date(nextQuarter.getTime() + 7 * 60_000).toISOString(),
      },
      'scheduleAt',
      /:00, :15, :30, :45/,
    );
    await refused(
      { viewId, campaignId: campaign.id, scheduleAt: '2030-01-01' },
      'scheduleAt',
      /with its zone/,
    );
    const preview = await http()
      .post(`/api/installations/${m.installationId}/campaign-sends/preview`)
      .set(m.auth)
      .send({ viewId: dealsView, campaignId: campaign.id })
      .expect(400);
    expect(preview.body.errors[0].field).toBe('viewId');

    // Sales users see the installation but may not send from it.
    const rep = await signInNewUser(f.t, m.tenant.tenantId, { recordAccess: 'ALL' });
    await http()
      .post(`/api/installations/${m.installationId}/campaign-sends`)
      .set(rep.auth)
      .send({ viewId, campaignId: campaign.id })
      .expect(403);
    await http().get(`/api/installations/${m.installationId}/sendable-campaigns`).set(rep.auth).expect(403);

    // An installation that is not authorized yet cannot send.
    const pending = await f.install(m.tenant);
    const conflict = await http()
      .post(`/api/installations/${pending}/campaign-sends`)
      .set(m.auth)
      .send({ viewId, campaignId: campaign.id })
      .expect(409);
    expect(conflict.body.errors[0].field).toBe('installationId');

    const sends = await f.t.app
      .get(DataSource)
      .getRepository(CampaignSend)
      .countBy({ tenantId: m.tenant.tenantId });
    expect(sends).toBe(0);
    expect(((await m.mailchimp.campaigns.list()) as { total_items: number }).total_items).toBe(
      campaignsBefore,
    );
  });

  it('speaks Mailchimp as its OpenAPI copy describes in every campaign and segment call above', () => {
    const campaignsAndSegments = f.sandbox.exchanges.filter(
      (exchange) => exchange.path.startsWith('/campaigns') || exchange.path.includes('/segments'),
    );
    const ours = (method: string, pattern: RegExp) =>
      campaignsAndSegments.filter((e) => e.method === method && pattern.test(e.path)).length;
    // The connector's own calls are among them: replicate, the copy's update, send and schedule.
    expect(ours('POST', /\/actions\/replicate$/)).toBeGreaterThanOrEqual(3);
    expect(ours('PATCH', /^\/campaigns\/[^/]+$/)).toBeGreaterThanOrEqual(3);
    expect(ours('POST', /\/actions\/schedule$/)).toBe(1);
    const openApi = new MailchimpOpenApi();
    expect(campaignsAndSegments.flatMap((exchange) => openApi.check(exchange))).toEqual([]);
  });

  it('keeps tenants apart: another tenant’s view, installation and sends are not reachable', async () => {
    const a = await f.tenant('Tenant A');
    await f.contact(a, { lastName: 'Ana', emails: [{ email: 'ana@tenant-a.test' }] });
    await f.sync(a);
    const viewA = await view(a, {
      module: 'contacts',
      name: 'Todos A',
      filter: { op: 'and', conditions: [] },
    });
    const campaignA = await draftCampaign(a);
    const sendA = await finishedSend(
      a,
      (
        await http()
          .post(`/api/installations/${a.installationId}/campaign-sends`)
          .set(a.auth)
          .send({ viewId: viewA, campaignId: campaignA.id })
          .expect(202)
      ).body.id,
    );
    expect(sendA).toMatchObject({ status: 'SENT', counts: { recipients: 1 } });

    const b = await f.tenant('Tenant B');
    const campaignB = await draftCampaign(b);
    // A's view is refused exactly as an unknown one: B learns nothing about it.
    const foreign = await http()
      .post(`/api/installations/${b.installationId}/campaign-sends/preview`)
      .set(b.auth)
      .send({ viewId: viewA, campaignId: campaignB.id })
      .expect(400);
    expect(foreign.body.errors).toEqual([{ field: 'viewId', reason: 'is not a saved view you can see' }]);
    // A's installation and its sends are "not found" for B, even through B's own installation.
    await http().get(`/api/installations/${a.installationId}/campaign-sends`).set(b.auth).expect(404);
    await http()
      .post(`/api/installations/${a.installationId}/campaign-sends`)
      .set(b.auth)
      .send({ viewId: viewA, campaignId: campaignA.id })
      .expect(404);
    await http()
      .get(`/api/installations/${b.installationId}/campaign-sends/${sendA.id}`)
      .set(b.auth)
      .expect(404);
    const listB = (
      await http().get(`/api/installations/${b.installationId}/campaign-sends`).set(b.auth).expect(200)
    ).body;
    expect(listB).toMatchObject({ total: 0, items: [] });
  });
});
