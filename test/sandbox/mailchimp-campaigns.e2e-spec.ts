import type { ListEvent } from '../../apps/sandbox/src/mailchimp/context';
import { newMember } from '../../apps/sandbox/src/mailchimp/members/member.model';
import { MemberStatus, subscriberHash } from '../../apps/sandbox/src/mailchimp/state';
import {
  MailchimpClient,
  SandboxHarness,
  rejection,
  audienceInput,
} from './support/mailchimp-sandbox.harness';

const audience = (name: string) => audienceInput(name);

const SALE = 'https://shop.example.test/sale';
const BLOG = 'https://blog.example.test/post?id=1&x=2';
/** Two tracked links; the unsubscribe merge tag and mailto: are not tracked. */
const HTML = `<html><body><p>Hola *|FNAME|*</p>
<a href="${SALE}">Sale</a> <a class="b" href='https://blog.example.test/post?id=1&amp;x=2'>Blog</a>
<a href="*|UNSUB|*">Unsubscribe</a> <a href="mailto:help@acme.test">Help</a></body></html>`;

const SETTINGS = {
  subject_line: 'Spring sale',
  title: 'Spring 2026',
  from_name: 'Acme',
  reply_to: 'news@acme.test',
};

/** 40 contacts in mixed statuses: only the 28 subscribed ones may receive a campaign. */
const CONTACTS: Array<[MemberStatus, number]> = [
  ['subscribed', 28],
  ['unsubscribed', 4],
  ['cleaned', 2],
  ['pending', 3],
  ['transactional', 2],
  ['archived', 1],
];

interface Activity {
  action: string;
  type?: string;
  url?: string;
  timestamp: string;
}
interface EmailActivity {
  email_id: string;
  email_address: string;
  activity: Activity[];
}

