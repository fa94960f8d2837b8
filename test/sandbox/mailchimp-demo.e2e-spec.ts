import { DEMO_ACCOUNT } from '@crm/sandbox';
import { SandboxHarness } from './support/mailchimp-sandbox.harness';

describe('Mailchimp sandbox: the demo account', () => {
  let h: SandboxHarness;

  beforeAll(async () => {
    h = await SandboxHarness.start();
  });
  afterAll(() => h.close());

  it('is filled once, through the API, with audiences, members in every status, campaigns and carts', async () => {
    expect(await h.sandbox.seedDemo()).toBe(true);
    const client = h.client({ apiKey: DEMO_ACCOUNT.apiKey });
    const { lists } = await client.lists.getAllLists();
    expect(lists.map((l: { name: string }) => l.name)).toEqual(['Clientes', 'Prospectos']);

    const statuses = new Map<string, number>();
    for (const list of lists)
      for (const status of [
        'subscribed',
        'unsubscribed',
        'cleaned',
        'pending',
        'transactional',
        'archived',
      ]) {
        const page = await client.lists.getListMembersInfo(list.id, { status, count: 1 });
        statuses.set(status, (statuses.get(status) ?? 0) + page.total_items);
      }
    for (const status of statuses.keys()) expect(statuses.get(status)).toBeGreaterThan(0);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(300);
    const fields = await client.lists.getListMergeFields(lists[0].id, { count: 100 });
    expect(fields.merge_fields.map((f: { tag: string }) => f.tag)).toEqual(
      expect.arrayContaining(['FNAME', 'LNAME', 'ZONA', 'SECTOR']),
    );

    const { campaigns } = await client.campaigns.list({ status: 'sent' });
    expect(campaigns).toHaveLength(3);
    const report = await client.reports.getCampaignReport(campaigns[0].id);
    expect(report.emails_sent).toBeGreaterThan(100);
    expect(report.opens.unique_opens).toBeGreaterThan(0);
    expect(report.clicks.unique_clicks).toBeGreaterThan(0);

    const carts = await client.ecommerce.getStoreCarts('demo-store');
    expect(carts.total_items).toBe(6);

    // Kept as it is on the next start.
    expect(await h.sandbox.seedDemo()).toBe(false);
    expect((await client.lists.getAllLists()).total_items).toBe(2);
  });

  it('conforms to the OpenAPI copy of the official spec', () => {
    expect(h.conformance()).toEqual([]);
  });
});
