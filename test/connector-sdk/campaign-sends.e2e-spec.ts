import { DataSource } from 'typeorm';
import type { AppConfig } from '@crm/platform';
import { ConnectorError, ConnectorErrorCode } from '@crm/connector-sdk';
import { FakeMarketingConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { eventually } from '../connectors/mailchimp-fixture';
import { insertContacts } from '../support/bulk-contacts';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds, REDIS_URL, redisState } from '../support/databases';
import { bearer, startTestApp, TestApp } from '../support/test-app';

type QueueConfig = AppConfig['queue'];

/** Each database on each queue driver this machine offers (BullMQ when Redis is there). */
const setups = databaseKinds.flatMap((kind) => [
  { kind, driver: 'in-process', queue: { kind: 'in-process' } as QueueConfig },
  ...(redisState === 'missing'
    ? []
    : [
        {
          kind,
          driver: 'BullMQ',
          queue: {
            kind: 'bullmq',
            redisUrl: REDIS_URL,
            prefix: `crm-sends-${kind}-${Date.now()}`,
          } as QueueConfig,
        },
      ]),
]);

/**
 * Campaign sends as the framework runs them, over the fake connector and through the queue (with
 * the worker in the API process, as embedded): a send that fails part way goes on from the step it
 * reached, and a send whose answer was lost is never sent twice.
 */
describe.each(setups)('campaign sends ($kind, $driver)', ({ kind, queue }) => {
  jest.setTimeout(60_000);
  const vendor = new FakeVendor();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, { runWorkerInApi: true, queue }, [
      FakeMarketingConnectorModule.register(vendor),
    ]);
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    vendor.calls.length = 0;
    vendor.methodFailures.clear();
    vendor.lostAnswers.clear();
  });

  const callsOf = (method: string) => vendor.calls.filter((call) => call.method === method).length;

  /**
   * Three contacts in a saved view; the first two are subscribed members of the campaign's list,
   * the third is not in it.
   */
  async function scenario(prefix: string) {
    const tenant = await t.createTenant(prefix);
    const auth = bearer(tenant.adminToken);
    const { installationId } = await installFakeConnector(t, tenant, vendor);
    await insertContacts(t.app.get(DataSource), tenant.tenantId, tenant.adminUserId, 3, { prefix });
    const emails = [0, 1, 2].map((i) => `${prefix}-00000${i}@example.test`);
    const listId = vendor.createList(`${prefix} list`);
    for (const email of emails.slice(0, 2))
      vendor.write(listId, { email, statusIfNew: 'subscribed', fields: {} });
    const view = await t
      .http()
      .post('/api/views')
      .set(auth)
      .send({
        module: 'contacts',
        name: prefix,
        filter: { op: 'and', conditions: [{ field: 'email', operator: 'startsWith', value: `${prefix}-` }] },
      })
      .expect(201);
    const campaignId = vendor.createCampaign({ name: 'Spring', subject: 'Spring sale', listId });
    const send = async () => {
      const requested = await t
        .http()
        .post(`/api/installations/${installationId}/campaign-sends`)
        .set(auth)
        .send({ viewId: view.body.id, campaignId })
        .expect(202);
      return eventually(async () => {
        const current = (
          await t
            .http()
            .get(`/api/installations/${installationId}/campaign-sends/${requested.body.id}`)
            .set(auth)
            .expect(200)
        ).body;
        if (!['SENT', 'SCHEDULED', 'FAILED'].includes(current.status)) throw new Error(current.status);
        return current;
      }, 30_000);
    };
    return { listId, campaignId, emails, send };
  }

  it('goes on from the step it reached when the vendor fails part way: one segment, one copy, one send', async () => {
    const { listId, campaignId, emails, send } = await scenario('resume');
    // Enough passing failures to exhaust the request budget's own retries: the job's retry takes over.
    vendor.methodFailures.set(
      'replicateToSegment',
      Array.from(
        { length: 4 },
        () => new ConnectorError(ConnectorErrorCode.TEMPORARY, 'Service unavailable'),
      ),
    );

    const result = await send();

    expect(result).toMatchObject({
      status: 'SENT',
      attempts: 2,
      error: null,
      counts: { people: 3, recipients: 2, members: 2, excluded: { notInAudience: 1 } },
    });
    expect(callsOf('createStaticSegment')).toBe(1);
    expect(callsOf('replicateToSegment')).toBe(5);
    expect(callsOf('sendCampaign')).toBe(1);
    const segments = [...vendor.segments.values()].filter((segment) => segment.listId === listId);
    expect(segments).toEqual([expect.objectContaining({ id: result.segmentId, emails: emails.slice(0, 2) })]);
    const copy = vendor.campaign(result.replicaCampaignId);
    expect(copy).toMatchObject({ status: 'sent', segmentId: result.segmentId, name: 'Spring · resume' });
    expect([...copy.activity.keys()].sort()).toEqual(emails.slice(0, 2));
    expect(vendor.campaign(campaignId).status).toBe('save');
  });

  it('does not send twice when the answer to the send is lost, and reports it sent', async () => {
    const { emails, send } = await scenario('lost');
    vendor.lostAnswers.set('sendCampaign', 1);

    const result = await send();

    expect(result).toMatchObject({ status: 'SENT', attempts: 1, error: null });
    // The send went through; its repeat was refused as "already sent", and that was recognised.
    expect(callsOf('sendCampaign')).toBe(2);
    const copy = vendor.campaign(result.replicaCampaignId);
    expect([...copy.activity.entries()].map(([email, events]) => [email, events.length]).sort()).toEqual([
      [emails[0], 1],
      [emails[1], 1],
    ]);
  });

  it('fails, making nothing at the vendor, when no one in the view can receive the campaign', async () => {
    const { listId, send } = await scenario('nobody');
    for (const member of vendor.list(listId).members.values()) member.status = 'unsubscribed';

    const result = await send();

    expect(result).toMatchObject({
      status: 'FAILED',
      segmentId: null,
      replicaCampaignId: null,
      counts: { people: 3, recipients: 0, excluded: { unsubscribed: 2, notInAudience: 1 } },
    });
    expect(result.error).toMatch(/no one in the view can receive the campaign/);
    expect(callsOf('createStaticSegment') + callsOf('replicateToSegment') + callsOf('sendCampaign')).toBe(0);
  });
});
