import { DataSource } from 'typeorm';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CampaignLinkClicker, CampaignRecordsService } from '@crm/core';
import { fieldsOf, signInNewUser, SignedInUser } from '../e2e/sales-users.fixture';
import { databaseKinds } from '../support/databases';
import { MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

/**
 * A link's clickers (seed 004, "Links e cliccatori") from the Mailchimp sandbox into the CRM, and
 * the mass actions on them, all over HTTP: a campaign made and sent with the official client,
 * every recipient made to click by the sandbox's delivery control, the import run by the worker,
 * and what the CRM stores compared with the sandbox's own click details.
 */

const SALE = 'https://tienda.example.test/rebajas';
const BLOG = 'https://blog.example.test/primavera';
const HTML = `<html><body><a href="${SALE}">Rebajas</a> <a href="${BLOG}">Blog</a>
<a href="*|UNSUB|*">Baja</a></body></html>`;
const DOMAIN = 'clic.test';
const STRANGERS = 5;
const email = (name: string) => `${name}@${DOMAIN}`;

type Module = 'leads' | 'organizations' | 'contacts';
interface Ref {
  module: Module;
  id: string;
}
interface Clicker {
  module: Module;
  recordId: string;
  recordName: string;
  email: string;
  clicks: number;
  lastImportedAt: string;
}
interface TrackedLink {
  id: string;
  url: string;
  clicks: number;
  uniqueClicks: number;
  clickers: Record<Module, number>;
}

const key = (module: string, id: string) => `${module}:${id}`;
const byKey = (a: { module: string; recordId: string }, b: { module: string; recordId: string }) =>
  key(a.module, a.recordId).localeCompare(key(b.module, b.recordId));

describe.each(databaseKinds)('Mailchimp link clickers and mass actions on them (%s)', (kind) => {
  jest.setTimeout(180_000);
  let f: MailchimpFixture;
  let m: MailchimpTenant;
  let rep: SignedInUser;
  let campaignId: string;
  let crmCampaignId: string;
  /** The CRM records of each address in the audience (one address may be two records'). */
  const owners = new Map<string, Ref[]>();
  const names = new Map<string, string>();
  const ids: Record<string, string> = {};

  type Auth = Record<string, string>;
  const http = () => f.t.http();
  const get = async (path: string, auth: Auth = m.auth) =>
    (await http().get(path).set(auth).expect(200)).body;
  const post = (path: string, body: object, auth: Auth = m.auth) => http().post(path).set(auth).send(body);
  const linksPath = () => `/api/campaigns/${crmCampaignId}/links`;
  const clickersPath = (linkId: string) => `${linksPath()}/${linkId}/clickers`;
  const allClickers = async (linkId: string, query = '', auth: Auth = m.auth): Promise<Clicker[]> =>
    (await get(`${clickersPath(linkId)}?pageSize=200${query}`, auth)).items;
  const trackedLinks = async (auth: Auth = m.auth): Promise<TrackedLink[]> =>
    (await get(linksPath(), auth)).items;

  async function record(module: Module, name: string, body: object, addresses: string[]): Promise<string> {
    const created = await post(`/api/${module}`, {
      ...body,
      emails: addresses.map((address) => ({ email: address })),
    }).expect(201);
    for (const address of addresses)
      owners.set(address, [...(owners.get(address) ?? []), { module, id: created.body.id }]);
    names.set(key(module, created.body.id), name);
    ids[name] = created.body.id;
    return created.body.id;
  }
  const person = (module: 'leads' | 'contacts', first: string, addresses = [email(first.toLowerCase())]) =>
    record(module, `${first} Clic`, { firstName: first, lastName: 'Clic' }, addresses);
  const organization = (name: string, address: string) =>
    record(
      'organizations',
      name,
      { name, kind: 'CLIENT', rating: 'B - Media', clientType: 'Distribuidor', zone: 'Norte' },
      [address],
    );

  /** Every link's clickers as the sandbox's click details list them, as the CRM should hold them. */
  async function sandboxClickers() {
    const details = await m.mailchimp.reports.getCampaignClickDetails(campaignId, { count: 1000 });
    const links = new Map<string, Array<Omit<Clicker, 'recordName' | 'lastImportedAt'>>>();
    const clicksByUrl = new Map<string, Map<string, number>>();
    let read = 0;
    let unknown = 0;
    for (const link of details.urls_clicked as Array<{ id: string; url: string }>) {
      const members = await m.mailchimp.reports.getSubscribersInfo(campaignId, link.id, { count: 1000 });
      const rows = new Map<string, Omit<Clicker, 'recordName' | 'lastImportedAt'>>();
      clicksByUrl.set(link.url, new Map());
      for (const member of members.members as Array<{ email_address: string; clicks: number }>) {
        read += 1;
        clicksByUrl.get(link.url)!.set(member.email_address, member.clicks);
        const refs = owners.get(member.email_address) ?? [];
        if (refs.length === 0) unknown += 1;
        for (const ref of refs) {
          const row = rows.get(key(ref.module, ref.id));
          if (row) row.clicks += member.clicks;
          else
            rows.set(key(ref.module, ref.id), {
              module: ref.module,
              recordId: ref.id,
              email: member.email_address,
              clicks: member.clicks,
            });
        }
      }
      links.set(link.url, [...rows.values()].sort(byKey));
    }
    const records = [...links.values()].reduce((sum, rows) => sum + rows.length, 0);
    return {
      links,
      clicksByUrl,
      counts: { clickersRead: read, clickersUnknown: unknown, clickerRecords: records },
    };
  }

  /** Every link's clickers in the CRM equal the sandbox's, named as the CRM names the records. */
  async function expectClickersAsReported(expected: Awaited<ReturnType<typeof sandboxClickers>>) {
    const links = await trackedLinks();
    expect(links.map((link) => link.url).sort()).toEqual([...expected.links.keys()].sort());
    for (const link of links) {
      const clickers = await allClickers(link.id);
      expect(
        clickers.map(({ module, recordId, email: address, clicks }) => ({
          module,
          recordId,
          email: address,
          clicks,
        })),
      ).toEqual(expect.arrayContaining(expected.links.get(link.url)!));
      expect(clickers).toHaveLength(expected.links.get(link.url)!.length);
      for (const clicker of clickers)
        expect(clicker.recordName).toBe(names.get(key(clicker.module, clicker.recordId)));
      // Most clicks first.
      expect(clickers.map((c) => c.clicks)).toEqual([...clickers.map((c) => c.clicks)].sort((a, b) => b - a));
      const perModule = (module: Module) => clickers.filter((c) => c.module === module).length;
      expect(link.clickers).toEqual({
        leads: perModule('leads'),
        organizations: perModule('organizations'),
        contacts: perModule('contacts'),
      });
    }
  }

  /** The link with the most clickers. */
  async function busiestLink(): Promise<TrackedLink> {
    const links = await trackedLinks();
    return links.reduce((a, b) => (b.uniqueClicks > a.uniqueClicks ? b : a));
  }

  beforeAll(async () => {
    f = await MailchimpFixture.start(kind);
    await f.t.app.get(SchedulerRegistry).getCronJob('connector-imports').stop();
    m = await f.tenant('Cliccatori', { syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR' });
    rep = await signInNewUser(f.t, m.tenant.tenantId, { recordAccess: 'OWN' });

    for (const name of ['Lara', 'Luis', 'Lucia']) await person('leads', name);
    for (const name of ['Ana', 'Bruno', 'Carla']) await person('contacts', name);
    await organization('Acme', `info@acme.${DOMAIN}`);
    await organization('Beta', `ventas@beta.${DOMAIN}`);
    // One address, two records: the lead and the contact it became both clicked.
    await person('leads', 'Sara', [email('sara')]);
    await person('contacts', 'Sara', [email('sara')]);
    ids['Sara lead'] = owners.get(email('sara'))![0].id;
    // One record, two addresses: its clicks on a link are those of both.
    await person('contacts', 'Dora', [email('dora'), `dora@trabajo.${DOMAIN}`]);
    // The standard user owns one lead and one contact; the administrator owns the rest.
    for (const [module, name] of [
      ['leads', 'Lara Clic'],
      ['contacts', 'Ana Clic'],
    ] as const)
      await http().patch(`/api/${module}/${ids[name]}`).set(m.auth).send({ ownerId: rep.userId }).expect(200);
    await f.outboxDrained(m);

    const members = [
      ...owners.keys(),
      ...Array.from({ length: STRANGERS }, (_, i) => `otro-${i}@otros.test`),
    ];
    const batch = await m.mailchimp.lists.batchListMembers(m.listId, {
      members: members.map((address) => ({ email_address: address, status: 'subscribed' })),
      update_existing: true,
    });
    expect(batch.error_count).toBe(0);

    const campaign = (await m.mailchimp.campaigns.create({
      type: 'regular',
      recipients: { list_id: m.listId },
      settings: {
        title: 'Rebajas',
        subject_line: 'Rebajas de primavera',
        from_name: 'Acme',
        reply_to: 'n@acme.test',
      },
    })) as { id: string };
    campaignId = campaign.id;
    await m.mailchimp.campaigns.setContent(campaignId, { html: HTML });
    await m.mailchimp.campaigns.send(campaignId);
    // Everyone opens and clicks: each recipient clicks one to four times, on either link.
    await f.control(m, `/campaigns/${campaignId}/deliver`, {
      seed: 11,
      openRate: 1,
      clickRate: 1,
      bounceRate: 0,
      unsubscribeRate: 0,
    });
    // A contact made after the campaign went out: visible, but no clicker.
    await person('contacts', 'Nadia', [email('nadia')]);
    owners.delete(email('nadia'));
  });
  afterAll(() => f?.close());

  it('imports each link’s clickers, matched by address to leads, organizations and contacts; unknown ones counted', async () => {
    const expected = await sandboxClickers();
    // Every recipient clicked some link, and Dora clicked one link from both her addresses.
    const clicked = new Set([...expected.clicksByUrl.values()].flatMap((clicks) => [...clicks.keys()]));
    expect(clicked.size).toBe(owners.size + STRANGERS);
    const doraAddresses = [email('dora'), `dora@trabajo.${DOMAIN}`];
    const doraUrl = [...expected.clicksByUrl].find(([, emails]) =>
      doraAddresses.every((a) => emails.has(a)),
    )?.[0];
    expect(doraUrl).toBeDefined();

    const run = await f.importNow(m, 'campaigns');

    expect(run.status).toBe('SUCCEEDED');
    expect(run.result.links).toEqual({ campaignsRead: 1, campaignsMissing: 0, ...expected.counts });
    expect(run.result.links.clickersUnknown).toBeGreaterThan(0);
    crmCampaignId = (await get('/api/campaigns')).items[0].id;
    await expectClickersAsReported(expected);

    // Every recipient clicked: each record of the audience is a clicker of some link, Sara twice over.
    const clickers = (await Promise.all((await trackedLinks()).map((link) => allClickers(link.id)))).flat();
    const recordsClicked = new Set(clickers.map((c) => key(c.module, c.recordId)));
    const audienceRecords = new Set([...owners.values()].flat().map((ref) => key(ref.module, ref.id)));
    expect(recordsClicked).toEqual(audienceRecords);
    expect(recordsClicked.has(key('leads', ids['Sara lead']))).toBe(true);
    expect(recordsClicked.has(key('contacts', ids['Sara Clic']))).toBe(true);
    // Dora's two addresses make one clicker of the link, with the clicks of both.
    const doraLink = (await trackedLinks()).find((link) => link.url === doraUrl)!;
    const dora = (await allClickers(doraLink.id)).filter((c) => c.recordId === ids['Dora Clic']);
    const doraClicks = doraAddresses.map((address) => expected.clicksByUrl.get(doraUrl!)!.get(address)!);
    expect(dora).toEqual([
      // The row keeps the first of her addresses the vendor listed.
      expect.objectContaining({
        email: expect.stringMatching(/^dora@/),
        clicks: doraClicks[0] + doraClicks[1],
      }),
    ]);
  });

  it('filters a link’s clickers by module, pages them, and checks the module', async () => {
    const link = await busiestLink();
    const all = await allClickers(link.id);
    for (const module of ['leads', 'organizations', 'contacts'] as const) {
      const only = await allClickers(link.id, `&module=${module}`);
      expect(only.every((c) => c.module === module)).toBe(true);
      expect(only.map((c) => c.recordId).sort()).toEqual(
        all
          .filter((c) => c.module === module)
          .map((c) => c.recordId)
          .sort(),
      );
      expect(only).toHaveLength(link.clickers[module]);
    }
    const first = await get(`${clickersPath(link.id)}?pageSize=2&page=1`);
    const second = await get(`${clickersPath(link.id)}?pageSize=2&page=2`);
    expect(first.total).toBe(all.length);
    expect([...first.items, ...second.items]).toEqual(all.slice(0, 4));

    const bad = await http()
      .get(`${clickersPath(link.id)}?module=deals`)
      .set(m.auth)
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['module']);
    await http().get(`${linksPath()}/00000000-0000-4000-8000-000000000000/clickers`).set(m.auth).expect(404);
  });

  it('mass-edits exactly the selected clickers, through the records’ own validation', async () => {
    const link = await busiestLink();
    const leads = await allClickers(link.id, '&module=leads');
    expect(leads.length).toBeGreaterThanOrEqual(2);
    const [chosen, ...others] = leads;
    const unchosen = () => Promise.all(others.map((c) => get(`/api/leads/${c.recordId}`)));
    const before = await unchosen();

    const edited = await post(`${clickersPath(link.id)}/mass-edit`, {
      module: 'leads',
      recordIds: [chosen.recordId, ids['Nadia Clic']],
      fields: { status: 'CONTACTED', source: 'Campaña de correo' },
    }).expect(200);

    // Nadia is a contact, not a lead: to the leads module she does not exist.
    expect(edited.body).toEqual({
      module: 'leads',
      edited: [chosen.recordId],
      rejected: [{ recordId: ids['Nadia Clic'], reason: 'not found' }],
    });
    expect(await get(`/api/leads/${chosen.recordId}`)).toMatchObject({
      status: 'CONTACTED',
      source: 'Campaña de correo',
    });
    expect(await unchosen()).toEqual(before);

    // A contact that never clicked the link is reported as such, and left alone.
    const contacts = await allClickers(link.id, '&module=contacts');
    const nadiaBefore = await get(`/api/contacts/${ids['Nadia Clic']}`);
    const titled = await post(`${clickersPath(link.id)}/mass-edit`, {
      module: 'contacts',
      recordIds: [contacts[0].recordId, ids['Nadia Clic']],
      fields: { title: 'Interesado en rebajas' },
    }).expect(200);
    expect(titled.body.rejected).toEqual([
      { recordId: ids['Nadia Clic'], reason: 'not a clicker of this link' },
    ]);
    expect((await get(`/api/contacts/${contacts[0].recordId}`)).title).toBe('Interesado en rebajas');
    expect(await get(`/api/contacts/${ids['Nadia Clic']}`)).toEqual(nadiaBefore);

    // `all`: every organization that clicked, none other.
    const organizations = await allClickers(link.id, '&module=organizations');
    const zoned = await post(`${clickersPath(link.id)}/mass-edit`, {
      module: 'organizations',
      all: true,
      fields: { zone: 'Bajío' },
    }).expect(200);
    expect(zoned.body.edited.sort()).toEqual(organizations.map((c) => c.recordId).sort());
    for (const name of ['Acme', 'Beta'])
      expect((await get(`/api/organizations/${ids[name]}`)).zone).toBe(
        zoned.body.edited.includes(ids[name]) ? 'Bajío' : 'Norte',
      );
  });

  it('answers 4xx naming the field for bad mass edits, and changes nothing', async () => {
    const link = await busiestLink();
    const organizations = await allClickers(link.id, '&module=organizations');
    const leads = await allClickers(link.id, '&module=leads');
    const snapshot = async () =>
      Promise.all([
        ...organizations.map((c) => get(`/api/organizations/${c.recordId}`)),
        ...leads.map((c) => get(`/api/leads/${c.recordId}`)),
      ]);
    const before = await snapshot();
    const path = `${clickersPath(link.id)}/mass-edit`;
    const rejected = async (body: object) => fieldsOf((await post(path, body).expect(400)).body);

    // Checked by the record service: Zona is a picklist.
    expect(await rejected({ module: 'organizations', all: true, fields: { zone: 'Atlántida' } })).toEqual([
      'fields.zone',
    ]);
    // Checked as PATCH /api/leads/:id checks its body.
    expect(await rejected({ module: 'leads', all: true, fields: { status: 'WON' } })).toEqual([
      'fields.status',
    ]);
    expect(await rejected({ module: 'leads', all: true, fields: { shoeSize: 44 } })).toEqual([
      'fields.shoeSize',
    ]);
    expect(await rejected({ module: 'leads', all: true, fields: { lastName: '' } })).toEqual([
      'fields.lastName',
    ]);
    expect(await rejected({ module: 'leads', all: true, fields: { tags: ['vip'] } })).toEqual([
      'fields.tags',
    ]);
    expect(await rejected({ module: 'leads', all: true, fields: {} })).toEqual(['fields']);
    expect(
      await rejected({ module: 'leads', recordIds: [leads[0].recordId], all: true, fields: { title: 'x' } }),
    ).toEqual(['all']);
    expect(await rejected({ module: 'leads', fields: { title: 'x' } })).toEqual(['recordIds']);
    expect(await rejected({ module: 'deals', all: true, fields: { title: 'x' } })).toEqual(['module']);
    expect(await rejected({ module: 'leads', recordIds: ['not-a-uuid'], fields: { title: 'x' } })).toEqual([
      'recordIds',
    ]);
    expect(
      await rejected({ module: 'contacts', recordIds: [ids['Nadia Clic']], fields: { title: 'x' } }),
    ).toEqual(['recordIds']);
    await http()
      .post(`/api/campaigns/${crmCampaignId}/links/${link.id}x/clickers/mass-edit`)
      .set(m.auth)
      .send({ module: 'leads', all: true, fields: { title: 'x' } })
      .expect(404);

    expect(await snapshot()).toEqual(before);
  });

  it('creates one calendar event linked to each selected clicker, on their timelines', async () => {
    const link = await busiestLink();
    const leads = await allClickers(link.id, '&module=leads');
    const startsAt = '2026-12-01T10:00:00.000Z';

    const created = await post(`${clickersPath(link.id)}/events`, {
      module: 'leads',
      all: true,
      subject: 'Llamar: interesados en las rebajas',
      startsAt,
      description: 'Hicieron clic en las rebajas',
    }).expect(201);

    const linked = leads.map((c) => c.recordId).sort();
    expect([...created.body.linked].sort()).toEqual(linked);
    expect(created.body.rejected).toEqual([]);
    expect(created.body.activity).toMatchObject({
      type: 'CALENDAR_EVENT',
      subject: 'Llamar: interesados en las rebajas',
      body: 'Hicieron clic en las rebajas',
      occurredAt: startsAt,
      endsAt: '2026-12-01T11:00:00.000Z',
      userId: m.tenant.adminUserId,
      source: 'user',
      meta: { campaignId: crmCampaignId, campaignLinkId: link.id, url: link.url },
    });
    expect(
      created.body.activity.links
        .map((l: { module: string; recordId: string }) => key(l.module, l.recordId))
        .sort(),
    ).toEqual(linked.map((id) => key('leads', id)).sort());
    const activityId = created.body.activity.id;
    for (const id of linked) {
      const timeline = await get(`/api/leads/${id}/timeline?types=CALENDAR_EVENT`);
      expect(timeline.items.map((a: { id: string }) => a.id)).toEqual([activityId]);
    }
    const notClicked = ['Lara', 'Luis', 'Lucia']
      .map((name) => ids[`${name} Clic`])
      .filter((id) => !linked.includes(id));
    for (const id of notClicked)
      expect((await get(`/api/leads/${id}/timeline?types=CALENDAR_EVENT`)).items).toEqual([]);

    // Selected records, with an end of its own.
    const contacts = await allClickers(link.id, '&module=contacts');
    const one = await post(`${clickersPath(link.id)}/events`, {
      module: 'contacts',
      recordIds: [contacts[0].recordId, ids['Nadia Clic']],
      subject: 'Visita',
      startsAt,
      endsAt: '2026-12-01T10:30:00.000Z',
    }).expect(201);
    expect(one.body).toMatchObject({
      linked: [contacts[0].recordId],
      rejected: [{ recordId: ids['Nadia Clic'], reason: 'not a clicker of this link' }],
      activity: { endsAt: '2026-12-01T10:30:00.000Z' },
    });
    expect((await get(`/api/contacts/${ids['Nadia Clic']}/timeline?types=CALENDAR_EVENT`)).items).toEqual([]);

    const rejected = async (body: object) =>
      fieldsOf((await post(`${clickersPath(link.id)}/events`, body).expect(400)).body);
    expect(await rejected({ module: 'leads', all: true, startsAt })).toEqual(['subject']);
    expect(await rejected({ module: 'leads', all: true, subject: 'x', startsAt: 'mañana' })).toEqual([
      'startsAt',
    ]);
    expect(
      await rejected({
        module: 'leads',
        all: true,
        subject: 'x',
        startsAt,
        endsAt: '2026-12-01T09:00:00.000Z',
      }),
    ).toEqual(['endsAt']);
    expect(
      await rejected({ module: 'contacts', recordIds: [ids['Nadia Clic']], subject: 'x', startsAt }),
    ).toEqual(['recordIds']);
  });

  it('shows a standard user only the clickers they may see, and lets them act on those alone', async () => {
    // A link the standard user's lead clicked, with another lead beside it.
    const links = await trackedLinks();
    const byLink = await Promise.all(links.map((l) => allClickers(l.id, '&module=leads')));
    const index = byLink.findIndex(
      (leads) => leads.some((c) => c.recordId === ids['Lara Clic']) && leads.length >= 2,
    );
    expect(index).toBeGreaterThanOrEqual(0);
    const link = links[index];
    const everyone = await allClickers(link.id);
    const own = everyone.filter((c) => [ids['Lara Clic'], ids['Ana Clic']].includes(c.recordId));
    const others = everyone.filter((c) => !own.includes(c));

    const seen = await allClickers(link.id, '', rep.auth);
    expect(seen.map((c) => c.recordId).sort()).toEqual(own.map((c) => c.recordId).sort());
    const counted = (await trackedLinks(rep.auth)).find((l) => l.id === link.id)!;
    expect(counted.clickers.leads + counted.clickers.organizations + counted.clickers.contacts).toBe(
      own.length,
    );

    const otherLead = others.find((c) => c.module === 'leads')!;
    const otherBefore = await get(`/api/leads/${otherLead.recordId}`);
    const edit = await post(
      `${clickersPath(link.id)}/mass-edit`,
      { module: 'leads', recordIds: [ids['Lara Clic'], otherLead.recordId], fields: { title: 'Revisado' } },
      rep.auth,
    ).expect(200);
    // Another user's record is "not found" to them, whether or not it clicked.
    expect(edit.body).toEqual({
      module: 'leads',
      edited: [ids['Lara Clic']],
      rejected: [{ recordId: otherLead.recordId, reason: 'not found' }],
    });
    expect((await get(`/api/leads/${ids['Lara Clic']}`)).title).toBe('Revisado');
    expect(await get(`/api/leads/${otherLead.recordId}`)).toEqual(otherBefore);
    const hidden = await post(
      `${clickersPath(link.id)}/events`,
      {
        module: 'leads',
        recordIds: [otherLead.recordId],
        subject: 'Visita',
        startsAt: '2026-12-02T10:00:00.000Z',
      },
      rep.auth,
    ).expect(400);
    expect(fieldsOf(hidden.body)).toEqual(['recordIds']);

    // `all` reaches only what they may see; with nothing of theirs among the clickers it is a 400.
    const event = await post(
      `${clickersPath(link.id)}/events`,
      { module: 'organizations', all: true, subject: 'Visita', startsAt: '2026-12-02T10:00:00.000Z' },
      rep.auth,
    ).expect(400);
    expect(fieldsOf(event.body)).toEqual(['all']);
    const timeline = await get(`/api/organizations/${ids.Acme}/timeline?types=CALENDAR_EVENT`);
    expect(timeline.items).toEqual([]);

    // Without the activities module there are no clickers to see.
    const noActivities = await signInNewUser(f.t, m.tenant.tenantId, {
      recordAccess: 'ALL',
      modules: ['leads', 'contacts', 'organizations'],
    });
    await http().get(clickersPath(link.id)).set(noActivities.auth).expect(403);
  });

  it('keeps links and clickers the vendor stops reporting (its statistics expire, the CRM’s do not)', async () => {
    const records = f.t.app.get(CampaignRecordsService);
    const before = await trackedLinks();
    const link = await busiestLink();
    const clickers = await allClickers(link.id);
    expect(clickers.length).toBeGreaterThan(0);

    // What an import writes once the vendor's report of the campaign has expired: nothing.
    await records.replaceLinks(m.tenant.tenantId, crmCampaignId, []);
    await records.mergeClickers(m.tenant.tenantId, link.id, [], new Date());

    expect(await trackedLinks()).toEqual(before);
    expect(await allClickers(link.id)).toEqual(clickers);
  });

  it('updates the clickers on the next import, and a deleted record’s clicks go with it', async () => {
    const link = await busiestLink();
    const firstImport = (await allClickers(link.id))[0].lastImportedAt;
    await f.control(m, `/campaigns/${campaignId}/deliver`, { seed: 12, openRate: 1, clickRate: 1 });
    const expected = await sandboxClickers();

    const run = await f.importNow(m, 'campaigns');

    expect(run.result.links).toEqual({ campaignsRead: 1, campaignsMissing: 0, ...expected.counts });
    // Links keep their ids across imports.
    expect((await trackedLinks()).map((l) => l.id)).toContain(link.id);
    await expectClickersAsReported(expected);
    const clickers = await allClickers(link.id);
    expect(clickers.every((c) => c.lastImportedAt > firstImport)).toBe(true);

    const gone = clickers.find((c) => c.module === 'contacts')!;
    await http().delete(`/api/contacts/${gone.recordId}`).set(m.auth).expect(204);
    expect((await allClickers(link.id)).map((c) => c.recordId)).not.toContain(gone.recordId);
    const rows = await f.t.app
      .get(DataSource)
      .getRepository(CampaignLinkClicker)
      .countBy({ tenantId: m.tenant.tenantId, module: 'contacts', recordId: gone.recordId });
    expect(rows).toBe(0);
  });
});
