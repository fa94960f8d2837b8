import { ConnectorErrorCode } from '@crm/connector-sdk';
import { MailupFixture } from './mailup-fixture';

/**
 * MailUp allows 5 calls a second per account and answers 429 beyond: the framework's request
 * budget of the account (the manifest's `requestsPerSecond: 5`) keeps every installation of it
 * within that, and the connector gets over MailUp's 429s and 5xx, against the sandbox over HTTP.
 */
describe('MailUp request budget against the sandbox', () => {
  jest.setTimeout(120_000);
  let f: MailupFixture;

  beforeAll(async () => {
    f = await MailupFixture.start();
  });
  afterAll(() => f?.close());

  const apiCalls = (from: number) =>
    f.sandbox.exchanges.slice(from).filter((e) => e.path.includes('/Console/'));
  const pause = () => new Promise((resolve) => setTimeout(resolve, 1100));

  it('keeps two installations of one MailUp account within its 5 calls a second together', async () => {
    const first = await f.tenant('Budget uno');
    // A second tenant connects the same MailUp account: one account, one budget.
    const tenant = await f.t.createTenant('Budget due');
    const installationId = await f.install(tenant);
    const auth = { Authorization: `Bearer ${tenant.adminToken}` };
    await f.t
      .http()
      .post(`/api/installations/${installationId}/credentials`)
      .set(auth)
      .send({ fields: { username: first.account.username, password: first.account.password } })
      .expect(200);
    const second = { ...first, tenant, auth, installationId };
    const [a, b] = [await f.context(first), await f.context(second)];
    expect(a.account.id).toBe(b.account.id);
    await pause();

    const from = f.sandbox.exchanges.length;
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => f.connector.checkHealth(i % 2 ? a : b)));
    const elapsed = Date.now() - started;
    const calls = apiCalls(from);
    expect(calls).toHaveLength(30);
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    // 30 calls at 5 a second: the last ones start five seconds after the first.
    expect(elapsed).toBeGreaterThanOrEqual(5000);
  });

  it('backs off when MailUp answers 429 and then completes the call', async () => {
    const m = await f.tenant('Troppi');
    const context = await f.context(m);
    await pause();
    await f.control(m, '/faults', { status: 429, count: 2, pathContains: '/Console/List' });
    const from = f.sandbox.exchanges.length;
    const started = Date.now();
    await expect(f.connector.listLists(context)).resolves.toEqual([
      expect.objectContaining({ id: m.listId }),
    ]);
    const statuses = apiCalls(from).map((call) => call.status);
    expect(statuses).toEqual([429, 429, 200]);
    // Each 429 holds every caller of the account back a second (MailUp sends no Retry-After).
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);

    // Another application hammers the same account meanwhile: MailUp refuses whoever comes last,
    // and the connector still gets its answers.
    await pause();
    const other = Array.from({ length: 8 }, () =>
      m.mailup.raw('GET', '/API/v1.1/Rest/ConsoleService.svc/Console/List'),
    );
    const ours = f.connector.readMembers(context, m.listId, { pageSize: 10 });
    const answers = await Promise.all(other);
    expect(answers.some((answer) => answer.status === 429)).toBe(true);
    await expect(ours).resolves.toEqual({ members: [] });
  });

  it('tries a call again after a 503, and reports MailUp down as TEMPORARY when it stays down', async () => {
    const m = await f.tenant('Guasti');
    const context = await f.context(m);
    await f.control(m, '/faults', { status: 503, count: 2 });
    await expect(f.connector.listLists(context)).resolves.toHaveLength(1);
    await f.control(m, '/faults', { status: 500, count: 10 });
    await expect(f.connector.listLists(context)).rejects.toMatchObject({
      code: ConnectorErrorCode.TEMPORARY,
      details: { vendorStatus: 500 },
    });
  });
});
