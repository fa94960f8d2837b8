import { createHash } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ImportScheduler } from '@crm/connector-sdk';
import { fakeDateOnly } from '../sandbox/support/mailchimp-sandbox.harness';
import { databaseKinds, REDIS_URL } from '../support/databases';
import { describeWithRedis } from '../support/service-gates';
import { eventually, MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

/**
 * Campaigns, their reports and each recipient's activity, from the Mailchimp sandbox into the CRM
 * through the real connector: campaigns made and sent with the official client, what recipients do
 * simulated by the sandbox's delivery control, imports asked for over HTTP and run by the worker.
 * What the CRM shows is compared with what the sandbox's own reports say.
 */

const DAY_MS = 24 * 3600 * 1000;
const SALE = 'https://tienda.example.test/rebajas';
const BLOG = 'https://blog.example.test/primavera?utm=1';
const HTML = `<html><body><p>Hola *|FNAME|*</p>
<a href="${SALE}">Rebajas</a> <a href="${BLOG}">Blog</a> <a href="*|UNSUB|*">Baja</a></body></html>`;

/**
 * Recipients are listed by address: these contacts sort before the unknown audience members and
 * so come on the first activity page; the `z…` ones sort after them, on the second.
 */
const FIRST_PAGE = ['ana', 'bruno', 'carla', 'diego', 'elena', 'fabio'];
const SECOND_PAGE = ['zaida', 'zenon', 'zoe', 'zulema'];
const LEAD = 'berta';
const UNKNOWN = 240;
const DOMAIN = 'campanas.test';
const RECORDS = FIRST_PAGE.length + SECOND_PAGE.length + 1;
const RECIPIENTS = RECORDS + UNKNOWN;
const email = (name: string) => `${name}@${DOMAIN}`;

type EventType = 'sent' | 'open' | 'click' | 'bounce' | 'unsubscribe';
interface CrmEvent {
  type: EventType;
  at: string;
  url?: string;
}
interface Counts {
  sent: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
}
interface SandboxRecipient {
  events: CrmEvent[];
  counts: Counts;
}
interface CrmRecord {
  module: 'contacts' | 'leads';
  id: string;
  email: string;
}

const byTime = (a: CrmEvent, b: CrmEvent) =>
  a.at.localeCompare(b.at) || a.type.localeCompare(b.type) || (a.url ?? '').localeCompare(b.url ?? '');
const utc = (time: string) => new Date(time).toISOString();

function countsOf(events: CrmEvent[]): Counts {
  const of = (type: EventType) => events.filter((event) => event.type === type).length;
  return {
    sent: of('sent'),
    opened: of('open'),
    clicked: of('click'),
    bounced: of('bounce'),
    unsubscribed: of('unsubscribe'),
  };
}

interface Link {
  url: string;
  clicks: number;
  uniqueClicks: number;
}
const byUrl = (links: Link[]) => [...links].sort((a, b) => a.url.localeCompare(b.url));

/** The timeline line for a campaign and its counts (`Campaign "X": sent, opened 2×, …`). */
function timelineLine(name: string, counts: Counts): string {
  const parts = ['sent'];
  if (counts.opened) parts.push(`opened ${counts.opened}×`);
  if (counts.clicked) parts.push(`clicked ${counts.clicked}×`);
  if (counts.bounced) parts.push('bounced');
  if (counts.unsubscribed) parts.push('unsubscribed');
  return `Campaign "${name}": ${parts.join(', ')}`;
}

const get = async (f: MailchimpFixture, m: MailchimpTenant, path: string) =>
  (await f.t.http().get(path).set(m.auth).expect(200)).body;

async function sendCampaign(m: MailchimpTenant, title: string, subject: string): Promise<string> {
  const campaign = (await m.mailchimp.campaigns.create({
    type: 'regular',
    recipients: { list_id: m.listId },
    settings: { title, subject_line: subject, from_name: 'Acme', reply_to: 'news@acme.test' },
  })) as { id: string };
  await m.mailchimp.campaigns.setContent(campaign.id, { html: HTML });
  await m.mailchimp.campaigns.send(campaign.id);
  return campaign.id;
}

const deliver = (f: MailchimpFixture, m: MailchimpTenant, campaignId: string, wave: Record<string, number>) =>
  f.control(m, `/campaigns/${campaignId}/deliver`, wave);

/** The report's figures in the CRM's terms. */
async function sandboxFigures(m: MailchimpTenant, campaignId: string) {
  const report = await m.mailchimp.reports.getCampaignReport(campaignId);
  return {
    recipients: report.emails_sent,
    opens: report.opens.opens_total,
    uniqueOpens: report.opens.unique_opens,
    clicks: report.clicks.clicks_total,
    uniqueClicks: report.clicks.unique_subscriber_clicks,
    bounces: report.bounces.hard_bounces + report.bounces.soft_bounces + report.bounces.syntax_errors,
    unsubscribes: report.unsubscribed,
  };
}

/** Each link of the campaign with its clicks, as the report's click details list them. */
async function sandboxLinks(m: MailchimpTenant, campaignId: string) {
  const details = await m.mailchimp.reports.getCampaignClickDetails(campaignId, { count: 1000 });
  return byUrl(
    (details.urls_clicked as Array<{ url: string; total_clicks: number; unique_clicks: number }>).map(
      (link) => ({ url: link.url, clicks: link.total_clicks, uniqueClicks: link.unique_clicks }),
    ),
  );
}

/**
 * What an import of these campaigns counts of their links' clickers, from the sandbox's click
 * details: every clicker listed, those that are no CRM record's, and the others matched (here
 * each known address is one record's).
 */
async function sandboxClickers(m: MailchimpTenant, campaignIds: string[], known: Map<string, unknown>) {
  let clickersRead = 0;
  let clickersUnknown = 0;
  for (const campaignId of campaignIds) {
    const details = await m.mailchimp.reports.getCampaignClickDetails(campaignId, { count: 1000 });
    for (const link of details.urls_clicked as Array<{ id: string }>) {
      const clickers = await m.mailchimp.reports.getSubscribersInfo(campaignId, link.id, { count: 1000 });
      for (const clicker of clickers.members as Array<{ email_address: string }>) {
        clickersRead += 1;
        if (!known.has(clicker.email_address)) clickersUnknown += 1;
      }
    }
  }
  return { clickersRead, clickersUnknown, clickerRecords: clickersRead - clickersUnknown };
}

/** What each recipient did, by address, as the sandbox's reports tell it. */
async function sandboxRecipients(
  m: MailchimpTenant,
  campaignId: string,
): Promise<Map<string, SandboxRecipient>> {
  const campaign = await m.mailchimp.campaigns.get(campaignId);
  const activity = await m.mailchimp.reports.getEmailActivityForCampaign(campaignId, { count: 1000 });
  const unsubscribes = await m.mailchimp.reports.getUnsubscribedListForCampaign(campaignId, {
    count: 1000,
  });
  const recipients = new Map<string, SandboxRecipient>();
  for (const entry of activity.emails as Array<{
    email_address: string;
    activity: Array<{ action: EventType; timestamp: string; url?: string }>;
  }>) {
    const events: CrmEvent[] = [
      { type: 'sent', at: utc(campaign.send_time) },
      ...entry.activity.map((action) => ({
        type: action.action,
        at: utc(action.timestamp),
        ...(action.url ? { url: action.url } : {}),
      })),
    ];
    recipients.set(entry.email_address, { events, counts: countsOf(events) });
  }
  for (const unsubscribe of unsubscribes.unsubscribes as Array<{
    email_address: string;
    timestamp: string;
  }>)
    recipients
      .get(unsubscribe.email_address)!
      .events.push({ type: 'unsubscribe', at: utc(unsubscribe.timestamp) });
  for (const recipient of recipients.values()) {
    recipient.events.sort(byTime);
    recipient.counts = countsOf(recipient.events);
  }
  return recipients;
}

/** Reads from the sandbox that touched this campaign since exchange number `from`. */
const readsOf = (f: MailchimpFixture, campaignId: string, from = 0) =>
  f.sandbox.exchanges
    .slice(from)
    .filter((exchange) => exchange.method === 'GET' && exchange.path.includes(`/${campaignId}`))
    .map((exchange) => exchange.path);

/**
 * The hourly schedule for one Mailchimp installation: a due slot queues its campaign import once,
 * however often the scheduler ticks, and the worker runs it against the sandbox.
 */
async function hourlyImport(f: MailchimpFixture): Promise<void> {
  const m = await f.tenant('Cada hora');
  const contact = await f.contact(m, { firstName: 'Horacio', emails: [{ email: 'horacio@hora.test' }] });
  await f.sync(m);
  const campaign = await sendCampaign(m, 'Boletín horario', 'Novedades');
  await deliver(f, m, campaign, { seed: 1, openRate: 1, clickRate: 0.5 });
  const scheduler = f.t.app.get(ImportScheduler);
  const now = new Date();

  expect(await scheduler.tick(now)).toContain(`CAMPAIGNS:${m.installationId}`);
  expect(await scheduler.tick(now)).not.toContain(`CAMPAIGNS:${m.installationId}`);

  const run = await eventually(async () => {
    const runs = await get(f, m, `/api/installations/${m.installationId}/imports?kind=CAMPAIGNS`);
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0].status).toBe('SUCCEEDED');
    return runs.items[0];
  }, 60_000);
  expect(run).toMatchObject({ trigger: 'SCHEDULE', requestedById: null, result: { full: true } });
  const campaigns = await get(f, m, '/api/campaigns');
  expect(campaigns.items).toEqual([
    expect.objectContaining({ vendorCampaignId: campaign, figures: await sandboxFigures(m, campaign) }),
  ]);
  const activity = await get(f, m, `/api/contacts/${contact.id}/campaign-activity`);
  expect(activity.totals).toMatchObject({ campaigns: 1, sent: 1 });
  expect(activity.totals.opened).toBeGreaterThan(0);
}