describe('Mailchimp sandbox: campaigns, reports and simulated delivery', () => {
  let h: SandboxHarness;
  const events: ListEvent[] = [];

  beforeAll(async () => {
    h = await SandboxHarness.start();
    h.sandbox.context.onEvent((event) => events.push(event));
  });
  afterAll(() => h.close());

  /** A fresh account with one audience holding CONTACTS (created in the state directly). */
  async function audienceWithContacts() {
    const credentials = await h.createAccount();
    const client = h.client({ apiKey: credentials.api_key });
    const list = (await client.lists.createList(audience('Newsletter'))) as { id: string };
    const account = h.sandbox.state.account(credentials.account_id)!;
    let n = 0;
    for (const [status, count] of CONTACTS)
      for (let i = 0; i < count; i++, n++)
        newMember(account, account.lists[list.id], {
          email: `person${String(n).padStart(2, '0')}@example.test`,
          status,
          mergeFields: { FNAME: `Person ${n}` },
        });
    const subscribed = Object.values(account.lists[list.id].members)
      .filter((m) => m.status === 'subscribed')
      .map((m) => m.email_address);
    return { credentials, client, listId: list.id, account, subscribed };
  }

  async function readyCampaign(client: MailchimpClient, listId: string) {
    const campaign = await client.campaigns.create({
      type: 'regular',
      recipients: { list_id: listId },
      settings: SETTINGS,
    });
    await client.campaigns.setContent(campaign.id, { html: HTML });
    return campaign as { id: string };
  }

  const deliver = (accountId: string, campaignId: string, body: Record<string, unknown>) =>
    h.control(`/accounts/${accountId}/campaigns/${campaignId}/deliver`, { body });

  it('creates, lists, reads, edits and deletes campaigns, refusing unknown lists and bad bodies', async () => {
    const { client, listId } = await audienceWithContacts();
    const created = await client.campaigns.create({
      type: 'regular',
      recipients: { list_id: listId },
      settings: { subject_line: 'Hello', from_name: 'Acme', reply_to: 'news@acme.test', title: 'First' },
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{10}$/),
      type: 'regular',
      status: 'save',
      emails_sent: 0,
      content_type: 'template',
      recipients: { list_id: listId, list_name: 'Newsletter', recipient_count: 28, list_is_active: true },
      settings: { subject_line: 'Hello', title: 'First' },
      tracking: { opens: true, html_clicks: true, text_clicks: false },
    });
    expect(created.send_time).toBeUndefined();
    const plain = await client.campaigns.create({ type: 'plaintext', settings: { subject_line: 'Plain' } });
    expect(plain.recipients).toMatchObject({ list_id: '', recipient_count: 0 });

    const all = await client.campaigns.list();
    expect(all.total_items).toBe(2);
    expect(
      (await client.campaigns.list({ type: 'plaintext' })).campaigns.map((c: { id: string }) => c.id),
    ).toEqual([plain.id]);
    expect((await client.campaigns.list({ listId })).total_items).toBe(1);
    expect((await client.campaigns.list({ status: 'sent' })).total_items).toBe(0);
    expect((await client.campaigns.list({ sinceCreateTime: '2000-01-01T00:00:00+00:00' })).total_items).toBe(
      2,
    );
    expect((await client.campaigns.list({ beforeCreateTime: '2000-01-01T00:00:00+00:00' })).total_items).toBe(
      0,
    );
    const partial = await client.campaigns.list({
      fields: ['campaigns.id', 'total_items'],
      count: 1,
      offset: 1,
    });
    expect(partial).toEqual({ campaigns: [{ id: plain.id }], total_items: 2 });
    expect(await rejection(client.campaigns.list({ status: 'finished' }))).toMatchObject({
      status: 400,
      title: 'Invalid Resource',
    });

    const edited = await client.campaigns.update(created.id, {
      settings: { subject_line: 'Hello again', from_name: 'Acme Team', reply_to: 'team@acme.test' },
    });
    expect(edited.settings).toMatchObject({
      subject_line: 'Hello again',
      from_name: 'Acme Team',
      title: 'First',
    });
    expect((await client.campaigns.get(created.id, { fields: ['settings.from_name'] })).settings).toEqual({
      from_name: 'Acme Team',
    });

    const unknownList = await rejection(
      client.campaigns.create({ type: 'regular', recipients: { list_id: 'nope000000' } }),
    );
    expect(unknownList).toMatchObject({ status: 400, title: 'Invalid Resource' });
    expect(unknownList.errors).toEqual([expect.objectContaining({ field: 'recipients.list_id' })]);
    const noType = await rejection(client.campaigns.create({ settings: { subject_line: 'x' } }));
    expect(noType).toMatchObject({ status: 400, title: 'Invalid Resource' });
    expect(noType.errors).toEqual([expect.objectContaining({ field: 'type' })]);
    const unknownSegment = await rejection(
      client.campaigns.create({
        type: 'regular',
        recipients: { list_id: listId, segment_opts: { saved_segment_id: 999 } },
      }),
    );
    expect(unknownSegment.errors).toEqual([
      expect.objectContaining({ field: 'recipients.segment_opts.saved_segment_id' }),
    ]);

    expect(await client.campaigns.remove(created.id)).toBeNull();
    expect(await rejection(client.campaigns.get(created.id))).toMatchObject({
      status: 404,
      title: 'Resource Not Found',
    });
    expect(await rejection(client.campaigns.remove(created.id))).toMatchObject({ status: 404 });
  });

  it('keeps content, extracts its tracked links at send, and refuses sends that are not ready', async () => {
    const { client, listId } = await audienceWithContacts();
    const campaign = await client.campaigns.create({ type: 'regular', recipients: { list_id: listId } });

    const notReady = await rejection(client.campaigns.send(campaign.id));
    expect(notReady).toEqual(
      expect.objectContaining({
        status: 400,
        title: 'Bad Request',
        detail: 'Your Campaign is not ready to send.',
      }),
    );
    const checklist = await client.campaigns.getSendChecklist(campaign.id);
    expect(checklist.is_ready).toBe(false);
    expect(
      checklist.items
        .filter((i: { type: string }) => i.type === 'error')
        .map((i: { heading: string }) => i.heading),
    ).toEqual(['Subject line', 'From name', 'From email address', 'Content']);
    expect(
      await rejection(
        client.campaigns.sendTestEmail(campaign.id, { test_emails: ['qa@acme.test'], send_type: 'html' }),
      ),
    ).toMatchObject({ status: 400, title: 'Bad Request', detail: 'Your Campaign is not ready to send.' });

    const content = await client.campaigns.setContent(campaign.id, { html: HTML });
    expect(content.html).toBe(HTML);
    expect(content.plain_text).toContain(`Sale (${SALE})`);
    expect(await client.campaigns.getContent(campaign.id)).toMatchObject({ html: HTML });
    expect((await client.campaigns.get(campaign.id)).content_type).toBe('html');
    // Still no subject, sender or reply-to address.
    expect(await rejection(client.campaigns.send(campaign.id))).toMatchObject({
      detail: 'Your Campaign is not ready to send.',
    });

    await client.campaigns.update(campaign.id, { settings: SETTINGS });
    expect((await client.campaigns.getSendChecklist(campaign.id)).is_ready).toBe(true);
    const badTest = await rejection(
      client.campaigns.sendTestEmail(campaign.id, { test_emails: ['not-an-address'], send_type: 'rtf' }),
    );
    expect(badTest).toMatchObject({ status: 400, title: 'Invalid Resource' });
    expect(badTest.errors).toHaveLength(2);
    expect(
      await client.campaigns.sendTestEmail(campaign.id, { test_emails: ['qa@acme.test'], send_type: 'html' }),
    ).toBeNull();
    expect((await client.campaigns.get(campaign.id)).status).toBe('save');

    // An audience with nobody subscribed cannot be sent to.
    const emptyList = await client.lists.createList(audience('Empty'));
    const toNobody = await client.campaigns.create({
      type: 'regular',
      recipients: { list_id: emptyList.id },
      settings: SETTINGS,
    });
    await client.campaigns.setContent(toNobody.id, { html: HTML });
    expect(await rejection(client.campaigns.send(toNobody.id))).toMatchObject({
      title: 'Bad Request',
      detail: 'Your Campaign is not ready to send.',
    });
  });

  it('schedules only on a future quarter hour, unschedules, replicates, and sends when the time comes', async () => {
    const { client, listId, account } = await audienceWithContacts();
    const campaign = await readyCampaign(client, listId);
    const quarter = 15 * 60_000;
    const nextQuarter = new Date(Math.ceil((Date.now() + 60 * 60_000) / quarter) * quarter);
    const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+00:00');

    const past = await rejection(
      client.campaigns.schedule(campaign.id, { schedule_time: '2020-01-01T10:00:00+00:00' }),
    );
    expect(past).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(past.detail).toMatch(/^This campaign cannot be scheduled: .*future/);
    const offQuarter = await rejection(
      client.campaigns.schedule(campaign.id, {
        schedule_time: iso(new Date(nextQuarter.getTime() + 7 * 60_000)),
      }),
    );
    expect(offQuarter.detail).toMatch(/^This campaign cannot be scheduled: .*quarter hour/);
    expect(
      await rejection(client.campaigns.schedule(campaign.id, { schedule_time: 'tomorrow' })),
    ).toMatchObject({
      title: 'Invalid Resource',
    });

    expect(await client.campaigns.schedule(campaign.id, { schedule_time: iso(nextQuarter) })).toBeNull();
    expect(await client.campaigns.get(campaign.id)).toMatchObject({
      status: 'schedule',
      send_time: iso(nextQuarter),
    });
    expect((await client.campaigns.list({ status: 'schedule' })).total_items).toBe(1);
    const editScheduled = await rejection(client.campaigns.update(campaign.id, { settings: SETTINGS }));
    expect(editScheduled).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    expect(await rejection(client.campaigns.send(campaign.id))).toMatchObject({
      status: 400,
      title: 'Bad Request',
    });

    expect(await client.campaigns.unschedule(campaign.id)).toBeNull();
    const unscheduled = await client.campaigns.get(campaign.id);
    expect(unscheduled.status).toBe('save');
    expect(unscheduled.send_time).toBeUndefined();
    expect(await rejection(client.campaigns.unschedule(campaign.id))).toMatchObject({ status: 400 });

    const copy = await client.campaigns.replicate(campaign.id);
    expect(copy).toMatchObject({
      status: 'save',
      type: 'regular',
      recipients: { list_id: listId },
      settings: { subject_line: 'Spring sale', title: 'Spring 2026 (copy 01)' },
    });
    expect(copy.id).not.toBe(campaign.id);
    expect((await client.campaigns.getContent(copy.id)).html).toBe(HTML);

    // A scheduled campaign goes out once its time has passed (moved into the past here).
    await client.campaigns.schedule(copy.id, { schedule_time: iso(nextQuarter) });
    const stored = account.campaigns[copy.id] as { send_time: string };
    stored.send_time = '2020-01-01T09:00:00+00:00';
    expect(await client.campaigns.get(copy.id)).toMatchObject({
      status: 'sent',
      send_time: '2020-01-01T09:00:00+00:00',
      emails_sent: 28,
    });
  });

  it('sends to subscribed members only, with sent rows in the report and in member activity', async () => {
    const { client, listId, account, credentials, subscribed } = await audienceWithContacts();
    const campaign = await readyCampaign(client, listId);
    expect(await rejection(client.reports.getCampaignReport(campaign.id))).toMatchObject({ status: 404 });
    const early = await deliver(credentials.account_id, campaign.id, { seed: 1 });
    expect(early.status).toBe(400);
    expect(((await early.json()) as { detail: string }).detail).toMatch(/has not been sent.*actions\/send/);

    events.length = 0;
    expect(await client.campaigns.send(campaign.id)).toBeNull();
    const sent = await client.campaigns.get(campaign.id);
    expect(sent).toMatchObject({ status: 'sent', emails_sent: 28, recipients: { recipient_count: 28 } });
    expect(Date.parse(sent.send_time)).toBeGreaterThan(Date.now() - 60_000);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'campaign',
        source: 'api',
        data: { id: campaign.id, subject: 'Spring sale', status: 'sent', reason: '', list_id: listId },
      }),
    ]);
    expect(await rejection(client.campaigns.send(campaign.id))).toMatchObject({
      status: 400,
      title: 'Bad Request',
    });
    expect(await rejection(client.campaigns.setContent(campaign.id, { html: '<p>late</p>' }))).toMatchObject({
      status: 405,
    });

    const recipients = await client.reports.getCampaignRecipients(campaign.id, { count: 1000 });
    expect(recipients.total_items).toBe(28);
    expect(recipients.sent_to.map((r: { email_address: string }) => r.email_address).sort()).toEqual(
      [...subscribed].sort(),
    );
    expect(recipients.sent_to.every((r: { status: string; open_count: number }) => r.status === 'sent')).toBe(
      true,
    );
    expect((await client.reports.getCampaignReport(campaign.id)).opens).toMatchObject({ opens_total: 0 });

    const member = subscriberHash(subscribed[0]);
    const activity = await client.lists.getListMemberActivity(listId, member);
    expect(activity.activity).toEqual([
      expect.objectContaining({ action: 'sent', campaign_id: campaign.id, title: 'Spring 2026' }),
    ]);
    const unsubscribed = Object.values(account.lists[listId].members).find(
      (m) => m.status === 'unsubscribed',
    )!;
    expect(unsubscribed.activity).toEqual([]);
    expect((await client.campaigns.list({ memberId: member })).total_items).toBe(1);
    expect(await rejection(client.reports.getCampaignRecipient(campaign.id, unsubscribed.id))).toMatchObject({
      status: 404,
    });
  });

  it('narrows the recipients to a saved segment or tag, and to inline conditions', async () => {
    const { client, listId, subscribed } = await audienceWithContacts();
    const unsubscribed = 'person28@example.test';
    const segment = await client.lists.createSegment(listId, {
      name: 'VIPs',
      static_segment: [...subscribed.slice(0, 3), unsubscribed],
    });
    const toSegment = await client.campaigns.create({
      type: 'regular',
      recipients: { list_id: listId, segment_opts: { saved_segment_id: segment.id } },
      settings: SETTINGS,
    });
    expect(toSegment.recipients).toMatchObject({ recipient_count: 3, segment_text: 'Segment: VIPs' });
    await client.campaigns.setContent(toSegment.id, { html: HTML });
    await client.campaigns.send(toSegment.id);
    const sentTo = await client.reports.getCampaignRecipients(toSegment.id);
    expect(sentTo.sent_to.map((r: { email_address: string }) => r.email_address).sort()).toEqual(
      subscribed.slice(0, 3).sort(),
    );

    const byConditions = await client.campaigns.create({
      type: 'regular',
      recipients: {
        list_id: listId,
        segment_opts: {
          match: 'any',
          conditions: [{ condition_type: 'EmailAddress', field: 'EMAIL', op: 'starts', value: 'person0' }],
        },
      },
    });
    // person00…person09 are all subscribed.
    expect(byConditions.recipients.recipient_count).toBe(10);
  });

  it('simulates delivery from a seed: report, email activity, clicks, opens, sent-to and unsubscribes agree', async () => {
    const { client, listId, account, credentials } = await audienceWithContacts();
    const campaign = await readyCampaign(client, listId);
    await client.campaigns.send(campaign.id);
    events.length = 0;
    const response = await deliver(credentials.account_id, campaign.id, {
      seed: 7,
      openRate: 0.6,
      clickRate: 0.3,
      bounceRate: 0.15,
      unsubscribeRate: 0.15,
    });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Record<string, number>;
    expect(summary).toMatchObject({ campaign_id: campaign.id, seed: 7, wave: 1, emails_sent: 28 });

    const report = await client.reports.getCampaignReport(campaign.id);
    const activity = (await client.reports.getEmailActivityForCampaign(campaign.id, { count: 1000 }))
      .emails as EmailActivity[];
    expect(activity).toHaveLength(28);
    const all = activity.flatMap((e) => e.activity.map((a) => ({ ...a, email: e.email_address })));
    const of = (action: string) => all.filter((a) => a.action === action);
    const who = (action: string) => new Set(of(action).map((a) => a.email));
    const bounces = of('bounce').length;
    expect(bounces).toBeGreaterThan(0);
    expect(of('click').length).toBeGreaterThan(0);
    expect(report).toMatchObject({
      id: campaign.id,
      campaign_title: 'Spring 2026',
      subject_line: 'Spring sale',
      list_id: listId,
      emails_sent: 28,
      send_time: (await client.campaigns.get(campaign.id)).send_time,
      bounces: {
        hard_bounces: of('bounce').filter((a) => a.type === 'hard').length,
        soft_bounces: of('bounce').filter((a) => a.type === 'soft').length,
        syntax_errors: 0,
      },
      opens: { opens_total: of('open').length, unique_opens: who('open').size },
      clicks: { clicks_total: of('click').length, unique_subscriber_clicks: who('click').size },
    });
    expect(report.opens.open_rate).toBeCloseTo(who('open').size / (28 - bounces));
    expect(report.clicks.click_rate).toBeCloseTo(who('click').size / (28 - bounces));
    expect(summary.opens_total).toBe(report.opens.opens_total);
    const series = report.timeseries as Array<Record<string, number>>;
    expect(series).toHaveLength(24);
    const total = (key: string) => series.reduce((sum, bucket) => sum + bucket[key], 0);
    expect([total('emails_sent'), total('unique_opens'), total('recipients_clicks')]).toEqual([
      28,
      who('open').size,
      who('click').size,
    ]);
    expect((await client.campaigns.get(campaign.id)).report_summary).toMatchObject({
      opens: report.opens.opens_total,
      unique_opens: report.opens.unique_opens,
      clicks: report.clicks.clicks_total,
      subscriber_clicks: report.clicks.unique_subscriber_clicks,
    });
    const listed = await client.reports.getAllCampaignReports();
    expect(listed.reports.map((r: { id: string }) => r.id)).toEqual([campaign.id]);

    // Click details: the campaign's two real links, figures matching the activity.
    const clicks = await client.reports.getCampaignClickDetails(campaign.id);
    expect(clicks.urls_clicked.map((u: { url: string }) => u.url)).toEqual([SALE, BLOG]);
    let uniqueClicks = 0;
    for (const link of clicks.urls_clicked as Array<Record<string, never>>) {
      const linkClicks = of('click').filter((a) => a.url === link.url);
      const clickers = new Set(linkClicks.map((a) => a.email));
      uniqueClicks += clickers.size;
      expect(link).toMatchObject({ total_clicks: linkClicks.length, unique_clicks: clickers.size });
      expect(link.click_percentage).toBeCloseTo(linkClicks.length / of('click').length);
      expect(await client.reports.getCampaignClickDetailsForLink(campaign.id, link.id)).toEqual(link);
      const members = await client.reports.getSubscribersInfo(campaign.id, link.id, { count: 1000 });
      expect(new Set(members.members.map((m: { email_address: string }) => m.email_address))).toEqual(
        clickers,
      );
      for (const m of members.members as Array<{ email_id: string; email_address: string; clicks: number }>) {
        expect(m.clicks).toBe(linkClicks.filter((a) => a.email === m.email_address).length);
        expect(await client.reports.getSubscriberInfo(campaign.id, link.id, m.email_id)).toMatchObject({
          clicks: m.clicks,
          url_id: link.id,
        });
      }
    }
    expect(report.clicks.unique_clicks).toBe(uniqueClicks);

    // Sent-to: bounce statuses and open counts per recipient.
    const sentTo = (await client.reports.getCampaignRecipients(campaign.id, { count: 1000 }))
      .sent_to as Array<Record<string, never>>;
    for (const entry of sentTo) {
      const mine = all.filter((a) => a.email === entry.email_address);
      const bounce = mine.find((a) => a.action === 'bounce');
      expect(entry.status).toBe(bounce ? bounce.type : 'sent');
      expect(entry.open_count).toBe(mine.filter((a) => a.action === 'open').length);
    }
    const opener = activity.find((e) => e.activity.some((a) => a.action === 'open'))!;
    expect(await client.reports.getCampaignRecipient(campaign.id, opener.email_id)).toMatchObject({
      email_address: opener.email_address,
      open_count: opener.activity.filter((a) => a.action === 'open').length,
    });
    expect(await client.reports.getEmailActivityForSubscriber(campaign.id, opener.email_id)).toMatchObject({
      email_address: opener.email_address,
      activity: opener.activity,
    });

    // Open details.
    const opens = await client.reports.getCampaignOpenDetails(campaign.id, { count: 1000 });
    expect(opens).toMatchObject({ total_opens: of('open').length, total_items: who('open').size });

    // Unsubscribes: in the report, on the member, announced as user unsubscribes of this campaign.
    const unsubs = await client.reports.getUnsubscribedListForCampaign(campaign.id, { count: 1000 });
    expect(unsubs.total_items).toBe(report.unsubscribed);
    expect(report.unsubscribed).toBeGreaterThan(0);
    const list = account.lists[listId];
    for (const u of unsubs.unsubscribes as Array<{ email_id: string; reason: string }>) {
      const member = await client.lists.getListMember(listId, u.email_id);
      expect(member).toMatchObject({ status: 'unsubscribed', unsubscribe_reason: u.reason });
      expect(list.members[u.email_id].statusSource).toBe('user');
      expect(await client.reports.getUnsubscribedListMember(campaign.id, u.email_id)).toMatchObject({
        reason: u.reason,
      });
    }
    const unsubscribeEvents = events.filter((e) => e.type === 'unsubscribe');
    expect(unsubscribeEvents.map((e) => e.member!.id).sort()).toEqual(
      unsubs.unsubscribes.map((u: { email_id: string }) => u.email_id).sort(),
    );
    expect(unsubscribeEvents.every((e) => e.source === 'user' && e.data?.campaign_id === campaign.id)).toBe(
      true,
    );

    // Hard bounces clean the contact and are announced as `cleaned` (reason hard).
    const hard = of('bounce')
      .filter((a) => a.type === 'hard')
      .map((a) => subscriberHash(a.email));
    expect(hard.map((id) => list.members[id].status)).toEqual(hard.map(() => 'cleaned'));
    const cleaned = events.filter((e) => e.type === 'cleaned');
    expect(cleaned.map((e) => e.member!.id).sort()).toEqual([...hard].sort());
    expect(cleaned.every((e) => e.source === 'user' && e.data?.reason === 'hard')).toBe(true);

    // Member activity shows the same story.
    const clicker = activity.find((e) => e.activity.some((a) => a.action === 'click'))!;
    const memberActivity = (await client.lists.getListMemberActivity(listId, clicker.email_id))
      .activity as Activity[];
    expect(
      memberActivity
        .filter((a) => a.action === 'click')
        .map((a) => a.url)
        .sort(),
    ).toEqual(
      clicker.activity
        .filter((a) => a.action === 'click')
        .map((a) => a.url)
        .sort(),
    );
    expect(memberActivity.some((a) => a.action === 'sent')).toBe(true);

    // Incremental reads: nothing after now; a second wave adds activity but no bounces.
    const future = '2999-01-01T00:00:00+00:00';
    expect(
      (await client.reports.getEmailActivityForCampaign(campaign.id, { since: future })).total_items,
    ).toBe(0);
    const sinceSend = await client.reports.getEmailActivityForCampaign(campaign.id, {
      since: '2000-01-01T00:00:00+00:00',
      count: 1000,
    });
    expect(sinceSend.total_items).toBe(activity.filter((e) => e.activity.length > 0).length);
    const second = (await (await deliver(credentials.account_id, campaign.id, { seed: 8 })).json()) as Record<
      string,
      number
    >;
    expect(second).toMatchObject({
      wave: 2,
      hard_bounces: summary.hard_bounces,
      soft_bounces: summary.soft_bounces,
    });
    expect(second.opens_total).toBeGreaterThanOrEqual(summary.opens_total);
  });

  it('gives the same figures for the same seed on two fresh accounts', async () => {
    const figures = async (seed: number) => {
      const { client, listId, credentials } = await audienceWithContacts();
      const campaign = await readyCampaign(client, listId);
      await client.campaigns.send(campaign.id);
      await deliver(credentials.account_id, campaign.id, { seed });
      const report = await client.reports.getCampaignReport(campaign.id, {
        fields: [
          'emails_sent',
          'unsubscribed',
          'bounces',
          'opens.opens_total',
          'opens.unique_opens',
          'clicks',
        ],
      });
      delete report.clicks.last_click;
      const activity = await client.reports.getEmailActivityForCampaign(campaign.id, { count: 1000 });
      const story = (activity.emails as EmailActivity[]).map(
        (e) =>
          `${e.email_address}: ${e.activity.map((a) => `${a.action}${a.type ?? ''}${a.url ?? ''}`).join(',')}`,
      );
      return { report, story };
    };
    const first = await figures(2024);
    expect(await figures(2024)).toEqual(first);
    expect((await figures(99)).story).not.toEqual(first.story);
  });

  it('validates delivery requests', async () => {
    const { client, listId, credentials } = await audienceWithContacts();
    const campaign = await readyCampaign(client, listId);
    await client.campaigns.send(campaign.id);
    const bad = await deliver(credentials.account_id, campaign.id, { openRate: 2, seed: -1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'openRate',
      'seed',
    ]);
    expect((await deliver(credentials.account_id, 'nope', {})).status).toBe(404);
    const defaults = await deliver(credentials.account_id, campaign.id, {});
    expect(defaults.status).toBe(200);
    expect(((await defaults.json()) as { seed: number }).seed).toEqual(expect.any(Number));
  });

  it('conforms to the OpenAPI copy of the official spec in every exchange above', () => {
    expect(h.exchanges.length).toBeGreaterThan(50);
    expect(h.conformance()).toEqual([]);
  });
});
