import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { defaultSyncSettings, type RecordLineView, type RunView } from '@crm/connector-sdk';
import { EmailAddress } from '@crm/core';
import { DEMO_ACCOUNT } from '@crm/sandbox';
import { SandboxHost } from '../../apps/api/src/sandboxes/sandbox-host';
import { audienceInput } from '../sandbox/support/mailchimp-sandbox.harness';
import { databaseKinds } from '../support/databases';
import { runLines } from '../support/run-lines';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { eventually, MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

/** What the CRM side decides about each record, in an order that does not depend on ids. */
const plan = (lines: RecordLineView[]) =>
  lines
    .map(
      ({ listId, email, action, direction, rule }) =>
        `${direction} ${listId} ${email} ${action} ${rule ?? ''}`,
    )
    .sort();

/** The rule of a write Mailchimp answered with a refusal. */
const vendorRefusal = (line: RecordLineView) => line.rule?.startsWith('vendor rejected') ?? false;

/** Mailchimp refuses it as a placeholder: only Mailchimp knows its list of those. */
const PLACEHOLDER = 'test@example.com';

/**
 * DESIGN.md: "A dry run produces the same diff without writing." Against the Mailchimp sandbox
 * over HTTP, a dry run and the real run right after it must make the same decisions on the CRM
 * side — records, actions, counts, the failures the CRM foresees — and say what only Mailchimp's
 * answers decide (an address it refuses) instead of hiding it.
 */
describe.each(databaseKinds)('a Mailchimp dry run previews the real run (%s)', (kind) => {
  jest.setTimeout(180_000);
  let f: MailchimpFixture;
  let m: MailchimpTenant;
  let prospects: string;
  const contactIds = new Map<string, string>();

  beforeAll(async () => {
    f = await MailchimpFixture.start(kind);
    m = await f.tenant('Ensayo');
    prospects = ((await m.mailchimp.lists.createList(audienceInput('Ensayo prospectos'))) as { id: string })
      .id;
  });
  afterAll(() => f?.close());

  /** Another application writing to the audience through the API: no webhook announces it. */
  const apiMember = (listId: string, email: string, body: Record<string, unknown>) =>
    m.mailchimp.lists.setListMember(listId, email, { email_address: email, ...body });

  /** CRM edits made while nothing is pushed in real time, so the next run finds them all. */
  async function quietly(edit: () => Promise<void>): Promise<void> {
    await f.saveSettings(m, { syncType: 'ONE_WAY', direction: 'VENDOR_TO_CRM' });
    await edit();
    await f.outboxDrained(m);
    await f.saveSettings(m, {});
  }

  async function dryThenReal(body: Record<string, unknown>): Promise<{ dry: RunView; real: RunView }> {
    const dry: RunView = await f.sync(m, { ...body, dryRun: true });
    const real: RunView = await f.sync(m, body);
    return { dry, real };
  }

  const lines = (run: RunView) => runLines(f.t, m.auth, run.id);

  /**
   * The dry run planned what the real run did, but for the placeholder address: planned as added,
   * refused by Mailchimp. Answers both runs' lines.
   */
  async function expectSamePlan(dry: RunView, real: RunView) {
    const [planned, done] = [await lines(dry), await lines(real)];
    expect(done.filter(vendorRefusal).map((line) => line.email)).toEqual([PLACEHOLDER]);
    expect(planned.filter((line) => line.email === PLACEHOLDER)).toMatchObject([
      { action: 'ADD', direction: 'TO_VENDOR' },
    ]);
    const others = (all: RecordLineView[]) => plan(all.filter((line) => line.email !== PLACEHOLDER));
    expect(others(planned)).toEqual(others(done));
    expect(real.counts).toEqual({
      ...dry.counts,
      added: dry.counts.added - 1,
      failed: dry.counts.failed + 1,
    });
    return { planned, done };
  }

  async function contact(input: Record<string, unknown> & { emails: Array<Record<string, unknown>> }) {
    const created = await f.contact(m, input);
    contactIds.set(input.emails[0].email as string, created.id);
    return created;
  }

  it('plans a first sync as it then happens: imports, their push, conflicts, and what the CRM refuses', async () => {
    // Audience fields: SECTOR arrives in the contact's picklist, which takes only its own options.
    await m.mailchimp.lists.addListMergeField(m.listId, { name: 'Sector', type: 'text', tag: 'SECTOR' });
    await f.t
      .http()
      .post('/api/custom-fields')
      .set(m.auth)
      .send({
        module: 'contacts',
        key: 'sector',
        label: 'Sector',
        type: 'picklist',
        options: ['Retail', 'Industria'],
      })
      .expect(201);
    const mappingsUrl = `/api/installations/${m.installationId}/mappings`;
    const screen = (await f.t.http().get(mappingsUrl).query({ listId: m.listId }).set(m.auth).expect(200))
      .body;
    await f.t
      .http()
      .put(mappingsUrl)
      .set(m.auth)
      .send({
        listId: m.listId,
        mappings: [
          ...screen.mappings.map(({ vendorField, crmField, direction }: Record<string, string>) => ({
            vendorField,
            crmField,
            direction,
          })),
          { vendorField: 'SECTOR', crmField: 'custom.sector', direction: 'TO_CRM' },
        ],
      })
      .expect(200);

    // Members the CRM does not know, in the target audience and in another one (one in both).
    await apiMember(m.listId, 'nueva@ensayo.test', {
      status: 'subscribed',
      merge_fields: { FNAME: 'Nueva', SECTOR: 'Retail' },
    });
    await apiMember(m.listId, 'dos@ensayo.test', { status: 'subscribed', merge_fields: { FNAME: 'Dos' } });
    await apiMember(m.listId, 'baja@ensayo.test', {
      status: 'unsubscribed',
      merge_fields: { FNAME: 'Baja' },
    });
    await apiMember(m.listId, 'agro@ensayo.test', {
      status: 'subscribed',
      merge_fields: { SECTOR: 'Agricultura' },
    });
    await apiMember(prospects, 'otra@ensayo.test', { status: 'subscribed', merge_fields: { FNAME: 'Otra' } });
    await apiMember(prospects, 'dos@ensayo.test', { status: 'subscribed', merge_fields: { FNAME: 'Dos' } });
    // On both sides, with differences: the CRM wins a first match.
    await apiMember(m.listId, 'ambos@ensayo.test', {
      status: 'subscribed',
      merge_fields: { FNAME: 'Anita', LNAME: 'Ríos' },
    });
    await apiMember(m.listId, 'luis@ensayo.test', {
      status: 'subscribed',
      merge_fields: { FNAME: 'Luis', LNAME: 'Vega' },
    });
    // CRM contacts Mailchimp does not have: one not for marketing, one address no one can send to,
    // one Mailchimp refuses as a placeholder (only Mailchimp knows its list of those).
    await quietly(async () => {
      await contact({ firstName: 'Ana', lastName: 'Ríos', emails: [{ email: 'ambos@ensayo.test' }] });
      await contact({ firstName: 'Luis', lastName: 'Vega', emails: [{ email: 'luis@ensayo.test' }] });
      await contact({ firstName: 'Sola', emails: [{ email: 'sola@ensayo.test' }] });
      await contact({ emails: [{ email: 'interna@ensayo.test', useInMarketing: false }] });
      await contact({ emails: [{ email: PLACEHOLDER }] });
      const broken = await contact({ emails: [{ email: 'roto@ensayo.test' }] });
      // Data from before the CRM checked addresses (an import): it cannot be entered so today.
      await f.t.app
        .get(DataSource)
        .getRepository(EmailAddress)
        .update(
          { tenantId: m.tenant.tenantId, id: broken.emailId },
          { email: 'roto@@ensayo', emailNormalized: 'roto@@ensayo' },
        );
    });

    const { dry, real } = await dryThenReal({ kind: 'FULL' });

    // The failure the CRM foresees makes the dry run partial, as it makes the real run.
    expect(dry).toMatchObject({ status: 'PARTIAL', dryRun: true });
    expect(real).toMatchObject({ status: 'PARTIAL', dryRun: false });
    const { planned } = await expectSamePlan(dry, real);
    expect(dry.counts).toMatchObject({ failed: 1 });
    expect(planned.find((line) => line.action === 'FAIL')).toMatchObject({
      email: 'agro@ensayo.test',
      direction: 'TO_CRM',
      rule: 'CRM_VALIDATION',
    });
    // The imports' own lines: the audience's members come back unchanged, the other audience's are added.
    expect(
      planned
        .filter((line) => line.direction === 'TO_VENDOR' && line.action === 'ADD')
        .map((line) => line.email)
        .sort(),
    ).toEqual(['otra@ensayo.test', 'sola@ensayo.test', PLACEHOLDER]);
    expect(planned.filter((line) => line.email === 'dos@ensayo.test' && line.action === 'ADD')).toHaveLength(
      1,
    );
    expect(planned.find((line) => line.email === 'roto@@ensayo')).toMatchObject({
      action: 'SKIP',
      rule: 'not added: not a valid email address',
    });
    // What only Mailchimp's answers decide is said beside the counts.
    expect(dry.notes).toEqual([
      expect.stringMatching(
        /^Nothing was sent to Mailchimp, so .* some of the 5 members this run would write/,
      ),
      expect.stringMatching(/^Of the 3 members this run would add to Mailchimp, any it already has/),
    ]);
    expect(real.notes).toEqual([]);
  });

  it('plans the next sync as it then happens: a conflict, changes on each side, an unsubscribe, a new import', async () => {
    const idOf = (email: string) => contactIds.get(email)!;
    // Changed on both sides since the last sync: the CRM wins, and overwrites Mailchimp.
    await apiMember(m.listId, 'luis@ensayo.test', { merge_fields: { FNAME: 'Lucho' } });
    await apiMember(m.listId, 'dos@ensayo.test', { merge_fields: { FNAME: 'Dos Bis' } });
    await apiMember(m.listId, 'nueva@ensayo.test', { merge_fields: { SECTOR: 'Minería' } });
    await apiMember(m.listId, 'otra@ensayo.test', { status: 'unsubscribed' });
    await apiMember(prospects, 'tercera@ensayo.test', {
      status: 'subscribed',
      merge_fields: { FNAME: 'Tercera' },
    });
    await quietly(async () => {
      await f.t
        .http()
        .patch(`/api/contacts/${idOf('luis@ensayo.test')}`)
        .set(m.auth)
        .send({ firstName: 'Luisa' })
        .expect(200);
      await f.t
        .http()
        .patch(`/api/contacts/${idOf('sola@ensayo.test')}`)
        .set(m.auth)
        .send({ emailOptOut: true })
        .expect(200);
      await f.contact(m, { firstName: 'Tarde', emails: [{ email: 'tarde@ensayo.test' }] });
    });

    const { dry, real } = await dryThenReal({ kind: 'INCREMENTAL' });

    const { done } = await expectSamePlan(dry, real);
    // Failed again: the member whose sector the CRM refuses, and the placeholder Mailchimp refuses.
    expect(real.counts).toMatchObject({ added: 3, failed: 3 });
    const byEmail = new Map(done.map((line) => [`${line.direction} ${line.email}`, line]));
    expect(byEmail.get('TO_CRM luis@ensayo.test')).toMatchObject({
      action: 'SKIP',
      rule: expect.stringContaining('conflict: CRM wins'),
    });
    expect(byEmail.get('TO_VENDOR luis@ensayo.test')).toMatchObject({ action: 'UPDATE' });
    expect(byEmail.get('TO_CRM dos@ensayo.test')).toMatchObject({ action: 'UPDATE' });
    expect(byEmail.get('TO_CRM nueva@ensayo.test')).toMatchObject({ action: 'FAIL', rule: 'CRM_VALIDATION' });
    expect(byEmail.get('TO_CRM otra@ensayo.test')).toMatchObject({ action: 'UNSUBSCRIBE' });
    expect(byEmail.get('TO_VENDOR sola@ensayo.test')).toMatchObject({ action: 'UNSUBSCRIBE' });
    expect(byEmail.get('TO_VENDOR tercera@ensayo.test')).toMatchObject({ action: 'ADD' });
    expect(byEmail.get('TO_VENDOR tarde@ensayo.test')).toMatchObject({ action: 'ADD' });
    expect((await f.member(m, 'luis@ensayo.test'))!.merge_fields).toMatchObject({ FNAME: 'Luisa' });
  });
});

/**
 * `npm start`'s own defaults: the demo tenant, the Mailchimp sandbox's demo account, and the
 * wizard's default settings with the "Clientes" audience as target, as an administrator walks them.
 */
describe.each(databaseKinds)('a dry run on the demo data (%s)', (kind) => {
  jest.setTimeout(180_000);
  const admin = { email: 'admin@demo.local', password: 'dry-run-demo-password' };
  let t: TestApp;

  beforeAll(async () => {
    // The demo seeding prints its login box on the console.
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    t = await startTestApp(kind, {
      sandboxes: true,
      runWorkerInApi: true,
      demo: { seed: true, adminEmail: admin.email, adminPassword: admin.password },
    });
    log.mockRestore();
    await new Promise<void>((resolve) => (t.app.getHttpServer() as Server).listen(0, '127.0.0.1', resolve));
    await t.app.get(SandboxHost).mailchimp.seedDemo();
  });
  afterAll(() => t?.close());

  it('counts what Sync now then does', async () => {
    const login = await t.http().post('/api/auth/login').send(admin).expect(200);
    const auth = bearer(login.body.token);
    const installed = await t
      .http()
      .post('/api/marketplace/mailchimp/install')
      .set(auth)
      .send({ scope: 'ALL_USERS', acceptTerms: true })
      .expect(201);
    const installationId = installed.body.id as string;
    await t
      .http()
      .post(`/api/installations/${installationId}/credentials`)
      .set(auth)
      .send({ fields: { apiKey: DEMO_ACCOUNT.apiKey } })
      .expect(200);
    const lists = (await t.http().get(`/api/installations/${installationId}/lists`).set(auth).expect(200))
      .body as Array<{ listId: string; name: string }>;
    const clientes = lists.find((list) => list.name === 'Clientes')!;
    await t
      .http()
      .put(`/api/installations/${installationId}/settings`)
      .set(auth)
      .send({ ...defaultSyncSettings(), targetListId: clientes.listId })
      .expect(200);
    const sync = async (dryRun: boolean): Promise<RunView> => {
      const requested = await t
        .http()
        .post(`/api/installations/${installationId}/sync`)
        .set(auth)
        .send({ kind: 'FULL', dryRun })
        .expect(202);
      return eventually(async () => {
        const run = (await t.http().get(`/api/runs/${requested.body.id}`).set(auth).expect(200)).body;
        if (!['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(run.status)) throw new Error(`run ${run.status}`);
        return run;
      }, 120_000);
    };

    const dry = await sync(true);
    const real = await sync(false);

    expect(dry.counts).toEqual(real.counts);
    expect(plan(await runLines(t, auth, dry.id))).toEqual(plan(await runLines(t, auth, real.id)));
    // Both audiences' members become contacts; the other audience's are added to Clientes.
    expect(real.counts.added).toBeGreaterThan(real.counts.unchanged);
    expect(real.counts.unchanged).toBeGreaterThan(0);
    expect(real).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
    expect(dry.notes).toHaveLength(2);
  });
});