/** The fixture with the hourly cron stopped: the tests tick the scheduler themselves. */
async function startFixture(...args: Parameters<typeof MailchimpFixture.start>): Promise<MailchimpFixture> {
  const f = await MailchimpFixture.start(...args);
  await f.t.app.get(SchedulerRegistry).getCronJob('connector-imports').stop();
  return f;
}

describe.each(databaseKinds)('Mailchimp campaigns and activity against the sandbox (%s)', (kind) => {
  jest.setTimeout(180_000);
  let f: MailchimpFixture;

  beforeAll(async () => {
    f = await startFixture(kind);
  });
  afterAll(() => f?.close());

  describe('a tenant with two sent campaigns, a draft and more recipients than one activity page', () => {
    let m: MailchimpTenant;
    const records = new Map<string, CrmRecord>();
    let spring: string;
    let winter: string;
    let crmSpringId: string;
    let crmWinter: { id: string; figures: Record<string, number>; links: Link[] };

    /** The CRM's activity of one record for one campaign. */
    async function crmActivity(record: CrmRecord, campaignId: string) {
      const activity = await get(f, m, `/api/${record.module}/${record.id}/campaign-activity?pageSize=100`);
      return activity.items.find((item: { campaign: { id: string } }) => item.campaign.id === campaignId);
    }

    /** Every CRM record's activity and timeline entry equals what the sandbox reports for it. */
    async function expectActivityAsReported(expected: Map<string, SandboxRecipient>) {
      for (const record of records.values()) {
        const reported = expected.get(record.email)!;
        const line = await crmActivity(record, crmSpringId);
        expect({ email: record.email, ...line }).toMatchObject({
          email: record.email,
          ...reported.counts,
        });
        expect([...line.events].sort(byTime)).toEqual(reported.events);
        const timeline = await get(f, m, `/api/${record.module}/${record.id}/timeline?types=CAMPAIGN_EVENT`);
        expect(timeline.items).toHaveLength(1);
        expect(timeline.items[0]).toMatchObject({
          subject: timelineLine('Primavera 2026', reported.counts),
          source: 'mailchimp',
          meta: { campaignId: crmSpringId, email: record.email, ...reported.counts },
          links: [{ module: record.module, recordId: record.id }],
        });
      }
      const recipients = await get(f, m, `/api/campaigns/${crmSpringId}/recipients?pageSize=100`);
      expect(recipients.total).toBe(RECORDS);
      for (const row of recipients.items as Array<CrmRecord & Counts & { recordId: string }>) {
        expect(records.get(row.email)).toMatchObject({ module: row.module, id: row.recordId });
        expect(row).toMatchObject(expected.get(row.email)!.counts);
      }
    }

    beforeAll(async () => {
      m = await f.tenant('Campañas', { syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR' });
      const contact = async (name: string) => {
        const created = await f.contact(m, {
          firstName: name[0].toUpperCase() + name.slice(1),
          lastName: 'Campañas',
          emails: [{ email: email(name) }],
        });
        records.set(email(name), { module: 'contacts', id: created.id, email: email(name) });
      };
      for (const name of FIRST_PAGE) await contact(name);
      for (const name of SECOND_PAGE) await contact(name);
      const lead = await f.t
        .http()
        .post('/api/leads')
        .set(m.auth)
        .send({ firstName: 'Berta', lastName: 'Prospecto', emails: [{ email: email(LEAD) }] })
        .expect(201);
      records.set(email(LEAD), { module: 'leads', id: lead.body.id, email: email(LEAD) });
      await f.sync(m);
      // The lead subscribed on a form; the other subscribers are people the CRM does not know.
      await m.mailchimp.lists.setListMember(m.listId, createHash('md5').update(email(LEAD)).digest('hex'), {
        email_address: email(LEAD),
        status_if_new: 'subscribed',
      });
      const strangers = Array.from({ length: UNKNOWN }, (_, i) => ({
        email_address: `filler-${String(i).padStart(3, '0')}@otros.test`,
        status: 'subscribed',
      }));
      const batch = await m.mailchimp.lists.batchListMembers(m.listId, { members: strangers });
      expect(batch.error_count).toBe(0);
      const audience = await m.mailchimp.lists.getListMembersInfo(m.listId, {
        status: 'subscribed',
        count: 1,
      });
      expect(audience.total_items).toBe(RECIPIENTS);

      // "Invierno" went out 45 days ago, outside the window whose campaigns are refreshed.
      fakeDateOnly();
      try {
        jest.setSystemTime(Date.now() - 45 * DAY_MS);
        winter = await sendCampaign(m, 'Invierno 2026', 'Ofertas de invierno');
        // Opens and clicks only: every address stays subscribed for the next campaign.
        await deliver(f, m, winter, {
          seed: 3,
          openRate: 0.5,
          clickRate: 0.2,
          bounceRate: 0,
          unsubscribeRate: 0,
        });
      } finally {
        jest.useRealTimers();
      }
      spring = await sendCampaign(m, 'Primavera 2026', '20% en primavera');
      await deliver(f, m, spring, {
        seed: 2,
        openRate: 0.6,
        clickRate: 0.3,
        bounceRate: 0.25,
        unsubscribeRate: 0.25,
      });
      await m.mailchimp.campaigns.create({
        type: 'regular',
        recipients: { list_id: m.listId },
        settings: { title: 'Borrador', subject_line: 'Aún no' },
      });
    });

    it('imports every campaign with its report figures, and each CRM recipient’s activity across activity pages', async () => {
      const expected = await sandboxRecipients(m, spring);
      // The simulated wave reached CRM records in every way the import must carry.
      const known = [...records.keys()].map((address) => expected.get(address)!.counts);
      expect(known.some((c) => c.opened > 0)).toBe(true);
      expect(known.some((c) => c.clicked > 0)).toBe(true);
      expect(known.some((c) => c.bounced > 0)).toBe(true);
      expect(known.some((c) => c.unsubscribed > 0)).toBe(true);
      expect(SECOND_PAGE.some((name) => expected.get(email(name))!.counts.opened > 0)).toBe(true);
      const clickers = await sandboxClickers(m, [spring, winter], records);
      expect(clickers.clickerRecords).toBeGreaterThan(0);
      const from = f.sandbox.exchanges.length;

      const run = await f.importNow(m, 'campaigns');

      expect(run).toMatchObject({ status: 'SUCCEEDED', trigger: 'MANUAL', kind: 'CAMPAIGNS' });
      expect(run.result).toEqual({
        full: true,
        campaigns: { read: 3, added: 3, updated: 0, unchanged: 0 },
        activity: {
          // Only "Primavera" was sent within the refresh window.
          campaignsRead: 1,
          campaignsUnchanged: 0,
          campaignsMissing: 0,
          recipientsRead: RECIPIENTS,
          unknownEmails: UNKNOWN,
          recordsAdded: RECORDS,
          recordsUpdated: 0,
          recordsUnchanged: 0,
        },
        // "Primavera" with its activity, "Invierno" once as it arrives.
        links: { campaignsRead: 2, campaignsMissing: 0, ...clickers },
      });
      // More recipients than one page: the activity was read in two pages.
      expect(readsOf(f, spring, from).filter((path) => path.endsWith('/email-activity'))).toHaveLength(2);
      expect(readsOf(f, winter, from).filter((path) => path.endsWith('/email-activity'))).toEqual([]);

      const campaigns = await get(f, m, '/api/campaigns');
      expect(campaigns.items.map((c: { name: string }) => c.name)).toEqual([
        'Primavera 2026',
        'Invierno 2026',
        'Borrador',
      ]);
      const [crmSpring, crmWinterRow, draft] = campaigns.items;
      const sandboxSpring = await m.mailchimp.campaigns.get(spring);
      expect(crmSpring).toMatchObject({
        installationId: m.installationId,
        connectorKey: 'mailchimp',
        vendorCampaignId: spring,
        subject: '20% en primavera',
        listId: m.listId,
        status: 'sent',
        sentAt: utc(sandboxSpring.send_time),
        figures: await sandboxFigures(m, spring),
      });
      expect(crmWinterRow).toMatchObject({
        vendorCampaignId: winter,
        figures: await sandboxFigures(m, winter),
      });
      expect(Date.now() - Date.parse(crmWinterRow.sentAt)).toBeGreaterThan(44 * DAY_MS);
      expect(draft).toMatchObject({ status: 'save', sentAt: null, figures: { recipients: 0, opens: 0 } });
      crmSpringId = crmSpring.id;

      // Mailchimp's click performance: each link with its clicks, on the campaign.
      const detail = await get(f, m, `/api/campaigns/${crmSpringId}`);
      expect(detail).toEqual({ ...crmSpring, links: expect.any(Array) });
      expect(byUrl(detail.links)).toEqual(await sandboxLinks(m, spring));
      expect(detail.links.map((link: { url: string }) => link.url).sort()).toEqual([BLOG, SALE].sort());
      crmWinter = await get(f, m, `/api/campaigns/${crmWinterRow.id}`);
      expect(byUrl(crmWinter.links)).toEqual(await sandboxLinks(m, winter));

      await expectActivityAsReported(expected);
    });

    it('refreshes figures and activity after more activity, without duplicates, and leaves old campaigns unread', async () => {
      const before = await sandboxRecipients(m, spring);
      const winterBefore = await sandboxFigures(m, winter);
      await deliver(f, m, spring, { seed: 8, openRate: 0.6, clickRate: 0.3, unsubscribeRate: 0.1 });
      await deliver(f, m, winter, { seed: 4, openRate: 0.6, clickRate: 0.3, unsubscribeRate: 0 });
      const after = await sandboxRecipients(m, spring);
      const moved = [...records.keys()].filter(
        (address) => JSON.stringify(before.get(address)) !== JSON.stringify(after.get(address)),
      );
      expect(moved.length).toBeGreaterThan(0);
      expect(await sandboxFigures(m, winter)).not.toEqual(winterBefore);
      const clickers = await sandboxClickers(m, [spring], records);
      const from = f.sandbox.exchanges.length;

      const run = await f.importNow(m, 'campaigns');

      expect(run.status).toBe('SUCCEEDED');
      expect(run.result).toEqual({
        full: false,
        campaigns: { read: 1, added: 0, updated: 1, unchanged: 0 },
        activity: {
          campaignsRead: 1,
          campaignsUnchanged: 0,
          campaignsMissing: 0,
          recipientsRead: RECIPIENTS,
          unknownEmails: UNKNOWN,
          recordsAdded: 0,
          recordsUpdated: moved.length,
          recordsUnchanged: RECORDS - moved.length,
        },
        links: { campaignsRead: 1, campaignsMissing: 0, ...clickers },
      });
      const crmSpring = await get(f, m, `/api/campaigns/${crmSpringId}`);
      expect(crmSpring.figures).toEqual(await sandboxFigures(m, spring));
      expect(byUrl(crmSpring.links)).toEqual(await sandboxLinks(m, spring));
      await expectActivityAsReported(after);

      // "Invierno" is older than the refresh window: not read again, figures and links as first imported.
      expect(readsOf(f, winter, from)).toEqual([]);
      expect(await sandboxLinks(m, winter)).not.toEqual(byUrl(crmWinter.links));
      expect(await get(f, m, `/api/campaigns/${crmWinter.id}`)).toEqual(crmWinter);

      // Nothing new at Mailchimp: the report is the same, so no recipient is read again.
      const quiet = f.sandbox.exchanges.length;
      const again = await f.importNow(m, 'campaigns');
      expect(again.result).toMatchObject({
        campaigns: { read: 1, unchanged: 1 },
        activity: { campaignsRead: 0, campaignsUnchanged: 1, recipientsRead: 0 },
      });
      expect(readsOf(f, spring, quiet)).toEqual([]);
      await expectActivityAsReported(after);
    });
  });

  it('imports on the hourly schedule: a due slot queues the import once and the worker completes it', () =>
    hourlyImport(f));
});

describeWithRedis('Mailchimp imports on the hourly schedule through BullMQ (sqlite)', () => {
  jest.setTimeout(120_000);
  let f: MailchimpFixture;

  beforeAll(async () => {
    f = await startFixture('sqlite', undefined, {
      queue: { kind: 'bullmq', redisUrl: REDIS_URL, prefix: `crm-mc-imports-${Date.now()}` },
    });
  });
  afterAll(() => f?.close());

  it('queues the due import in Redis once and a worker completes it against the sandbox', () =>
    hourlyImport(f));
});
