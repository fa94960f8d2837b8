import { MAILUP_CONNECTOR_KEY } from '@crm/connectors';
import { databaseKinds } from '../support/databases';
import { bearer } from '../support/test-app';
import { eventually, MailupFixture, MailupTenant } from './mailup-fixture';

type RecordModule = 'leads' | 'organizations' | 'contacts';
interface Membership {
  listId: string;
  email: string;
  status: string;
}

const DOMAIN = 'flusso.test';
const SALE = 'https://negozio.flusso.test/saldi';
const BLOG = 'https://blog.flusso.test/primavera';
const PRIVATE = 'privato@altrove.test';

/**
 * Seed 004's operating flow ("flusso operativo") end to end, through the product's HTTP API only,
 * with the MailUp sandbox's control API acting as the MailUp console and as the recipients:
 * MailUp installed from the marketplace and connected with a username and password; lists made in
 * MailUp and pulled; saved views of leads, organizations and contacts attached; subscribers pushed
 * by "update subscribers", excluded to `esclusi` and back; unsubscribes made in MailUp brought back,
 * per list and with the global flag, and never undone; a message sent with views and clicks; the
 * messages, sends, statistics, links and clickers pulled; clickers filtered by module, mass-edited
 * and given a calendar event; a list deleted in MailUp kept as history; uninstalling.
 */
