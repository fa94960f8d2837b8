import { SyncScheduler, type RunView } from '@crm/connector-sdk';
import { databaseKinds } from '../support/databases';
import { eventually, MailupFixture, MailupTenant } from './mailup-fixture';

type Mapping = { vendorField: string; crmField: string; direction: 'TO_VENDOR' | 'TO_CRM' | 'BOTH' };

const LEAD = 'luca@nazioni.test';
const COMPANY = 'info@ditta-nazioni.test';
const NAMES: Mapping[] = [
  { vendorField: '1', crmField: 'firstName', direction: 'BOTH' },
  { vendorField: '2', crmField: 'lastName', direction: 'BOTH' },
];
const EMAIL: Mapping = { vendorField: 'Email', crmField: 'email', direction: 'BOTH' };

/**
 * Seed 004's dynamic-field mapping with the real MailUp connector, over HTTP against the sandbox:
 * one mapping per CRM module of an account-wide MailUp field, checked by the MailUp installation's
 * mapping API (the required address only from a required CRM field), and the CRM's values over
 * MailUp's — "Italia" entered in the CRM and "San Marino" typed in MailUp's console are "Italia"
 * on both sides after the next daily "update subscribers".
 */
describe.each(databaseKinds)('MailUp dynamic fields per module, the CRM’s values first (%s)', (kind) => {
  jest.setTimeout(180_000);
  let f: MailupFixture;
  let m: MailupTenant;
  let nation: string;
  const ids: Record<string, string> = {};

  const http = () => f.t.http();
  const mappings = () => `/api/installations/${m.installationId}/mappings`;
  const nationOf = async (email: string) => {
    const [recipient] = await f.consoleAll<{ Fields: Array<{ Id: number; Value: string }> }>(
      m,
      `/List/${m.listId}/Recipients/Subscribed?filterby="Email == '${email}'"`,
    );
    return recipient.Fields.find((field) => String(field.Id) === nation)?.Value;
  };
  /** Edits a recipient's "Nazione" in MailUp's console. */
  async function editInMailup(email: string, value: string) {
    const [recipient] = await f.consoleAll<{ idRecipient: number }>(
      m,
      `/List/${m.listId}/Recipients/Subscribed?filterby="Email == '${email}'"`,
    );
    await f.mailupCall(m, 'console', '/Recipient/Detail', {
      method: 'PUT',
      body: {
        idRecipient: recipient.idRecipient,
        Email: email,
        Fields: [{ Id: Number(nation), Value: value }],
      },
    });
  }
  /** The daily "update subscribers" as the scheduler starts it, at a moment of the test's choosing. */
  let day = 0;
  async function dailyUpdate(): Promise<RunView> {
    day += 1;
    const started = await f.t.app.get(SyncScheduler).tick(new Date(Date.UTC(2030, 0, day, 6)));
    expect(started).toEqual([m.installationId]);
    const run = await eventually(async () => {
      const [latest] = (
        await http().get(`/api/installations/${m.installationId}/runs`).set(m.auth).expect(200)
      ).body.items as RunView[];
      if (latest?.trigger !== 'SCHEDULE' || !latest.finishedAt) throw new Error('not run yet');
      return latest;
    }, 120_000);
    expect(run).toMatchObject({ kind: 'SUBSCRIBERS', status: 'SUCCEEDED' });
    return run;
  }

  beforeAll(async () => {
    f = await MailupFixture.start(kind);
    await f.stopClockTicks();
    m = await f.tenant('Nazioni');
    // "Nazione", a field added in MailUp's console: every list of the account has it.
    nation = String((await f.control<{ Id: number }>(m, '/fields', { description: 'Nazione' })).Id);
    await http()
      .post('/api/custom-fields')
      .set(m.auth)
      .send({ module: 'leads', key: 'nazione', label: 'Nazione', type: 'text' })
      .expect(201);
  });
  afterAll(() => f?.close());

  it('refuses a mapping that breaks MailUp’s rules with a 400 naming the field, and saves nothing', async () => {
    const fields = (
      await http()
        .get(`/api/installations/${m.installationId}/lists/${m.listId}/fields`)
        .set(m.auth)
        .expect(200)
    ).body;
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'Email', required: true }),
        expect.objectContaining({ key: nation, label: 'Nazione', required: false }),
      ]),
    );
    const refused = await http()
      .put(mappings())
      .set(m.auth)
      .send({
        module: 'leads',
        mappings: [
          { vendorField: 'Email', crmField: 'company', direction: 'BOTH' },
          ...NAMES,
          { vendorField: '99', crmField: 'custom.nazione', direction: 'TO_VENDOR' },
        ],
      })
      .expect(400);
    expect(refused.body.errors).toEqual([
      { field: 'mappings.0.crmField', reason: 'Email is locked to email' },
      {
        field: 'mappings.0.crmField',
        reason: expect.stringMatching(
          /^Email is required at the vendor, so it may only map to a required CRM field; company is optional/,
        ),
      },
      { field: 'mappings.3.vendorField', reason: '99 is not a field of this list at the vendor' },
    ]);
    const current = (await http().get(mappings()).query({ module: 'leads' }).set(m.auth).expect(200)).body;
    expect(current).toMatchObject({ module: 'leads', source: 'defaults', saved: false });
  });

  it('writes each module with its own mapping of the account’s field', async () => {
    // One mapping per module serves every list: no list named.
    await http()
      .put(mappings())
      .set(m.auth)
      .send({
        module: 'leads',
        mappings: [
          EMAIL,
          ...NAMES,
          { vendorField: nation, crmField: 'custom.nazione', direction: 'TO_VENDOR' },
        ],
      })
      .expect(200);
    await http()
      .put(mappings())
      .set(m.auth)
      .send({
        module: 'organizations',
        mappings: [EMAIL, { vendorField: nation, crmField: 'country', direction: 'TO_VENDOR' }],
      })
      .expect(200);
    ids.lead = (
      await http()
        .post('/api/leads')
        .set(m.auth)
        .send({
          firstName: 'Luca',
          lastName: 'Neri',
          company: 'Acme',
          emails: [{ email: LEAD }],
          custom: { nazione: 'Italia' },
        })
        .expect(201)
    ).body.id;
    ids.organization = (
      await http()
        .post('/api/organizations')
        .set(m.auth)
        .send({
          name: 'Ditta Lugano',
          kind: 'CLIENT',
          rating: 'A - Alta rentabilidad',
          clientType: 'Cliente directo',
          city: 'Lugano',
          country: 'Svizzera',
          emails: [{ email: COMPANY }],
        })
        .expect(201)
    ).body.id;
    const view = async (module: string, field: string, value: string) =>
      (
        await http()
          .post('/api/views')
          .set(m.auth)
          .send({
            module,
            name: `${module} ${value}`,
            filter: { op: 'and', conditions: [{ field, operator: 'eq', value }] },
          })
          .expect(201)
      ).body.id;
    await http()
      .put(`/api/installations/${m.installationId}/lists/${m.listId}/views`)
      .set(m.auth)
      .send({
        viewIds: [await view('leads', 'company', 'Acme'), await view('organizations', 'city', 'Lugano')],
      })
      .expect(200);

    const run = await dailyUpdate();
    expect(run.counts).toMatchObject({ added: 2, failed: 0 });
    expect(await nationOf(LEAD)).toBe('Italia');
    expect(await nationOf(COMPANY)).toBe('Svizzera');
    // A day later nothing has changed: nothing is written.
    f.ageSubscriptions(m);
    expect((await dailyUpdate()).counts).toMatchObject({ added: 0, updated: 0, failed: 0 });
  });

  it('keeps “Italia” over “San Marino” typed in MailUp, and the CRM’s edit over MailUp’s, at the next daily update', async () => {
    await editInMailup(LEAD, 'San Marino');
    // Both sides change the organization's: the CRM's value wins.
    await http()
      .patch(`/api/organizations/${ids.organization}`)
      .set(m.auth)
      .send({ country: 'Austria' })
      .expect(200);
    await editInMailup(COMPANY, 'Germania');

    const run = await dailyUpdate();
    expect(run.counts).toMatchObject({ added: 0, updated: 2, failed: 0 });
    expect(await nationOf(LEAD)).toBe('Italia');
    expect(await nationOf(COMPANY)).toBe('Austria');
    const pulled = await f.lines(m, run.id, 'PULL');
    expect(pulled.map((line) => [line.email, line.before, line.rule]).sort()).toEqual([
      [
        COMPANY,
        { fields: expect.objectContaining({ [nation]: 'Germania' }) },
        expect.stringMatching(/CRM wins over an edit at the vendor/),
      ],
      [
        LEAD,
        { fields: expect.objectContaining({ [nation]: 'San Marino' }) },
        expect.stringMatching(/CRM wins/),
      ],
    ]);
    // Nothing of MailUp's values came back into the CRM.
    const lead = (await http().get(`/api/leads/${ids.lead}`).set(m.auth).expect(200)).body;
    expect(lead.custom.nazione).toBe('Italia');
    const organization = (await http().get(`/api/organizations/${ids.organization}`).set(m.auth).expect(200))
      .body;
    expect(organization.country).toBe('Austria');

    expect((await dailyUpdate()).counts).toMatchObject({ added: 0, updated: 0, failed: 0 });
  });
});
