import { MAILUP_DEMO_ACCOUNT } from '@crm/sandbox';
import { Json, MailupHarness, Paged, sleep } from './support/mailup-sandbox.harness';

describe('MailUp sandbox: the demo account', () => {
  let h: MailupHarness;

  beforeAll(async () => {
    h = await MailupHarness.start();
  });
  afterAll(() => h.close());

  it('is filled once, through the API, with lists, a group, recipients in every status and sent messages', async () => {
    expect(await h.sandbox.seedDemo()).toBe(true);
    // The seeding's own calls still fill the throttle's one-second window.
    await sleep(1100);
    const { user, oauthClient, company } = MAILUP_DEMO_ACCOUNT;
    const client = await h.connect({
      accountId: MAILUP_DEMO_ACCOUNT.accountId,
      username: user.username,
      password: user.password,
      clientId: oauthClient.clientId,
      clientSecret: oauthClient.clientSecret,
      admin: true,
      company,
    });
    const lists = await client.console<Paged<Json>>('GET', '/List');
    expect(lists.body.Items.map((l: { Name: string }) => l.Name)).toEqual(['Clienti', 'Prospect']);
    const [clienti, prospect] = lists.body.Items.map((l: { IdList: number }) => l.IdList);

    const count = async (idList: number, status: string) =>
      (await client.console<Paged<Json>>('GET', `/List/${idList}/Recipients/${status}?pageSize=1`)).body
        .TotalElementsCount;
    expect(await count(clienti, 'Subscribed')).toBe(100);
    // 10 unsubscribed and 4 bounced, then per newsletter one unsubscribe and one bounce.
    expect(await count(clienti, 'Unsubscribed')).toBe(20);
    expect(await count(prospect, 'Subscribed')).toBe(35);
    expect(await count(prospect, 'Pending')).toBe(25);

    const groups = await client.console<Paged<Json>>('GET', `/List/${clienti}/Groups`);
    const vip = groups.body.Items.find((g: { Name: string }) => g.Name === 'VIP');
    const members = await client.console<Paged<Json>>('GET', `/Group/${vip.idGroup}/Recipients`);
    expect(members.body.TotalElementsCount).toBe(20);
    expect(members.body.Items[0].Fields[0].Value).not.toBe('');

    const emails = await client.console<Paged<Json>>('GET', `/List/${clienti}/Emails`);
    expect(emails.body.TotalElementsCount).toBe(3);
    for (const { idMessage } of emails.body.Items) {
      const stat = async (name: string) =>
        (await client.stats<number>(`/Message/${idMessage}/Count/${name}`)).body;
      expect(await stat('Recipients')).toBeGreaterThan(90);
      expect(await stat('Views')).toBeGreaterThan(0);
      expect(await stat('Clicks')).toBeGreaterThan(0);
      expect(await stat('Bounces')).toBe(1);
      expect(await stat('Unsubscriptions')).toBe(1);
    }

    // Kept as it is on the next start.
    expect(await h.sandbox.seedDemo()).toBe(false);
    expect((await client.console('GET', '/List')).body.TotalElementsCount).toBe(2);
  });
});
