import { SchedulerRegistry } from '@nestjs/schedule';
import { eventually, MailupFixture, MailupTenant } from './mailup-fixture';

/**
 * MailUp's messages as campaigns, from the sandbox into the CRM through the real connector: the
 * messages of every list with their send history and statistics, each CRM recipient's "send"
 * (one per message and recipient, however often it was sent) with its opens, clicks, bounce and
 * unsubscribe, the links with their clicks and clickers. Recipients act through the sandbox's
 * control API; imports are asked for over HTTP and run by the worker; what the CRM shows is
 * compared with what the sandbox's own statistics say.
 */

const SALE = 'https://negozio.example.test/saldi';
const BLOG = 'https://blog.example.test/primavera?utm=1';
const DOMAIN = 'campagne.test';
const email = (name: string) => `${name}@${DOMAIN}`;

interface Counts {
  sent: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
}
interface CrmRecord {
  module: 'contacts' | 'leads';
  id: string;
}

describe('MailUp messages, statistics, links and clickers against the sandbox', () => {
  jest.setTimeout(180_000);
  let f: MailupFixture;
  let m: MailupTenant;
  const records = new Map<string, CrmRecord>();
  let spring: number;
  let draft: number;

  const get = async (path: string) => (await f.t.http().get(path).set(m.auth).expect(200)).body;
  const stats = <T>(path: string): Promise<T> => f.mailupGet<T>(m, 'stats', path);
  const control = (path: string, body: unknown) => f.control(m, path, body);

  /**
   * Asks for an import over HTTP and waits until the worker has run it: the messages with their
   * figures (hourly for MailUp), or the sends, statistics, links and clickers (daily).
   */
  async function importNow(part: 'campaigns' | 'campaigns/activity') {
    const requested = await f.t
      .http()
      .post(`/api/installations/${m.installationId}/${part}/import`)
      .set(m.auth)
      .expect(202);
    return eventually(async () => {
      const run = await get(`/api/installations/${m.installationId}/imports/${requested.body.id}`);
      if (!['SUCCEEDED', 'FAILED'].includes(run.status)) throw new Error(`import ${run.status}`);
      return run;
    }, 60_000);
  }

  /** The message's report in the CRM's terms, from the sandbox's statistics. */
  async function sandboxFigures(idMessage: number) {
    const count = (what: string) => stats<number>(`/Message/${idMessage}/Count/${what}`);
    const people = async (what: string) =>
      (await stats<{ TotalElementsCount: number }>(`/Message/${idMessage}/List/${what}?pageSize=1`))
        .TotalElementsCount;
    return {
      recipients: await count('Recipients'),
      opens: await count('Views'),
      uniqueOpens: await people('Views'),
      clicks: await count('Clicks'),
      uniqueClicks: await people('Clicks'),
      bounces: await count('Bounces'),
      unsubscribes: await count('Unsubscriptions'),
    };
  }

  async function crmActivity(address: string) {
    const record = records.get(address)!;
    const activity = await get(`/api/${record.module}/${record.id}/campaign-activity?pageSize=100`);
    return activity.items as Array<
      Counts & { campaign: { name: string }; events: Array<{ type: string; url?: string }> }
    >;
  }

  beforeAll(async () => {
    f = await MailupFixture.start();
    await f.t.app.get(SchedulerRegistry).getCronJob('connector-imports').stop();
    m = await f.tenant('Campagne');
    for (const name of ['ana', 'bruno', 'carla', 'dario']) {
      const created = await f.t
        .http()
        .post('/api/contacts')
        .set(m.auth)
        .send({ firstName: name, lastName: 'Campagne', emails: [{ email: email(name) }] })
        .expect(201);
      records.set(email(name), { module: 'contacts', id: created.body.id });
    }
    const lead = await f.t
      .http()
      .post('/api/leads')
      .set(m.auth)
      .send({ firstName: 'Berta', lastName: 'Prospetto', emails: [{ email: email('berta') }] })
      .expect(201);
    records.set(email('berta'), { module: 'leads', id: lead.body.id });

    // The list's recipients: the CRM's people, and two the CRM does not know.
    const context = await f.context(m);
    const written = await f.connector.writeMembers(
      context,
      m.listId,
      [...records.keys(), 'estraneo1@altri.test', 'estraneo2@altri.test'].map((address) => ({
        email: address,
        statusIfNew: 'subscribed' as const,
        fields: {},
      })),
    );
    expect(written.every((result) => result.ok)).toBe(true);

    spring = (
      await control('/messages', { idList: Number(m.listId), subject: 'Primavera 2026', links: [SALE, BLOG] })
    ).idMessage as number;
    await control(`/messages/${spring}/send`, {});
    const act = (name: string, body: Record<string, unknown>) =>
      control(`/messages/${spring}/activity`, { email: email(name), ...body });
    await act('ana', { views: 2, clicks: [{ url: SALE, count: 2 }] });
    await act('bruno', {
      views: 1,
      clicks: [
        { url: BLOG, count: 1 },
        { url: SALE, count: 1 },
      ],
    });
    await act('carla', { bounce: true });
    await act('berta', { views: 1, unsubscribe: true });
    // Sent again to two of them: still one send each, every sending's statistics together.
    await control(`/messages/${spring}/send`, { emails: [email('ana'), email('bruno')] });
    await act('ana', { views: 1 });
    draft = (await control('/messages', { idList: Number(m.listId), subject: 'Bozza', links: [] }))
      .idMessage as number;
  });
  afterAll(() => f?.close());

  it('imports every message with its send date and report, and each CRM recipient’s send with its activity', async () => {
    const messages = await importNow('campaigns');
    expect(messages).toMatchObject({ status: 'SUCCEEDED', kind: 'CAMPAIGNS' });
    // The hourly part: messages and their figures; sends and statistics wait for the daily one.
    expect(messages.result).toMatchObject({
      full: true,
      campaigns: { read: 2, added: 2 },
      activity: { campaignsRead: 0, recipientsRead: 0 },
    });
    const sends = await importNow('campaigns/activity');
    expect(sends).toMatchObject({ status: 'SUCCEEDED', kind: 'CAMPAIGN_ACTIVITY' });
    expect(sends.result).toMatchObject({
      activity: {
        campaignsRead: 1,
        recipientsRead: 7,
        unknownEmails: 2,
        recordsAdded: 5,
      },
      links: {
        campaignsRead: 1,
        campaignsMissing: 0,
        clickersRead: 3,
        clickersUnknown: 0,
        clickerRecords: 3,
      },
    });

    const history = await f.consoleAll<{ StartDate: string }>(
      m,
      `/List/${m.listId}/Email/${spring}/SendHistory`,
    );
    expect(history).toHaveLength(2);
    const campaigns = (await get('/api/campaigns')).items;
    const springRow = campaigns.find((c: { name: string }) => c.name === 'Primavera 2026');
    expect(springRow).toMatchObject({
      connectorKey: 'mailup',
      vendorCampaignId: `${m.listId}:${spring}`,
      subject: 'Primavera 2026',
      listId: m.listId,
      status: 'sent',
      sentAt: new Date(history[1].StartDate.replace(' ', 'T')).toISOString(),
      figures: await sandboxFigures(spring),
    });
    expect(springRow.figures).toMatchObject({
      recipients: 7,
      opens: 5,
      uniqueOpens: 3,
      clicks: 4,
      uniqueClicks: 2,
    });
    expect(campaigns.find((c: { name: string }) => c.name === 'Bozza')).toMatchObject({
      vendorCampaignId: `${m.listId}:${draft}`,
      status: 'draft',
      sentAt: null,
    });

    const expected: Record<string, Counts> = {
      ana: { sent: 1, opened: 3, clicked: 2, bounced: 0, unsubscribed: 0 },
      bruno: { sent: 1, opened: 1, clicked: 2, bounced: 0, unsubscribed: 0 },
      carla: { sent: 1, opened: 0, clicked: 0, bounced: 1, unsubscribed: 0 },
      dario: { sent: 1, opened: 0, clicked: 0, bounced: 0, unsubscribed: 0 },
      berta: { sent: 1, opened: 1, clicked: 0, bounced: 0, unsubscribed: 1 },
    };
    for (const [name, counts] of Object.entries(expected)) {
      const [line] = await crmActivity(email(name));
      expect({ name, ...line }).toMatchObject({ name, campaign: { name: 'Primavera 2026' }, ...counts });
    }
    const [bruno] = await crmActivity(email('bruno'));
    expect(
      bruno.events
        .filter((event) => event.type === 'click')
        .map((event) => event.url)
        .sort(),
    ).toEqual([BLOG, SALE].sort());

    // MailUp's link statistics on the campaign: clicks, and clickers by link.
    const detail = await get(`/api/campaigns/${springRow.id}`);
    const links = (detail.links as Array<{ url: string; clicks: number; uniqueClicks: number }>)
      .map(({ url, clicks, uniqueClicks }) => ({ url, clicks, uniqueClicks }))
      .sort((a, b) => a.url.localeCompare(b.url));
    expect(links).toEqual(
      [
        { url: SALE, clicks: 3, uniqueClicks: 2 },
        { url: BLOG, clicks: 1, uniqueClicks: 1 },
      ].sort((a, b) => a.url.localeCompare(b.url)),
    );
    // The clickers of each link, as the CRM's records that clicked it.
    const tracked = (await get(`/api/campaigns/${springRow.id}/links`)).items as Array<{
      id: string;
      url: string;
      clickers: Record<string, number>;
    }>;
    const sale = tracked.find((link) => link.url === SALE)!;
    expect(sale.clickers).toMatchObject({ contacts: 2 });
    const clickers = (await get(`/api/campaigns/${springRow.id}/links/${sale.id}/clickers`)).items as Array<{
      email: string;
      clicks: number;
    }>;
    expect(clickers.map(({ email, clicks }) => ({ email, clicks }))).toEqual([
      { email: email('ana'), clicks: 2 },
      { email: email('bruno'), clicks: 1 },
    ]);
  });

  it('answers the clickers of a link, and reads activity page by page with each recipient once', async () => {
    const context = await f.context(m);
    const campaign = `${m.listId}:${spring}`;
    const links = await f.connector.listLinks(context, campaign);
    const sale = links.find((link) => link.url === SALE)!;
    expect(sale.id).toMatch(/^url-[0-9a-f]{40}$/);
    expect(
      (await f.connector.listClickers(context, campaign, sale.id)).sort((a, b) =>
        a.email.localeCompare(b.email),
      ),
    ).toEqual([
      { email: email('ana'), clicks: 2 },
      { email: email('bruno'), clicks: 1 },
    ]);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await f.connector.readCampaignActivity(context, campaign, { cursor, pageSize: 3 });
      seen.push(...page.activity.map((recipient) => recipient.email));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...records.keys(), 'estraneo1@altri.test', 'estraneo2@altri.test'].sort());
    await expect(f.connector.listClickers(context, campaign, 'url-unknown')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refreshes figures and activity after more activity, without counting anything twice', async () => {
    await control(`/messages/${spring}/activity`, {
      email: email('dario'),
      views: 2,
      clicks: [{ url: BLOG, count: 1 }],
    });
    const messages = await importNow('campaigns');
    expect(messages.result).toMatchObject({ full: false, campaigns: { read: 1, updated: 1 } });
    const sends = await importNow('campaigns/activity');
    expect(sends.result).toMatchObject({
      activity: { campaignsRead: 1, recordsUpdated: 1, recordsUnchanged: 4 },
    });
    const [dario] = await crmActivity(email('dario'));
    expect(dario).toMatchObject({ sent: 1, opened: 2, clicked: 1 });
    const [ana] = await crmActivity(email('ana'));
    expect(ana).toMatchObject({ sent: 1, opened: 3, clicked: 2 });
    const springRow = (await get('/api/campaigns')).items.find(
      (c: { name: string }) => c.name === 'Primavera 2026',
    );
    expect(springRow.figures).toEqual(await sandboxFigures(spring));

    // Nothing new at MailUp: the report has not moved, so no recipient is read again.
    const again = await importNow('campaigns');
    expect(again.result).toMatchObject({ campaigns: { read: 1, unchanged: 1 } });
    const quiet = await importNow('campaigns/activity');
    expect(quiet.result).toMatchObject({
      activity: { campaignsRead: 0, campaignsUnchanged: 1, recipientsRead: 0 },
    });
  });
});
