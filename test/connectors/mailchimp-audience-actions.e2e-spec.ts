import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RecordLink, VendorTagRecord } from '@crm/connector-sdk';
import { Organization } from '@crm/core';
import { audienceInput } from '../sandbox/support/mailchimp-sandbox.harness';
import { signInNewUser } from '../e2e/sales-users.fixture';
import { databaseKinds } from '../support/databases';
import { bearer } from '../support/test-app';
import { eventually, MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

interface Entry {
  recordId: string;
  email: string | null;
  reason: string | null;
}
interface AdditionAnswer {
  runId: string | null;
  status: string | null;
  listId: string;
  tag: string | null;
  added: Entry[];
  updated: Entry[];
  unchanged: Entry[];
  skipped: Entry[];
  failed: Entry[];
}
type Problem = { field: string; reason: string };

const CLASSIFICATION = {
  kind: 'CLIENT',
  rating: 'A - Alta rentabilidad',
  clientType: 'Cliente directo',
  zone: 'Norte',
};
/** Every value of the Zona picklist: a dropdown mapped to it must offer them all. */
const ZONES = ['Norte', 'Sur', 'Centro', 'Occidente', 'Bajío', 'Sureste'];
const CLASSIFICATION_TAGS = [
  'Calificación: A - Alta rentabilidad',
  'Tipo de Cliente/Prospecto: Cliente directo',
  'Zona: Norte',
];

/**
 * Seed 001's "add selected records to an audience with a tag", seed 000's "Sync tags", the
 * Segments/Tags records and merge fields created from the mapping screen: the real product (API
 * + worker) and the real Mailchimp connector against the Mailchimp sandbox over HTTP.
 */
describe.each(databaseKinds)('Mailchimp audience actions against the sandbox (%s)', (kind) => {
  jest.setTimeout(120_000);
  let f: MailchimpFixture;

  beforeAll(async () => {
    f = await MailchimpFixture.start(kind);
  });
  afterAll(() => f?.close());

  const addToAudience = (m: MailchimpTenant, body: object, auth: Record<string, string> = m.auth) =>
    f.t.http().post(`/api/installations/${m.installationId}/actions/add-to-audience`).set(auth).send(body);

  /** A second audience of the tenant's account: the one records are added to. */
  const secondAudience = async (m: MailchimpTenant, name: string): Promise<string> =>
    ((await m.mailchimp.lists.createList(audienceInput(name))) as { id: string }).id;

  const memberOf = async (m: MailchimpTenant, listId: string, email: string) => {
    try {
      return (await m.mailchimp.lists.getListMember(listId, email)) as {
        status: string;
        merge_fields: Record<string, unknown>;
        tags: Array<{ name: string }>;
      };
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  };
  const tagsOf = async (m: MailchimpTenant, listId: string, email: string) =>
    ((await memberOf(m, listId, email))?.tags ?? []).map((tag) => tag.name).sort();

  /** Calls the sandbox received about one audience (every list path holds its id). */
  const callsTo = (listId: string) => f.sandbox.exchanges.filter((e) => e.path.includes(`/lists/${listId}`));

  const organization = async (m: MailchimpTenant, name: string) =>
    (
      await f.t
        .http()
        .post('/api/organizations')
        .set(m.auth)
        .send({ name, ...CLASSIFICATION })
        .expect(201)
    ).body.id as string;

  describe('adding selected records to an audience', () => {
    it('adds eligible addresses with the tag and the classification tags, and skips the rest with a reason each', async () => {
      const m = await f.tenant('Feria');
      const feria = await secondAudience(m, 'Feria 2025');
      const orgId = await organization(m, 'Abarrotes Lupita');
      const ana = await f.contact(m, {
        firstName: 'Ana',
        organizationId: orgId,
        emails: [{ email: 'ana@feria.test' }, { email: 'ana.vieja@feria.test', useInMarketing: false }],
      });
      const noMarketing = await f.contact(m, {
        emails: [{ email: 'nomkt@feria.test', useInMarketing: false }],
      });
      const optedOut = await f.contact(m, { emailOptOut: true, emails: [{ email: 'optout@feria.test' }] });
      const bounced = await f.contact(m, { emails: [{ email: 'rebote@feria.test', status: 'BOUNCED' }] });
      const noEmail = await f.contact(m, { lastName: 'Sin Correo' });
      const left = await f.contact(m, { emails: [{ email: 'baja@feria.test' }] });
      const cleaned = await f.contact(m, { emails: [{ email: 'limpio@feria.test' }] });
      const known = await f.contact(m, { firstName: 'Beto', emails: [{ email: 'beto@feria.test' }] });
      // Mailchimp already has three of them in that audience: two that left it, one subscribed.
      await m.mailchimp.lists.addListMember(feria, {
        email_address: 'baja@feria.test',
        status: 'unsubscribed',
      });
      await m.mailchimp.lists.addListMember(feria, { email_address: 'limpio@feria.test', status: 'cleaned' });
      await m.mailchimp.lists.addListMember(feria, {
        email_address: 'beto@feria.test',
        status: 'subscribed',
        merge_fields: { FNAME: 'Roberto' },
      });
      const stranger = await f.t.createTenant('Ajeno');
      const theirs = (
        await f.t
          .http()
          .post('/api/contacts')
          .set(bearer(stranger.adminToken))
          .send({ lastName: 'Ajeno', emails: [{ email: 'secreto@ajeno.test' }] })
          .expect(201)
      ).body.id as string;
      const missing = randomUUID();

      const ids = [ana, noMarketing, optedOut, bounced, noEmail, left, cleaned, known].map((c) => c.id);
      const res = await addToAudience(m, {
        module: 'contacts',
        recordIds: [...ids, theirs, missing],
        listId: feria,
        tag: 'Feria 2025',
      }).expect(200);
      const answer = res.body as AdditionAnswer;

      expect(answer).toMatchObject({ status: 'SUCCEEDED', listId: feria, tag: 'Feria 2025', failed: [] });
      expect(answer.added).toEqual([
        { recordId: ana.id, email: 'ana@feria.test', reason: expect.any(String) },
      ]);
      expect(answer.updated).toEqual([
        { recordId: known.id, email: 'beto@feria.test', reason: expect.any(String) },
      ]);
      const skipped = Object.fromEntries(
        answer.skipped.map((entry) => [`${entry.recordId}|${entry.email}`, entry.reason]),
      );
      expect(skipped).toEqual({
        [`${ana.id}|ana.vieja@feria.test`]: 'not added: not used in marketing',
        [`${noMarketing.id}|nomkt@feria.test`]: 'not added: not used in marketing',
        [`${optedOut.id}|optout@feria.test`]: 'not added: record opted out',
        [`${bounced.id}|rebote@feria.test`]: 'not added: status BOUNCED',
        [`${noEmail.id}|null`]: 'not added: the record has no email address',
        [`${left.id}|baja@feria.test`]: 'consent: unsubscribed in this list, not re-subscribed',
        [`${cleaned.id}|limpio@feria.test`]: 'consent: cleaned in this list, not re-subscribed',
        [`${theirs}|null`]: 'NOT_FOUND',
        [`${missing}|null`]: 'NOT_FOUND',
      });
      // Another tenant's record is not found, and nothing about it comes back.
      expect(JSON.stringify(answer)).not.toContain('secreto@ajeno.test');

      // In Mailchimp: the new member subscribed with its merge fields, the tag and its organization's tags.
      expect(await memberOf(m, feria, 'ana@feria.test')).toMatchObject({
        status: 'subscribed',
        merge_fields: { FNAME: 'Ana' },
      });
      expect(await tagsOf(m, feria, 'ana@feria.test')).toEqual(['Feria 2025', ...CLASSIFICATION_TAGS].sort());
      expect(await memberOf(m, feria, 'beto@feria.test')).toMatchObject({
        status: 'subscribed',
        merge_fields: { FNAME: 'Beto' },
      });
      expect(await tagsOf(m, feria, 'beto@feria.test')).toEqual(['Feria 2025']);
      // Those who left stay out, untagged; the ineligible never reach the audience.
      expect(await memberOf(m, feria, 'baja@feria.test')).toMatchObject({ status: 'unsubscribed', tags: [] });
      expect(await memberOf(m, feria, 'limpio@feria.test')).toMatchObject({ status: 'cleaned', tags: [] });
      for (const email of [
        'ana.vieja@feria.test',
        'nomkt@feria.test',
        'optout@feria.test',
        'rebote@feria.test',
      ])
        expect(await memberOf(m, feria, email)).toBeUndefined();

      // The records are linked to the audience: their member status shows on the record.
      const memberships = (
        await f.t
          .http()
          .get('/api/memberships')
          .query({ module: 'contacts', recordId: ana.id })
          .set(m.auth)
          .expect(200)
      ).body as Array<{ listId: string; listName: string; status: string }>;
      expect(memberships).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ listId: feria, listName: 'Feria 2025', status: 'subscribed' }),
        ]),
      );
      // The run and its audit lines are there like any other run's.
      const run = (await f.t.http().get(`/api/runs/${answer.runId}`).set(m.auth).expect(200)).body;
      expect(run).toMatchObject({ kind: 'RECORDS', trigger: 'MANUAL', status: 'SUCCEEDED' });

      // Asked again without a tag: nothing changed, so nothing is written.
      const writes = callsTo(feria).filter((e) => e.method !== 'GET').length;
      const again = (
        await addToAudience(m, { module: 'contacts', recordIds: [ana.id, known.id], listId: feria }).expect(
          200,
        )
      ).body as AdditionAnswer;
      expect(again.unchanged.map((entry) => entry.email).sort()).toEqual([
        'ana@feria.test',
        'beto@feria.test',
      ]);
      expect(again.added).toEqual([]);
      expect(callsTo(feria).filter((e) => e.method !== 'GET').length).toBe(writes);
    });

    it('lets a sales user add the leads they can see; the ones they cannot see are NOT_FOUND', async () => {
      const m = await f.tenant('Prospectos');
      const expo = await secondAudience(m, 'Expo');
      const rep = await signInNewUser(f.t, m.tenant.tenantId, { recordAccess: 'OWN' });
      const own = (
        await f.t
          .http()
          .post('/api/leads')
          .set(rep.auth)
          .send({ firstName: 'Lía', lastName: 'Mora', emails: [{ email: 'lia@prospectos.test' }] })
          .expect(201)
      ).body.id as string;
      const admins = (
        await f.t
          .http()
          .post('/api/leads')
          .set(m.auth)
          .send({ lastName: 'Del Admin', emails: [{ email: 'admin.lead@prospectos.test' }] })
          .expect(201)
      ).body.id as string;

      const answer = (
        await addToAudience(
          m,
          { module: 'leads', recordIds: [own, admins], listId: expo, tag: 'Expo' },
          rep.auth,
        ).expect(200)
      ).body as AdditionAnswer;
      expect(answer.added).toEqual([
        { recordId: own, email: 'lia@prospectos.test', reason: expect.any(String) },
      ]);
      expect(answer.skipped).toEqual([{ recordId: admins, email: null, reason: 'NOT_FOUND' }]);
      expect(await memberOf(m, expo, 'lia@prospectos.test')).toMatchObject({
        status: 'subscribed',
        merge_fields: { FNAME: 'Lía', LNAME: 'Mora' },
      });
      expect(await tagsOf(m, expo, 'lia@prospectos.test')).toEqual(['Expo']);
      expect(await memberOf(m, expo, 'admin.lead@prospectos.test')).toBeUndefined();
      const link = await f.t.app
        .get(DataSource)
        .getRepository(RecordLink)
        .findOneByOrFail({ installationId: m.installationId, listId: expo, email: 'lia@prospectos.test' });
      expect(link).toMatchObject({ crmModule: 'leads', crmId: own, vendorStatus: 'subscribed' });
    });

    it('refuses bad input with a 400 naming the field, before anything is written', async () => {
      const m = await f.tenant('Entrada');
      const other = await f.tenant('Entrada Otra');
      const contact = await f.contact(m, { emails: [{ email: 'uno@entrada.test' }] });
      const valid = { module: 'contacts', recordIds: [contact.id], listId: m.listId, tag: 'Ok' };
      const fieldsOf = (body: { errors?: Problem[] }) => (body.errors ?? []).map((p) => p.field);
      const runs = async () =>
        (await f.t.http().get(`/api/installations/${m.installationId}/runs`).set(m.auth).expect(200)).body
          .total;
      await eventually(async () => expect(await f.member(m, 'uno@entrada.test')).toBeDefined());
      const before = {
        runs: await runs(),
        calls: callsTo(m.listId).filter((e) => e.method !== 'GET').length,
      };

      const cases: Array<[object, string]> = [
        [{ ...valid, listId: other.listId }, 'listId'],
        [{ ...valid, listId: 'nope' }, 'listId'],
        [{ ...valid, module: 'deals' }, 'module'],
        [{ ...valid, tag: 'x'.repeat(101) }, 'tag'],
        [{ ...valid, recordIds: Array.from({ length: 1001 }, () => randomUUID()) }, 'recordIds'],
        [{ ...valid, recordIds: [] }, 'recordIds'],
        [{ ...valid, recordIds: ['not-an-id'] }, 'recordIds'],
      ];
      for (const [body, field] of cases) {
        const res = await addToAudience(m, body).expect(400);
        expect(fieldsOf(res.body)).toEqual([expect.stringMatching(new RegExp(`^${field}`))]);
      }
      const long = await addToAudience(m, { ...valid, tag: 'x'.repeat(101) }).expect(400);
      expect(long.body.errors[0].reason).toMatch(/at most 100/);
      // Another tenant's installation does not exist for this one.
      await addToAudience(other, valid, m.auth).expect(404);
      expect(await runs()).toBe(before.runs);
      expect(callsTo(m.listId).filter((e) => e.method !== 'GET').length).toBe(before.calls);
    });
  });

  it('"Sync tags" puts back tags removed by hand and swaps a changed classification value, in every linked audience', async () => {
    const m = await f.tenant('Etiquetas');
    const feria = await secondAudience(m, 'Feria');
    const orgId = await organization(m, 'Tacos del Norte');
    const lucia = await f.contact(m, {
      firstName: 'Lucía',
      organizationId: orgId,
      emails: [{ email: 'lucia@etiquetas.test' }],
    });
    await f.sync(m);
    await addToAudience(m, { module: 'contacts', recordIds: [lucia.id], listId: feria, tag: 'Feria' }).expect(
      200,
    );
    expect(await tagsOf(m, m.listId, 'lucia@etiquetas.test')).toEqual(CLASSIFICATION_TAGS);

    // At Mailchimp someone removes a tag by hand and adds one of their own.
    for (const listId of [m.listId, feria])
      await m.mailchimp.lists.updateListMemberTags(listId, 'lucia@etiquetas.test', {
        tags: [
          { name: 'Calificación: A - Alta rentabilidad', status: 'inactive' },
          { name: 'VIP de la casa', status: 'active' },
        ],
      });
    // The organization moves to another zone without the change reaching Mailchimp (written
    // straight to the database, as an import would, so no real-time push follows).
    await f.t.app
      .get(DataSource)
      .getRepository(Organization)
      .update({ tenantId: m.tenant.tenantId, id: orgId }, { zone: 'Sur' });
    expect(await tagsOf(m, m.listId, 'lucia@etiquetas.test')).toContain('Zona: Norte');

    const rep = await signInNewUser(f.t, m.tenant.tenantId, { recordAccess: 'ALL' });
    await f.t.http().post(`/api/installations/${m.installationId}/tags/sync`).set(rep.auth).expect(403);
    const requested = await f.t
      .http()
      .post(`/api/installations/${m.installationId}/tags/sync`)
      .set(m.auth)
      .expect(202);
    expect(requested.body).toMatchObject({ kind: 'TAGS', trigger: 'MANUAL' });
    const run = await f.finished(m, requested.body.id);
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      counts: { updated: 2, failed: 0 },
      processed: 2,
      total: 2,
    });

    const expected = [
      'Calificación: A - Alta rentabilidad',
      'Tipo de Cliente/Prospecto: Cliente directo',
      'VIP de la casa',
      'Zona: Sur',
    ];
    expect(await tagsOf(m, m.listId, 'lucia@etiquetas.test')).toEqual(expected);
    expect(await tagsOf(m, feria, 'lucia@etiquetas.test')).toEqual(['Feria', ...expected].sort());
    const lines = (await f.t.http().get(`/api/runs/${run.id}/records`).set(m.auth).expect(200)).body.items;
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'TAGS',
          listId: m.listId,
          after: expect.objectContaining({ remove: ['Zona: Norte'] }),
        }),
      ]),
    );
    // The next full sync has nothing left to send.
    expect(await f.sync(m)).toMatchObject({ status: 'SUCCEEDED', counts: { added: 0, updated: 0 } });
  });

  it('keeps the audience’s tags and segments as the Segments/Tags records', async () => {
    const m = await f.tenant('Segmentos');
    await f.contact(m, { emails: [{ email: 'uno@segmentos.test' }] });
    await f.contact(m, { emails: [{ email: 'dos@segmentos.test' }] });
    await eventually(async () => expect(await f.member(m, 'dos@segmentos.test')).toBeDefined());
    for (const email of ['uno@segmentos.test', 'dos@segmentos.test'])
      await m.mailchimp.lists.updateListMemberTags(m.listId, email, {
        tags: [{ name: 'Cliente frecuente', status: 'active' }],
      });
    const saved = (await m.mailchimp.lists.createSegment(m.listId, {
      name: 'Correos de prueba',
      options: {
        match: 'all',
        conditions: [{ condition_type: 'EmailAddress', field: 'EMAIL', op: 'contains', value: 'uno@' }],
      },
    })) as { id: number };

    const url = `/api/installations/${m.installationId}/tags`;
    const tags = (await f.t.http().get(url).set(m.auth).expect(200)).body;
    expect(tags).toEqual([
      {
        listId: m.listId,
        tagId: String(saved.id),
        name: 'Correos de prueba',
        kind: 'segment',
        memberCount: 1,
      },
      { listId: m.listId, tagId: expect.any(String), name: 'Cliente frecuente', kind: 'tag', memberCount: 2 },
    ]);
    const rows = await f.t.app
      .get(DataSource)
      .getRepository(VendorTagRecord)
      .findBy({ tenantId: m.tenant.tenantId });
    expect(rows.map((row) => row.name).sort()).toEqual(['Cliente frecuente', 'Correos de prueba']);

    // Deleted at Mailchimp: gone from the records at the next read; a list filter narrows them.
    await m.mailchimp.lists.deleteSegment(m.listId, String(saved.id));
    const after = (await f.t.http().get(url).query({ listId: m.listId }).set(m.auth).expect(200)).body;
    expect(after.map((tag: { name: string }) => tag.name)).toEqual(['Cliente frecuente']);
    expect(
      await f.t.app.get(DataSource).getRepository(VendorTagRecord).countBy({ tenantId: m.tenant.tenantId }),
    ).toBe(1);
    const other = await f.t.createTenant('Segmentos Otro');
    await f.t.http().get(url).set(bearer(other.adminToken)).expect(404);
  });

  describe('creating a merge field from the mapping screen', () => {
    it('creates it in the audience with a valid tag and type; it becomes mappable and values flow in the next sync', async () => {
      const m = await f.tenant('Campos');
      const fieldsUrl = `/api/installations/${m.installationId}/lists/${m.listId}/fields`;
      const cargo = await f.t
        .http()
        .post(fieldsUrl)
        .set(m.auth)
        .send({ label: 'Cargo', type: 'text', key: 'CARGO' })
        .expect(201);
      expect(cargo.body).toMatchObject({ key: 'CARGO', label: 'Cargo', type: 'text', required: false });
      const zona = await f.t
        .http()
        .post(fieldsUrl)
        .set(m.auth)
        .send({ label: 'Zona de venta', type: 'dropdown', choices: ZONES })
        .expect(201);
      expect(zona.body.key).toMatch(/^[A-Z0-9_]{1,10}$/);
      const merge = (await m.mailchimp.lists.getListMergeFields(m.listId, { count: 100 })) as {
        merge_fields: Array<{ tag: string; type: string; options: { choices?: string[] } }>;
      };
      expect(merge.merge_fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ tag: 'CARGO', type: 'text' }),
          expect.objectContaining({
            tag: zona.body.key,
            type: 'dropdown',
            options: expect.objectContaining({ choices: ZONES }),
          }),
        ]),
      );

      const contact = await f.contact(m, {
        firstName: 'Inés',
        title: 'Gerente',
        emails: [{ email: 'ines@campos.test' }],
      });
      const mappingsUrl = `/api/installations/${m.installationId}/mappings`;
      const screen = (await f.t.http().get(mappingsUrl).query({ listId: m.listId }).set(m.auth).expect(200))
        .body;
      expect(screen.vendorFields.map((field: { key: string }) => field.key)).toContain('CARGO');
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
            { vendorField: 'CARGO', crmField: 'title', direction: 'TO_VENDOR' },
            { vendorField: zona.body.key, crmField: 'organization.zone', direction: 'TO_VENDOR' },
          ],
        })
        .expect(200);
      const org = await organization(m, 'Campos Norte');
      await f.t
        .http()
        .patch(`/api/contacts/${contact.id}`)
        .set(m.auth)
        .send({ organizationId: org })
        .expect(200);
      const run = await f.sync(m);
      expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
      expect((await f.member(m, 'ines@campos.test'))!.merge_fields).toMatchObject({
        FNAME: 'Inés',
        CARGO: 'Gerente',
        [zona.body.key]: 'Norte',
      });
    });

    it('checks Mailchimp’s limits first: a 400 naming the field, and no call to Mailchimp', async () => {
      const m = await f.tenant('Límites');
      const fieldsUrl = `/api/installations/${m.installationId}/lists/${m.listId}/fields`;
      const mergeCalls = () =>
        f.sandbox.exchanges.filter((e) => e.path.startsWith(`/lists/${m.listId}/merge-fields`));
      const before = mergeCalls().length;
      const cases: Array<[object, string, RegExp]> = [
        [{ label: 'Región', type: 'text', key: 'REGIONCODE1' }, 'key', /10 characters/],
        [{ label: 'Región', type: 'text', key: 'region' }, 'key', /A–Z/],
        [{ label: 'x'.repeat(51), type: 'text' }, 'label', /50 characters/],
        [{ label: 'Activo', type: 'boolean' }, 'type', /cannot hold boolean/],
        [{ label: 'Otro correo', type: 'email' }, 'type', /cannot hold email/],
        [{ label: 'Raro', type: 'imageurl' }, 'type', /must be one of/],
        [{ label: 'Zona', type: 'dropdown' }, 'choices', /at least one choice/],
      ];
      for (const [body, field, reason] of cases) {
        const res = await f.t.http().post(fieldsUrl).set(m.auth).send(body).expect(400);
        expect(res.body.errors).toEqual([{ field, reason: expect.stringMatching(reason) }]);
      }
      expect(mergeCalls().length).toBe(before);

      // An audience holds 30 merge fields (the 4 defaults included): the 31st is refused after
      // reading them, without a write.
      for (let i = 0; i < 26; i++)
        await m.mailchimp.lists.addListMergeField(m.listId, {
          name: `Campo ${i}`,
          type: 'text',
          tag: `CAMPO${i}`,
        });
      const filled = mergeCalls().length;
      const full = await f.t
        .http()
        .post(fieldsUrl)
        .set(m.auth)
        .send({ label: 'Uno más', type: 'text' })
        .expect(400);
      expect(full.body.errors).toEqual([
        { field: 'listId', reason: expect.stringMatching(/already has 30 fields.*at most 30/) },
      ]);
      expect(
        mergeCalls()
          .slice(filled)
          .map((e) => e.method),
      ).toEqual(['GET']);
    });
  });
});