describe.each(databaseKinds)('MailUp operating flow over HTTP, against the sandbox (%s)', (kind) => {
  jest.setTimeout(300_000);
  let f: MailupFixture;
  let m: MailupTenant;
  /** The second list, fed by the same views; deleted in MailUp at the end. */
  let clienti: string;
  let messageId: number;
  let campaignId: string;
  const ids: Record<string, string> = {};

  const http = () => f.t.http();
  const get = async (path: string) => (await http().get(path).set(m.auth).expect(200)).body;
  const create = async (module: RecordModule, name: string, body: Record<string, unknown>) => {
    ids[name] = (await http().post(`/api/${module}`).set(m.auth).send(body).expect(201)).body.id;
  };
  const view = async (module: RecordModule, field: string, value: string) =>
    (
      await http()
        .post('/api/views')
        .set(m.auth)
        .send({
          module,
          name: `${module}: ${field} = ${value}`,
          filter: { op: 'and', conditions: [{ field, operator: 'eq', value }] },
        })
        .expect(201)
    ).body.id as string;
  const memberships = async (module: RecordModule, name: string): Promise<Membership[]> =>
    (
      (await http().get('/api/memberships').query({ module, recordId: ids[name] }).set(m.auth).expect(200))
        .body as Membership[]
    ).sort((a, b) => a.listId.localeCompare(b.listId));
  const lists = async () =>
    (await get(`/api/installations/${m.installationId}/lists`)) as Array<{
      listId: string;
      name: string;
      status: string;
      syncInProgress: boolean;
      details: Record<string, unknown>;
    }>;
  const emailStatus = async (module: RecordModule, name: string) =>
    (await get(`/api/${module}/${ids[name]}`)).emails[0].status as string;
  const address = (name: string) => `${name}@${DOMAIN}`;

  beforeAll(async () => {
    f = await MailupFixture.start(kind);
    // Imports and updates run when the test asks for them over HTTP, not when the clock says.
    await f.stopClockTicks();
  });
  afterAll(() => f?.close());

  it('installs MailUp from the marketplace and connects an administrator with username and password', async () => {
    const tenant = await f.t.createTenant('Flusso operativo');
    const auth = bearer(tenant.adminToken);
    const account = await f.sandbox.createAccount({ company: 'Flusso S.r.l.' });
    await f.sandbox.controlOk(`/accounts/${account.username}/settings`, { importDelayMs: 50 });

    const catalog = (await http().get('/api/marketplace').set(auth).expect(200)).body;
    expect(JSON.stringify(catalog)).toContain('"key":"mailup"');
    const installationId = await f.install(tenant);
    expect(
      (await http().get(`/api/installations/${installationId}`).set(auth).expect(200)).body,
    ).toMatchObject({
      connector: expect.objectContaining({ key: MAILUP_CONNECTOR_KEY }),
      status: 'PENDING_AUTHORIZATION',
    });
    await http()
      .post(`/api/installations/${installationId}/credentials`)
      .set(auth)
      .send({ fields: { username: account.username, password: account.password } })
      .expect(200);
    expect(
      (await http().get(`/api/installations/${installationId}`).set(auth).expect(200)).body,
    ).toMatchObject({
      status: 'ACTIVE',
      account: { id: String(account.accountId), label: `Flusso S.r.l. (${account.username})` },
    });
    m = {
      tenant,
      auth,
      installationId,
      listId: '',
      account,
      mailup: await f.sandbox.connect(account, { waitOutThrottling: true }),
    };
    expect(await lists()).toEqual([]);
  });

  it('pulls the lists created in MailUp into the CRM, with their details', async () => {
    const newsletter = await f.sandbox.controlOk<{ idList: number; listGuid: string }>(
      `/accounts/${m.account.username}/lists`,
      { name: 'Newsletter Flusso', description: 'Le novità del mese' },
    );
    m.listId = String(newsletter.idList);
    clienti = String(await f.sandbox.createList(m.account, 'Clienti Flusso'));

    const imported = await f.importNow(m, 'lists');
    expect(imported).toMatchObject({ status: 'SUCCEEDED', kind: 'LISTS', result: { lists: 2, deleted: 0 } });
    const pulled = await lists();
    expect(pulled.map((list) => [list.name, list.status, list.syncInProgress]).sort()).toEqual([
      ['Clienti Flusso', 'ACTIVE', false],
      ['Newsletter Flusso', 'ACTIVE', false],
    ]);
    expect(pulled.find((list) => list.listId === m.listId)!.details).toEqual({
      description: 'Le novità del mese',
      company: expect.anything(),
      guid: newsletter.listGuid,
    });
  });

  it('attaches saved views of leads, organizations and contacts to the lists', async () => {
    await create('leads', 'lea', {
      firstName: 'Lea',
      lastName: 'Bianchi',
      company: 'Acme',
      emails: [{ email: address('lea') }],
    });
    await create('leads', 'leo', {
      firstName: 'Leo',
      lastName: 'Verdi',
      company: 'Acme',
      emails: [{ email: address('leo') }],
    });
    // Selected by the view but with no address: discarded, with the reason.
    await create('leads', 'muto', { firstName: 'Muto', lastName: 'Senza', company: 'Acme' });
    await create('organizations', 'ditta', {
      name: 'Ditta Milano',
      kind: 'CLIENT',
      rating: 'A - Alta rentabilidad',
      clientType: 'Cliente directo',
      city: 'Milano',
      emails: [{ email: address('info') }],
    });
    await create('contacts', 'rita', {
      firstName: 'Rita',
      lastName: 'Rossi',
      emails: [{ email: address('rita') }],
    });
    await create('contacts', 'carlo', {
      firstName: 'Carlo',
      lastName: 'Rossi',
      emails: [{ email: address('carlo') }],
    });
    const views = [
      await view('leads', 'company', 'Acme'),
      await view('organizations', 'city', 'Milano'),
      await view('contacts', 'lastName', 'Rossi'),
    ];
    for (const listId of [m.listId, clienti]) {
      const saved = await http()
        .put(`/api/installations/${m.installationId}/lists/${listId}/views`)
        .set(m.auth)
        .send({ viewIds: views })
        .expect(200);
      expect(saved.body.views.map((v: { module: string }) => v.module)).toEqual([
        'leads',
        'organizations',
        'contacts',
      ]);
    }
    // Someone adds a recipient by hand in MailUp: MailUp's own, private to it.
    await f.mailupCall(m, 'console', `/List/${clienti}/Recipient`, {
      method: 'POST',
      body: { Email: PRIVATE, Name: 'Privato', Fields: [] },
    });
  });

  it('pushes the subscribers into their module’s group of each list, showing the list in progress meanwhile', async () => {
    // MailUp answers slowly: the push takes long enough to be watched.
    await f.control(m, '/latency', { ms: 100 });
    const requested = await http()
      .post(`/api/installations/${m.installationId}/subscribers/sync`)
      .set(m.auth)
      .send({})
      .expect(202);
    // Polled until the run ends: the lists as users see them.
    let seenInProgress = false;
    const run = await eventually(async () => {
      seenInProgress ||= (await lists()).some((list) => list.syncInProgress);
      const current = await get(`/api/runs/${requested.body.id}`);
      if (!['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(current.status))
        throw new Error(`run ${current.status}`);
      return current;
    }, 120_000);
    expect(seenInProgress).toBe(true);
    await f.control(m, '/latency', { ms: 0 });
    expect(run).toMatchObject({ status: 'SUCCEEDED', kind: 'SUBSCRIBERS' });
    expect(run.counts).toMatchObject({ added: 10, skipped: 2, failed: 0, removed: 0 });
    const skipped = await f.lines(m, run.id, 'SKIP');
    expect(skipped.map((line) => [line.listId, line.crmId, line.rule]).sort()).toEqual(
      [
        [m.listId, ids.muto, 'not added: the record has no email address'],
        [clienti, ids.muto, 'not added: the record has no email address'],
      ].sort(),
    );

    for (const listId of [m.listId, clienti]) {
      const groups = await f.groups(m, listId);
      expect(Object.fromEntries(groups)).toEqual({
        TEST: [],
        'CRM Lead': [address('lea'), address('leo')],
        'CRM Aziende': [address('info')],
        'CRM Contatti': [address('carlo'), address('rita')],
        esclusi: [],
        // The organization's classification travels as groups (MailUp's tags).
        'Calificación: A - Alta rentabilidad': [address('info')],
        'Tipo de Cliente/Prospecto: Cliente directo': [address('info')],
      });
    }
    const subscribed = Object.fromEntries(
      ['lea', 'leo', 'info', 'rita', 'carlo'].map((n) => [address(n), 'OPTIN']),
    );
    expect(Object.fromEntries(await f.statuses(m))).toEqual(subscribed);
    expect(Object.fromEntries(await f.statuses(m, clienti))).toEqual({ ...subscribed, [PRIVATE]: 'OPTIN' });
    expect(await memberships('organizations', 'ditta')).toEqual(
      [m.listId, clienti]
        .sort()
        .map((listId) => expect.objectContaining({ listId, email: address('info'), status: 'subscribed' })),
    );
    expect((await lists()).every((list) => !list.syncInProgress)).toBe(true);
  });

  it('moves a record that stops matching to esclusi, still subscribed, and back when it matches again', async () => {
    await http().patch(`/api/leads/${ids.lea}`).set(m.auth).send({ company: 'Altra' }).expect(200);
    const left = await f.updateSubscribers(m, m.listId);
    expect(left.counts).toMatchObject({ removed: 1, added: 0, failed: 0 });
    const groups = await f.groups(m);
    expect(groups.get('esclusi')).toEqual([address('lea')]);
    expect(groups.get('CRM Lead')).toEqual([address('leo')]);
    expect((await f.statuses(m)).get(address('lea'))).toBe('OPTIN');
    expect(await memberships('leads', 'lea')).toEqual(
      expect.arrayContaining([expect.objectContaining({ listId: m.listId, status: 'archived' })]),
    );

    // Back in the view; meanwhile Rita unsubscribes from the newsletter in MailUp.
    await http().patch(`/api/leads/${ids.lea}`).set(m.auth).send({ company: 'Acme' }).expect(200);
    await f.control(m, '/recipients/unsubscribe', { email: address('rita'), idList: Number(m.listId) });
    const back = await f.updateSubscribers(m, m.listId);
    expect(back.counts).toMatchObject({ added: 0, removed: 0, failed: 0 });
    expect((await f.lines(m, back.id, 'UPDATE')).map((line) => [line.email, line.rule])).toEqual([
      [address('lea'), 'back in the list: its views select it again'],
    ]);
    const again = await f.groups(m);
    expect(again.get('esclusi')).toEqual([]);
    expect(again.get('CRM Lead')).toEqual([address('lea'), address('leo')]);
    expect(await memberships('leads', 'lea')).toEqual(
      [m.listId, clienti].sort().map((listId) => expect.objectContaining({ listId, status: 'subscribed' })),
    );
    // The unsubscribe came back for that list only: the address stays usable for the others.
    expect(await f.lines(m, back.id, 'UNSUBSCRIBE')).toEqual([
      expect.objectContaining({
        email: address('rita'),
        direction: 'TO_CRM',
        rule: 'consent: unsubscribed at the vendor, for this list only',
      }),
    ]);
    expect(await memberships('contacts', 'rita')).toEqual(
      [
        { listId: m.listId, status: 'unsubscribed' },
        { listId: clienti, status: 'subscribed' },
      ]
        .sort((a, b) => a.listId.localeCompare(b.listId))
        .map((expected) => expect.objectContaining(expected)),
    );
    expect(await emailStatus('contacts', 'rita')).toBe('ACTIVE');
  });

  it('takes an unsubscribe for every list with the global flag, and never adds an unsubscribed address again', async () => {
    const settingsPath = `/api/installations/${m.installationId}/settings`;
    const settings = await get(settingsPath);
    await http()
      .put(settingsPath)
      .set(m.auth)
      .send({ ...settings, globalUnsubscribe: { leads: true } })
      .expect(200);
    await f.control(m, '/recipients/unsubscribe', { email: address('leo'), idList: Number(m.listId) });
    // Rita's record changes: the newsletter still does not take her back, not even the new name.
    await http().patch(`/api/contacts/${ids.rita}`).set(m.auth).send({ firstName: 'Ritina' }).expect(200);

    const run = await f.updateSubscribers(m, null);
    expect(run).toMatchObject({ status: 'SUCCEEDED' });
    expect(run.counts).toMatchObject({ added: 0, failed: 0 });
    expect(await emailStatus('leads', 'leo')).toBe('UNSUBSCRIBED_BY_USER');
    for (const listId of [m.listId, clienti]) {
      const statuses = await f.statuses(m, listId);
      expect(statuses.get(address('leo'))).toBe('OPTOUT');
    }
    expect((await f.statuses(m)).get(address('rita'))).toBe('OPTOUT');
    expect((await f.statuses(m, clienti)).get(address('rita'))).toBe('OPTIN');
    expect(await memberships('leads', 'leo')).toEqual(
      [m.listId, clienti].sort().map((listId) => expect.objectContaining({ listId, status: 'unsubscribed' })),
    );

    // The views still select both: the next update adds neither again.
    await http().patch(`/api/leads/${ids.leo}`).set(m.auth).send({ firstName: 'Leonardo' }).expect(200);
    const next = await f.updateSubscribers(m, null);
    expect(next.counts).toMatchObject({ added: 0, failed: 0 });
    expect((await f.statuses(m)).get(address('leo'))).toBe('OPTOUT');
    expect((await f.statuses(m, clienti)).get(address('leo'))).toBe('OPTOUT');
    expect((await f.statuses(m)).get(address('rita'))).toBe('OPTOUT');
    // The recipient added by hand in MailUp stays MailUp's own: never in the CRM, never moved.
    expect((await f.statuses(m, clienti)).get(PRIVATE)).toBe('OPTIN');
    expect((await f.groups(m, clienti)).get('esclusi')).toEqual([]);
    for (const module of ['leads', 'organizations', 'contacts'])
      expect((await get(`/api/${module}?q=${encodeURIComponent(PRIVATE)}`)).total).toBe(0);
  });

  it('pulls a message sent in MailUp: its statistics, one send per recipient with every resend, links and clickers', async () => {
    messageId = (
      await f.control<{ idMessage: number }>(m, '/messages', {
        idList: Number(clienti),
        subject: 'Offerte di primavera',
        links: [SALE, BLOG],
      })
    ).idMessage;
    const sent = await f.control<{ recipients: number }>(m, `/messages/${messageId}/send`, {});
    // Lea, Ditta Milano, Carlo, Rita and MailUp's own recipient; not Leo, who unsubscribed.
    expect(sent.recipients).toBe(5);
    const act = (email: string, body: Record<string, unknown>) =>
      f.control(m, `/messages/${messageId}/activity`, { email, ...body });
    await act(address('lea'), { views: 2, clicks: [{ url: SALE, count: 1 }] });
    await act(address('info'), { views: 1, clicks: [{ url: SALE, count: 2 }] });
    await act(address('carlo'), { views: 1, clicks: [{ url: BLOG, count: 1 }] });
    await act(PRIVATE, { views: 1, clicks: [{ url: SALE, count: 1 }] });
    // Sent again to Lea two days later, say: still one send, with both sendings' statistics.
    await f.control(m, `/messages/${messageId}/send`, { emails: [address('lea')] });
    await act(address('lea'), { views: 1, clicks: [{ url: SALE, count: 1 }] });

    const messages = await f.importNow(m, 'campaigns');
    expect(messages).toMatchObject({ status: 'SUCCEEDED', kind: 'CAMPAIGNS' });
    const campaign = (await get('/api/campaigns')).items.find(
      (c: { subject: string }) => c.subject === 'Offerte di primavera',
    );
    campaignId = campaign.id;
    const count = (what: string) => f.mailupGet<number>(m, 'stats', `/Message/${messageId}/Count/${what}`);
    expect(campaign).toMatchObject({
      connectorKey: MAILUP_CONNECTOR_KEY,
      vendorCampaignId: `${clienti}:${messageId}`,
      listId: clienti,
      status: 'sent',
      figures: {
        recipients: await count('Recipients'),
        opens: await count('Views'),
        clicks: await count('Clicks'),
        unsubscribes: await count('Unsubscriptions'),
      },
    });
    expect(campaign.figures).toMatchObject({ recipients: 5, opens: 6, clicks: 6 });

    const activity = await f.importNow(m, 'campaigns/activity');
    expect(activity).toMatchObject({ status: 'SUCCEEDED', kind: 'CAMPAIGN_ACTIVITY' });
    const sendOf = async (module: RecordModule, name: string) => {
      const lines = (await get(`/api/${module}/${ids[name]}/campaign-activity`)).items;
      expect(lines).toHaveLength(1);
      return lines[0];
    };
    expect(await sendOf('leads', 'lea')).toMatchObject({ sent: 1, opened: 3, clicked: 2, bounced: 0 });
    expect(await sendOf('contacts', 'carlo')).toMatchObject({ sent: 1, opened: 1, clicked: 1 });
    expect(await sendOf('organizations', 'ditta')).toMatchObject({ sent: 1, opened: 1, clicked: 2 });
    expect(await sendOf('contacts', 'rita')).toMatchObject({ sent: 1, opened: 0, clicked: 0 });
    expect((await get(`/api/leads/${ids.leo}/campaign-activity`)).items).toEqual([]);
    const recipients = (await get(`/api/campaigns/${campaignId}/recipients`)).items as Array<{
      email: string;
    }>;
    expect(recipients.map((r) => r.email).sort()).toEqual(['carlo', 'info', 'lea', 'rita'].map(address));

    const links = (await get(`/api/campaigns/${campaignId}/links`)).items as Array<{
      id: string;
      url: string;
      clicks: number;
      uniqueClicks: number;
      clickers: Record<RecordModule, number>;
    }>;
    const byUrl = new Map(links.map((link) => [link.url, link]));
    expect(byUrl.get(SALE)).toMatchObject({
      clicks: 5,
      uniqueClicks: 3,
      clickers: { leads: 1, organizations: 1, contacts: 0 },
    });
    expect(byUrl.get(BLOG)).toMatchObject({
      clicks: 1,
      uniqueClicks: 1,
      clickers: { leads: 0, organizations: 0, contacts: 1 },
    });
  });

  it('filters a link’s clickers by module, mass-edits them and gives them a calendar event on their timelines', async () => {
    const sale = (
      (await get(`/api/campaigns/${campaignId}/links`)).items as Array<{ id: string; url: string }>
    ).find((link) => link.url === SALE)!;
    const clickers = async (module: RecordModule) =>
      (await get(`/api/campaigns/${campaignId}/links/${sale.id}/clickers?module=${module}`)).items as Array<{
        module: string;
        recordId: string;
        email: string;
        clicks: number;
      }>;
    expect(await clickers('leads')).toEqual([
      expect.objectContaining({ module: 'leads', recordId: ids.lea, email: address('lea'), clicks: 2 }),
    ]);
    expect(await clickers('organizations')).toEqual([
      expect.objectContaining({
        module: 'organizations',
        recordId: ids.ditta,
        email: address('info'),
        clicks: 2,
      }),
    ]);
    expect(await clickers('contacts')).toEqual([]);

    const edited = await http()
      .post(`/api/campaigns/${campaignId}/links/${sale.id}/clickers/mass-edit`)
      .set(m.auth)
      .send({ module: 'leads', all: true, fields: { status: 'CONTACTED' } })
      .expect(200);
    expect(edited.body).toEqual({ module: 'leads', edited: [ids.lea], rejected: [] });
    expect((await get(`/api/leads/${ids.lea}`)).status).toBe('CONTACTED');
    expect((await get(`/api/leads/${ids.leo}`)).status).not.toBe('CONTACTED');

    const event = await http()
      .post(`/api/campaigns/${campaignId}/links/${sale.id}/clickers/events`)
      .set(m.auth)
      .send({
        module: 'organizations',
        recordIds: [ids.ditta],
        subject: 'Richiamare: interessati ai saldi',
        startsAt: '2030-03-02T09:00:00.000Z',
      })
      .expect(201);
    expect(event.body.linked).toEqual([ids.ditta]);
    const timeline = await get(`/api/organizations/${ids.ditta}/timeline?types=CALENDAR_EVENT`);
    expect(timeline.items).toEqual([
      expect.objectContaining({ type: 'CALENDAR_EVENT', subject: 'Richiamare: interessati ai saldi' }),
    ]);
  });

  it('keeps a list deleted in MailUp as deleted history, its subscribers deleted, its messages’ statistics in the CRM', async () => {
    const before = {
      campaign: await get(`/api/campaigns/${campaignId}`),
      sends: (await get(`/api/campaigns/${campaignId}/recipients`)).items,
      links: (await get(`/api/campaigns/${campaignId}/links`)).items,
    };
    // Its messages and their statistics go with it: MailUp keeps nothing of them.
    const deleted = await f.sandbox.control(`/accounts/${m.account.username}/lists/${clienti}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    const imported = await f.importNow(m, 'lists');
    expect(imported.result).toEqual({ lists: 1, deleted: 1 });
    expect((await lists()).map((list) => [list.listId, list.status]).sort()).toEqual(
      [
        [m.listId, 'ACTIVE'],
        [clienti, 'DELETED'],
      ].sort(),
    );
    const history = (await memberships('contacts', 'carlo')).find(
      (membership) => membership.listId === clienti,
    );
    expect(history).toMatchObject({ email: address('carlo'), status: 'deleted' });
    expect((await memberships('leads', 'lea')).find((row) => row.listId === m.listId)).toMatchObject({
      status: 'subscribed',
    });

    expect(await f.importNow(m, 'campaigns')).toMatchObject({ status: 'SUCCEEDED' });
    expect(await f.importNow(m, 'campaigns/activity')).toMatchObject({ status: 'SUCCEEDED' });
    expect(await get(`/api/campaigns/${campaignId}`)).toEqual(before.campaign);
    expect((await get(`/api/campaigns/${campaignId}/recipients`)).items).toEqual(before.sends);
    expect((await get(`/api/campaigns/${campaignId}/links`)).items).toEqual(before.links);
  });

  it('uninstalls: the CRM drops its MailUp records and keeps its own, MailUp stays as it is', async () => {
    const uninstalled = await http().delete(`/api/installations/${m.installationId}`).set(m.auth).expect(200);
    expect(uninstalled.body).toMatchObject({ removed: { installation: 1, lists: 2 }, warnings: [] });
    await http().get(`/api/installations/${m.installationId}`).set(m.auth).expect(404);
    for (const [module, name] of [
      ['leads', 'lea'],
      ['organizations', 'ditta'],
      ['contacts', 'carlo'],
    ] as const) {
      await http().get(`/api/${module}/${ids[name]}`).set(m.auth).expect(200);
      expect(await memberships(module, name)).toEqual([]);
    }
    expect((await get('/api/campaigns')).items.map((c: { id: string }) => c.id)).toEqual([campaignId]);
    expect((await get(`/api/leads/${ids.lea}/campaign-activity`)).items).toHaveLength(1);
    expect((await get(`/api/organizations/${ids.ditta}/timeline?types=CALENDAR_EVENT`)).items).toHaveLength(
      1,
    );
    const groups = await f.groups(m);
    expect(groups.get('CRM Lead')).toEqual([address('lea'), address('leo')]);
    expect((await f.statuses(m)).get(address('carlo'))).toBe('OPTIN');
  });
});
