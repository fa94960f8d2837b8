import { ImportScheduler, SyncScheduler, type RunView } from '@crm/connector-sdk';
import { eventually, MailupFixture, MailupTenant } from './mailup-fixture';

const PEOPLE = 12;
const email = (i: number) => `persona${i}@orari.test`;
/** A Monday, ten minutes into an hour; the test ticks the schedulers at such moments itself. */
const at = (day: number, hour: number, minute = 10) => new Date(Date.UTC(2030, 0, 7 + day, hour, minute));

/**
 * Seed 004's schedules with the real MailUp connector against the sandbox: lists and messages
 * hourly, subscribers daily, sends and statistics daily, as the MailUp installation shows them
 * and as the settings change them; each job started once per slot however many workers tick;
 * and every job of the account, all running at once, within MailUp's 5 calls a second, counted
 * at the sandbox.
 */
describe('MailUp jobs on their schedules, within one request budget', () => {
  jest.setTimeout(180_000);
  let f: MailupFixture;
  let m: MailupTenant;

  const http = () => f.t.http();
  const schedules = () => `/api/installations/${m.installationId}/settings/schedules`;
  const tick = async (now: Date) => {
    const [imports, syncs] = await Promise.all([
      f.t.app.get(ImportScheduler).tick(now),
      f.t.app.get(SyncScheduler).tick(now),
    ]);
    return [...imports, ...syncs.map((id) => `SUBSCRIBERS:${id}`)].sort();
  };
  const jobs = (...kinds: string[]) => kinds.map((kind) => `${kind}:${m.installationId}`).sort();

  /** Waits until no import or run of the installation waits or runs. */
  async function idle(): Promise<void> {
    await eventually(async () => {
      const imports = (
        await http().get(`/api/installations/${m.installationId}/imports`).set(m.auth).expect(200)
      ).body.items as Array<{ status: string }>;
      const runs = (await http().get(`/api/installations/${m.installationId}/runs`).set(m.auth).expect(200))
        .body.items as RunView[];
      const busy = [...imports, ...runs].filter((job) => ['QUEUED', 'RUNNING'].includes(job.status));
      if (busy.length > 0) throw new Error(`${busy.length} jobs still busy`);
    }, 120_000);
  }

  beforeAll(async () => {
    f = await MailupFixture.start();
    await f.stopClockTicks();
    m = await f.tenant('Orari');
    for (let i = 0; i < PEOPLE; i++)
      await http()
        .post('/api/contacts')
        .set(m.auth)
        .send({ firstName: `Persona ${i}`, lastName: 'Orari', emails: [{ email: email(i) }] })
        .expect(201);
    const view = await http()
      .post('/api/views')
      .set(m.auth)
      .send({
        module: 'contacts',
        name: 'Orari',
        filter: { op: 'and', conditions: [{ field: 'lastName', operator: 'eq', value: 'Orari' }] },
      })
      .expect(201);
    await http()
      .put(`/api/installations/${m.installationId}/lists/${m.listId}/views`)
      .set(m.auth)
      .send({ viewIds: [view.body.id] })
      .expect(200);
    expect((await f.updateSubscribers(m)).counts).toMatchObject({ added: PEOPLE, failed: 0 });
    // A message of the list, sent, opened and clicked: work for the imports.
    const { idMessage } = await f.control<{ idMessage: number }>(m, '/messages', {
      idList: Number(m.listId),
      subject: 'Orari estivi',
      links: ['https://orari.test/estate'],
    });
    await f.control(m, `/messages/${idMessage}/send`, {});
    for (let i = 0; i < PEOPLE; i += 2)
      await f.control(m, `/messages/${idMessage}/activity`, {
        email: email(i),
        views: 1,
        clicks: [{ url: 'https://orari.test/estate', count: 1 }],
      });
  });
  afterAll(() => f?.close());

  it('shows MailUp’s jobs with seed 004’s frequencies, and takes other frequencies from the settings', async () => {
    expect((await http().get(schedules()).set(m.auth).expect(200)).body).toEqual([
      { kind: 'SYNC', every: 'off', defaultEvery: 'off' },
      { kind: 'LISTS', every: 'hourly', defaultEvery: 'hourly' },
      { kind: 'CAMPAIGNS', every: 'hourly', defaultEvery: 'hourly' },
      { kind: 'SUBSCRIBERS', every: 'daily', defaultEvery: 'daily' },
      { kind: 'CAMPAIGN_ACTIVITY', every: 'daily', defaultEvery: 'daily' },
    ]);
    const url = `/api/installations/${m.installationId}/settings`;
    const settings = (await http().get(url).set(m.auth).expect(200)).body;
    const refused = await http()
      .put(url)
      .set(m.auth)
      .send({ ...settings, schedules: { CARTS: 'hourly', SUBSCRIBERS: 'every minute' } })
      .expect(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'schedules.CARTS',
        reason: expect.stringMatching(/^MailUp has no CARTS job; its jobs are LISTS/),
      },
      { field: 'schedules.SUBSCRIBERS', reason: 'must be one of off, hourly, daily, weekly' },
    ]);
    await http()
      .put(url)
      .set(m.auth)
      .send({ ...settings, schedules: { SUBSCRIBERS: 'hourly' } })
      .expect(200);
    expect((await http().get(schedules()).set(m.auth).expect(200)).body).toContainEqual({
      kind: 'SUBSCRIBERS',
      every: 'hourly',
      defaultEvery: 'daily',
    });
    await http()
      .put(url)
      .set(m.auth)
      .send({ ...settings, schedules: {} })
      .expect(200);
  });

  it('starts each job once per slot however many workers tick, every call of them all within 5 a second', async () => {
    // Two workers tick at the same moment: each job starts once, and all of them run together.
    const from = f.sandbox.exchanges.length;
    const [first, second] = await Promise.all([tick(at(0, 10)), tick(at(0, 10))]);
    expect([...first, ...second].sort()).toEqual(
      jobs('LISTS', 'CAMPAIGNS', 'SUBSCRIBERS', 'CAMPAIGN_ACTIVITY'),
    );
    await idle();

    const calls = f.sandbox.exchanges.slice(from);
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    const arrivals = calls.map((call) => call.at!).sort((a, b) => a - b);
    // More calls than one second allows, never a sixth within any one second.
    expect(arrivals.length).toBeGreaterThan(15);
    const crowded = arrivals.filter((time, i) => i >= 5 && time - arrivals[i - 5] < 1000);
    expect(crowded).toEqual([]);
    const imports = (
      await http().get(`/api/installations/${m.installationId}/imports`).set(m.auth).expect(200)
    ).body.items as Array<{ kind: string; status: string; trigger: string; result: Record<string, unknown> }>;
    expect(imports.map((run) => [run.kind, run.status, run.trigger]).sort()).toEqual(
      [
        ['CAMPAIGNS', 'SUCCEEDED', 'SCHEDULE'],
        ['CAMPAIGN_ACTIVITY', 'SUCCEEDED', 'SCHEDULE'],
        ['LISTS', 'SUCCEEDED', 'SCHEDULE'],
      ].sort(),
    );
    expect(imports.find((run) => run.kind === 'CAMPAIGN_ACTIVITY')!.result).toMatchObject({
      activity: { campaignsRead: 1, recipientsRead: PEOPLE },
      links: { clickerRecords: PEOPLE / 2 },
    });

    // Later in the same slot, nothing; the next hour, the hourly jobs; the next day, all of them.
    expect(await tick(at(0, 10, 55))).toEqual([]);
    expect(await tick(at(0, 11))).toEqual(jobs('LISTS', 'CAMPAIGNS'));
    await idle();
    expect(await tick(at(0, 11, 30))).toEqual([]);
    expect(await tick(at(1, 0))).toEqual(jobs('LISTS', 'CAMPAIGNS', 'SUBSCRIBERS', 'CAMPAIGN_ACTIVITY'));
    await idle();
    const runs = (await http().get(`/api/installations/${m.installationId}/runs`).set(m.auth).expect(200))
      .body.items as RunView[];
    expect(runs.filter((run) => run.trigger === 'SCHEDULE').map((run) => [run.kind, run.status])).toEqual([
      ['SUBSCRIBERS', 'SUCCEEDED'],
      ['SUBSCRIBERS', 'SUCCEEDED'],
    ]);
  });
});
