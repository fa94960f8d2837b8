import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { asTenantId } from '@crm/platform';
import { insertLeads } from '../support/bulk-contacts';
import { mysqlState } from '../support/databases';
import { eventually, MailupFixture, MailupTenant } from './mailup-fixture';

const LEADS = 20_000;

/** A request of the account as the sandbox logged it (`GET /_control/accounts/:username/requests`). */
interface LoggedRequest {
  at: number;
  method: string;
  route: string;
  status: number;
}

/** The most requests any one-second window of arrivals holds (sliding: every window is looked at). */
function busiestSecond(arrivals: number[]): number {
  let most = 0;
  for (let first = 0, last = 0; last < arrivals.length; last++) {
    while (arrivals[last] - arrivals[first] >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * MailUp's throttle (5 calls a second per account, 429 beyond) is never exceeded by a push of
 * 20k subscribers: leads selected by a saved view fill a MailUp list through "update subscribers",
 * the real connector's asynchronous group imports going over HTTP to the sandbox, which logs each
 * request's arrival.
 */
describe('MailUp throttle during a 20k-subscriber push', () => {
  jest.setTimeout(400_000);
  let f: MailupFixture;
  let m: MailupTenant;

  beforeAll(async () => {
    f = await MailupFixture.start(mysqlState === 'missing' ? 'sqlite' : 'mysql');
    for (const cron of ['connector-syncs', 'connector-imports'])
      await f.t.app.get(SchedulerRegistry).getCronJob(cron).stop();
    m = await f.tenant('Ritmo');
    await insertLeads(f.t.app.get(DataSource), asTenantId(m.tenant.tenantId), m.tenant.adminUserId, LEADS, {
      prefix: 'ritmo',
      company: 'Ritmo Srl',
    });
    const view = await f.t
      .http()
      .post('/api/views')
      .set(m.auth)
      .send({
        module: 'leads',
        name: 'Ritmo Srl',
        filter: { op: 'and', conditions: [{ field: 'company', operator: 'eq', value: 'Ritmo Srl' }] },
      })
      .expect(201);
    await f.t
      .http()
      .put(`/api/installations/${m.installationId}/lists/${m.listId}/views`)
      .set(m.auth)
      .send({ viewIds: [view.body.id] })
      .expect(200);
  });
  afterAll(() => f?.close());

  async function everyItem<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; ; page++) {
      const body = await f.mailupGet<{ Items: T[]; TotalElementsCount: number }>(
        m,
        'console',
        `${path}?pageSize=5000&pageNumber=${page}`,
      );
      items.push(...body.Items);
      if (body.Items.length === 0 || items.length >= body.TotalElementsCount) return items;
    }
  }

  it('keeps every one-second window within 5 requests, with no 429, and subscribes each lead once', async () => {
    const since = Date.now();
    const requested = await f.t
      .http()
      .post(`/api/installations/${m.installationId}/lists/${m.listId}/subscribers/sync`)
      .set(m.auth)
      .send({})
      .expect(202);
    const run = await eventually(async () => {
      const current = (await f.t.http().get(`/api/runs/${requested.body.id}`).set(m.auth).expect(200)).body;
      if (!['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(current.status))
        throw new Error(`run ${current.status}`);
      return current;
    }, 360_000);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { added: LEADS, failed: 0 } });

    const requests = (await (
      await f.sandbox.control(`/accounts/${m.account.username}/requests?since=${since}`, { method: 'GET' })
    ).json()) as LoggedRequest[];
    expect(requests.filter((request) => request.status === 429)).toEqual([]);
    expect(requests.length).toBeGreaterThan(LEADS / 500);
    expect(busiestSecond(requests.map((request) => request.at))).toBeLessThanOrEqual(5);

    // Read back in big pages: the check's own calls queue at the same 5 a second.
    const groups = await f.mailupGet<{ Items: Array<{ idGroup: number; Name: string }> }>(
      m,
      'console',
      `/List/${m.listId}/Groups`,
    );
    const leadGroup = groups.Items.find((group) => group.Name === 'CRM Lead')!;
    const members = await everyItem<{ Email: string }>(`/Group/${leadGroup.idGroup}/Recipients`);
    const addresses = members.map((member) => member.Email).sort();
    expect(addresses).toHaveLength(LEADS);
    expect(new Set(addresses).size).toBe(LEADS);
    expect(addresses[0]).toBe('ritmo-000000@example.test');
    expect(addresses[LEADS - 1]).toBe(`ritmo-${String(LEADS - 1).padStart(6, '0')}@example.test`);
    const optins = await everyItem<{ Status: string }>(`/List/${m.listId}/Recipients/EmailOptins`);
    expect(optins).toHaveLength(LEADS);
    expect(optins.filter((optin) => optin.Status !== 'OPTIN')).toEqual([]);
  });
});
