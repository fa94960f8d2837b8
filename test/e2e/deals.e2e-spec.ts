import { DataSource } from 'typeorm';
import { OutboxEvent } from '@crm/platform';
import { CustomFieldDefinition, Deal, DealLine, PipelinesService } from '@crm/core';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';
import {
  fieldsOf,
  insertContact,
  insertOrganization,
  insertTeam,
  signInNewUser,
  SignedInUser,
} from './sales-users.fixture';

interface StageBody {
  id: string;
  name: string;
  position: number;
  probability: number;
  outcome: string;
}
interface PipelineBody {
  id: string;
  name: string;
  isDefault: boolean;
  stages: StageBody[];
}

describe.each(databaseKinds)('pipelines, products and deals (%s)', (kind) => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let admin: Record<string, string>;
  let dataSource: DataSource;
  let ventas: PipelineBody;
  let standard: SignedInUser;

  const stageId = (pipeline: PipelineBody, name: string) =>
    pipeline.stages.find((stage) => stage.name === name)!.id;
  const createDeal = async (auth: Record<string, string>, body: Record<string, unknown>) =>
    (
      await t
        .http()
        .post('/api/deals')
        .set(auth)
        .send({ currency: 'MXN', ...body })
        .expect(201)
    ).body;
  const createPipeline = async (body: Record<string, unknown>): Promise<PipelineBody> =>
    (await t.http().post('/api/pipelines').set(admin).send(body).expect(201)).body;

  beforeAll(async () => {
    t = await startTestApp(kind);
    dataSource = t.app.get(DataSource);
    tenant = await t.createTenant('Acme');
    other = await t.createTenant('Other');
    admin = bearer(tenant.adminToken);
    // What tenant provisioning does.
    await t.app.get(PipelinesService).ensureDefault(tenant.tenantId);
    ventas = (await t.http().get('/api/pipelines').set(admin).expect(200)).body[0];
    standard = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL' });
  });
  afterAll(() => t.close());

  describe('pipelines', () => {
    it('every tenant gets one default "Ventas" pipeline with the standard stages, once', async () => {
      expect(ventas).toMatchObject({ name: 'Ventas', isDefault: true });
      expect(ventas.stages.map((s) => [s.name, s.probability, s.outcome, s.position])).toEqual([
        ['Prospección', 10, 'OPEN', 0],
        ['Calificación', 25, 'OPEN', 1],
        ['Propuesta', 50, 'OPEN', 2],
        ['Negociación', 75, 'OPEN', 3],
        ['Ganada', 100, 'WON', 4],
        ['Perdida', 0, 'LOST', 5],
      ]);
      const again = await t.app.get(PipelinesService).ensureDefault(tenant.tenantId);
      expect(again.id).toBe(ventas.id);
      expect((await t.http().get('/api/pipelines').set(admin).expect(200)).body).toHaveLength(1);
    });

    it('only administrators change pipelines; the deals module reads them', async () => {
      await t.http().get('/api/pipelines').set(standard.auth).expect(200);
      await t.http().get(`/api/pipelines/${ventas.id}`).set(standard.auth).expect(200);
      await t.http().post('/api/pipelines').set(standard.auth).send({ name: 'Mine' }).expect(403);
      await t
        .http()
        .patch(`/api/pipelines/${ventas.id}`)
        .set(standard.auth)
        .send({ name: 'Mine' })
        .expect(403);
      await t
        .http()
        .post(`/api/pipelines/${ventas.id}/stages`)
        .set(standard.auth)
        .send({ name: 'X' })
        .expect(403);
      const noDeals = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL', modules: ['contacts'] });
      await t.http().get('/api/pipelines').set(noDeals.auth).expect(403);
    });

    it('keeps exactly one default pipeline', async () => {
      const renewals = await createPipeline({
        name: 'Renovaciones',
        isDefault: true,
        stages: [
          { name: 'Aviso', probability: 40 },
          { name: 'Renovada', probability: 100, outcome: 'WON' },
        ],
      });
      expect(renewals.isDefault).toBe(true);
      let all: PipelineBody[] = (await t.http().get('/api/pipelines').set(admin).expect(200)).body;
      expect(all.filter((p) => p.isDefault).map((p) => p.id)).toEqual([renewals.id]);

      const unset = await t
        .http()
        .patch(`/api/pipelines/${renewals.id}`)
        .set(admin)
        .send({ isDefault: false })
        .expect(400);
      expect(fieldsOf(unset.body)).toEqual(['isDefault']);
      await t.http().patch(`/api/pipelines/${ventas.id}`).set(admin).send({ isDefault: true }).expect(200);
      all = (await t.http().get('/api/pipelines').set(admin).expect(200)).body;
      expect(all.filter((p) => p.isDefault).map((p) => p.id)).toEqual([ventas.id]);

      const deleteDefault = await t.http().delete(`/api/pipelines/${ventas.id}`).set(admin).expect(409);
      expect(fieldsOf(deleteDefault.body)).toEqual(['isDefault']);
      await t.http().delete(`/api/pipelines/${renewals.id}`).set(admin).expect(204);
      await t.http().get(`/api/pipelines/${renewals.id}`).set(admin).expect(404);
    });

    it('validates names, probabilities and outcomes', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: 'ventas' }, 'name'],
        [{ name: 'P', stages: [{ name: 'A', probability: 101 }] }, 'stages.0.probability'],
        [{ name: 'P', stages: [{ name: 'A', probability: -1 }] }, 'stages.0.probability'],
        [{ name: 'P', stages: [{ name: 'A', outcome: 'MAYBE' }] }, 'stages.0.outcome'],
        [{ name: 'P', stages: [{ name: 'A' }, { name: 'a' }] }, 'stages'],
        [{ name: '' }, 'name'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http().post('/api/pipelines').set(admin).send(body);
        expect([res.status, fieldsOf(res.body)]).toEqual([body.name === 'ventas' ? 409 : 400, [field]]);
      }
    });

    it('adds, edits, reorders and deletes stages; a stage or pipeline with deals cannot be deleted', async () => {
      const pipeline = await createPipeline({
        name: 'Proyectos',
        stages: [{ name: 'Idea' }, { name: 'Diseño' }],
      });
      expect(pipeline.isDefault).toBe(false);
      let after: PipelineBody = (
        await t
          .http()
          .post(`/api/pipelines/${pipeline.id}/stages`)
          .set(admin)
          .send({ name: 'Entrega', probability: 90 })
          .expect(201)
      ).body;
      expect(after.stages.map((s) => [s.name, s.position])).toEqual([
        ['Idea', 0],
        ['Diseño', 1],
        ['Entrega', 2],
      ]);
      const duplicate = await t
        .http()
        .post(`/api/pipelines/${pipeline.id}/stages`)
        .set(admin)
        .send({ name: 'idea' })
        .expect(409);
      expect(fieldsOf(duplicate.body)).toEqual(['name']);
      const badProbability = await t
        .http()
        .patch(`/api/pipelines/${pipeline.id}/stages/${stageId(after, 'Idea')}`)
        .set(admin)
        .send({ probability: 150 })
        .expect(400);
      expect(fieldsOf(badProbability.body)).toEqual(['probability']);
      after = (
        await t
          .http()
          .patch(`/api/pipelines/${pipeline.id}/stages/${stageId(after, 'Entrega')}`)
          .set(admin)
          .send({ outcome: 'WON', probability: 100 })
          .expect(200)
      ).body;
      expect(after.stages[2]).toMatchObject({ name: 'Entrega', outcome: 'WON', probability: 100 });

      const [idea, diseno, entrega] = after.stages.map((s) => s.id);
      const incomplete = await t
        .http()
        .put(`/api/pipelines/${pipeline.id}/stages/order`)
        .set(admin)
        .send({ stageIds: [idea, diseno] });
      expect([incomplete.status, fieldsOf(incomplete.body)]).toEqual([400, ['stageIds']]);
      after = (
        await t
          .http()
          .put(`/api/pipelines/${pipeline.id}/stages/order`)
          .set(admin)
          .send({ stageIds: [entrega, idea, diseno] })
          .expect(200)
      ).body;
      expect(after.stages.map((s) => s.name)).toEqual(['Entrega', 'Idea', 'Diseño']);

      // A stage of another pipeline is not found under this one.
      await t
        .http()
        .patch(`/api/pipelines/${pipeline.id}/stages/${ventas.stages[0].id}`)
        .set(admin)
        .send({ name: 'X' })
        .expect(404);

      const deal = await createDeal(admin, { name: 'Portal', pipelineId: pipeline.id, stageId: idea });
      const stageInUse = await t
        .http()
        .delete(`/api/pipelines/${pipeline.id}/stages/${idea}`)
        .set(admin)
        .expect(409);
      expect(stageInUse.body.message).toMatch(/1 deal\b/);
      const pipelineInUse = await t.http().delete(`/api/pipelines/${pipeline.id}`).set(admin).expect(409);
      expect(pipelineInUse.body.message).toMatch(/1 deal\b/);

      after = (await t.http().delete(`/api/pipelines/${pipeline.id}/stages/${diseno}`).set(admin).expect(200))
        .body;
      expect(after.stages.map((s) => [s.name, s.position])).toEqual([
        ['Entrega', 0],
        ['Idea', 1],
      ]);
      await t.http().delete(`/api/deals/${deal.id}`).set(admin).expect(204);
      await t.http().delete(`/api/pipelines/${pipeline.id}`).set(admin).expect(204);
      expect(await dataSource.getRepository(Deal).countBy({ pipelineId: pipeline.id })).toBe(0);
    });
  });

  describe('products', () => {
    it('creates, lists, searches and sorts products; sku is unique per tenant', async () => {
      const widget = (
        await t
          .http()
          .post('/api/products')
          .set(admin)
          .send({ name: 'Widget', sku: 'W-1', unitPriceCents: 1500, currency: 'MXN' })
          .expect(201)
      ).body;
      expect(widget).toMatchObject({
        name: 'Widget',
        sku: 'W-1',
        unitPriceCents: 1500,
        currency: 'MXN',
        active: true,
      });
      await t
        .http()
        .post('/api/products')
        .set(admin)
        .send({ name: 'Gadget', sku: 'G-1', unitPriceCents: 99, currency: 'MXN' })
        .expect(201);
      const taken = await t
        .http()
        .post('/api/products')
        .set(admin)
        .send({ name: 'Other', sku: 'w-1', unitPriceCents: 1, currency: 'MXN' })
        .expect(409);
      expect(fieldsOf(taken.body)).toEqual(['sku']);
      // Another tenant may reuse the SKU.
      await t
        .http()
        .post('/api/products')
        .set(bearer(other.adminToken))
        .send({ name: 'W', sku: 'W-1', unitPriceCents: 1, currency: 'EUR' })
        .expect(201);

      const sorted = (
        await t.http().get('/api/products?sort=-unitPriceCents&pageSize=1').set(admin).expect(200)
      ).body;
      expect(sorted).toMatchObject({ total: 2, page: 1, pageSize: 1, items: [{ sku: 'W-1' }] });
      const searched = (await t.http().get('/api/products?q=gadg').set(admin).expect(200)).body;
      expect(searched.items.map((p: { sku: string }) => p.sku)).toEqual(['G-1']);
      const badSort = await t.http().get('/api/products?sort=secret').set(admin).expect(400);
      expect(fieldsOf(badSort.body)).toEqual(['sort']);
    });

    it('rejects bad prices and currencies, naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ unitPriceCents: -1 }, 'unitPriceCents'],
        [{ unitPriceCents: 10.5 }, 'unitPriceCents'],
        [{ currency: 'mxn' }, 'currency'],
        [{ currency: 'ZZZ' }, 'currency'],
        [{ currency: 'EURO' }, 'currency'],
      ];
      for (const [override, field] of cases) {
        const res = await t
          .http()
          .post('/api/products')
          .set(admin)
          .send({ name: 'P', sku: `P-${field}`, unitPriceCents: 1, currency: 'EUR', ...override });
        expect([res.status, fieldsOf(res.body)]).toEqual([400, [field]]);
      }
    });

    it('needs the products module', async () => {
      const noProducts = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL', modules: ['deals'] });
      await t.http().get('/api/products').set(noProducts.auth).expect(403);
    });
  });

  describe('deals', () => {
    it('defaults to the default pipeline, its first stage and the acting user, and writes an outbox event', async () => {
      const deal = await createDeal(standard.auth, {
        name: 'Renovación 2025',
        amountCents: 250000,
        expectedCloseAt: '2025-06-30T00:00:00.000Z',
      });
      expect(deal).toMatchObject({
        name: 'Renovación 2025',
        pipelineId: ventas.id,
        stageId: stageId(ventas, 'Prospección'),
        ownerId: standard.userId,
        amountCents: 250000,
        currency: 'MXN',
        expectedCloseAt: '2025-06-30T00:00:00.000Z',
        lineCount: 0,
      });
      const event = await dataSource.getRepository(OutboxEvent).findOneByOrFail({ aggregateId: deal.id });
      expect(event).toMatchObject({ type: 'deal.created', aggregateType: 'deal', tenantId: tenant.tenantId });
    });

    it('rejects bad input naming the field, and writes nothing', async () => {
      const renewals = await createPipeline({ name: 'Otra', stages: [{ name: 'Uno' }] });
      const foreignOrg = await insertOrganization(t, other.tenantId, 'Ajena', { ownerId: other.adminUserId });
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ stageId: stageId(ventas, 'Propuesta'), pipelineId: renewals.id }, 'stageId'],
        [{ stageId: renewals.stages[0].id }, 'stageId'],
        [{ pipelineId: '00000000-0000-4000-8000-000000000000' }, 'pipelineId'],
        [{ organizationId: foreignOrg }, 'organizationId'],
        [{ contactId: '00000000-0000-4000-8000-000000000000' }, 'contactId'],
        [{ ownerId: other.adminUserId }, 'ownerId'],
        [{ currency: 'mxn' }, 'currency'],
        [{ currency: undefined }, 'currency'],
        [{ amountCents: -5 }, 'amountCents'],
        [{ name: '' }, 'name'],
        [{ ownerId: null }, 'ownerId'],
      ];
      const before = await dataSource.getRepository(Deal).count();
      for (const [override, field] of cases) {
        const res = await t
          .http()
          .post('/api/deals')
          .set(admin)
          .send({ name: 'Bad', currency: 'MXN', ...override });
        expect([res.status, fieldsOf(res.body)]).toEqual([400, [field]]);
      }
      expect(await dataSource.getRepository(Deal).count()).toBe(before);
    });

    it('validates custom values for the deals module', async () => {
      const definitions = dataSource.getRepository(CustomFieldDefinition);
      await definitions.save(
        definitions.create({
          tenantId: tenant.tenantId,
          module: 'deals',
          key: 'priority',
          label: 'Prioridad',
          type: 'picklist',
          required: false,
          maxLength: null,
          options: ['Alta', 'Baja'],
          createdBy: null,
        }),
      );
      const bad = await t
        .http()
        .post('/api/deals')
        .set(admin)
        .send({ name: 'C', currency: 'MXN', custom: { priority: 'Media' } });
      expect([bad.status, fieldsOf(bad.body)]).toEqual([400, ['custom.priority']]);
      const deal = await createDeal(admin, { name: 'C', custom: { priority: 'Alta' } });
      expect(deal.custom).toEqual({ priority: 'Alta' });
      const cleared = await t
        .http()
        .patch(`/api/deals/${deal.id}`)
        .set(admin)
        .send({ custom: { priority: null } })
        .expect(200);
      expect(cleared.body.custom).toEqual({});
    });

    it('links an organization and a contact of the tenant and filters by them', async () => {
      const organizationId = await insertOrganization(t, tenant.tenantId, 'Abarrotes', {
        ownerId: tenant.adminUserId,
      });
      const contactId = await insertContact(t, tenant.tenantId, 'López', { ownerId: tenant.adminUserId });
      const deal = await createDeal(admin, { name: 'Linked deal', organizationId, contactId });
      expect(deal).toMatchObject({ organizationId, contactId });
      const byContact = (await t.http().get(`/api/deals?contactId=${contactId}`).set(admin).expect(200)).body;
      expect(byContact.items.map((d: { id: string }) => d.id)).toEqual([deal.id]);
      const byOrganization = (
        await t.http().get(`/api/deals?organizationId=${organizationId}`).set(admin).expect(200)
      ).body;
      expect(byOrganization.total).toBe(1);
      const unlinked = await t
        .http()
        .patch(`/api/deals/${deal.id}`)
        .set(admin)
        .send({ contactId: null })
        .expect(200);
      expect(unlinked.body.contactId).toBeNull();
    });

    it('sums product lines into the amount, which then cannot be set directly', async () => {
      const product = (
        await t
          .http()
          .post('/api/products')
          .set(admin)
          .send({ name: 'Licencia', sku: 'LIC', unitPriceCents: 120000, currency: 'MXN' })
          .expect(201)
      ).body;
      const euroProduct = (
        await t
          .http()
          .post('/api/products')
          .set(admin)
          .send({ name: 'Soporte', sku: 'SUP-EU', unitPriceCents: 500, currency: 'EUR' })
          .expect(201)
      ).body;
      const foreignProduct = (
        await t
          .http()
          .post('/api/products')
          .set(bearer(other.adminToken))
          .send({ name: 'F', sku: 'F', unitPriceCents: 1, currency: 'MXN' })
          .expect(201)
      ).body;
      const deal = await createDeal(admin, { name: 'Con líneas', amountCents: 1 });

      const lines = (
        await t
          .http()
          .put(`/api/deals/${deal.id}/lines`)
          .set(admin)
          .send({
            lines: [
              { productId: product.id, quantity: 3 },
              { description: 'Instalación', quantity: 1, unitPriceCents: 45000 },
              { productId: euroProduct.id, quantity: 2, unitPriceCents: 9000 },
            ],
          })
          .expect(200)
      ).body;
      expect(lines).toMatchObject({
        dealId: deal.id,
        currency: 'MXN',
        amountCents: 3 * 120000 + 45000 + 2 * 9000,
      });
      expect(
        lines.lines.map((l: Record<string, unknown>) => [
          l.description,
          l.quantity,
          l.unitPriceCents,
          l.totalCents,
        ]),
      ).toEqual([
        ['Licencia', 3, 120000, 360000],
        ['Instalación', 1, 45000, 45000],
        ['Soporte', 2, 9000, 18000],
      ]);
      expect((await t.http().get(`/api/deals/${deal.id}/lines`).set(admin).expect(200)).body).toEqual(lines);
      const fetched = (await t.http().get(`/api/deals/${deal.id}`).set(admin).expect(200)).body;
      expect(fetched).toMatchObject({ amountCents: 423000, lineCount: 3 });

      const direct = await t
        .http()
        .patch(`/api/deals/${deal.id}`)
        .set(admin)
        .send({ amountCents: 5 })
        .expect(400);
      expect(fieldsOf(direct.body)).toEqual(['amountCents']);
      const currency = await t
        .http()
        .patch(`/api/deals/${deal.id}`)
        .set(admin)
        .send({ currency: 'EUR' })
        .expect(400);
      expect(fieldsOf(currency.body)).toEqual(['currency']);

      const badLines: Array<[Record<string, unknown>, string]> = [
        [{ productId: foreignProduct.id, quantity: 1 }, 'lines.0.productId'],
        [{ description: 'x', quantity: 0, unitPriceCents: 1 }, 'lines.0.quantity'],
        [{ description: 'x', quantity: 1, unitPriceCents: -1 }, 'lines.0.unitPriceCents'],
        [{ quantity: 1, unitPriceCents: 1 }, 'lines.0.description'],
        [{ productId: euroProduct.id, quantity: 1 }, 'lines.0.unitPriceCents'],
      ];
      for (const [line, field] of badLines) {
        const res = await t
          .http()
          .put(`/api/deals/${deal.id}/lines`)
          .set(admin)
          .send({ lines: [line] });
        expect([res.status, fieldsOf(res.body)]).toEqual([400, [field]]);
      }
      expect(await dataSource.getRepository(DealLine).countBy({ dealId: deal.id })).toBe(3);

      // A product used on lines is deactivated, not deleted; the deal may keep it but new deals may not add it.
      const removal = (await t.http().delete(`/api/products/${product.id}`).set(admin).expect(200)).body;
      expect(removal).toMatchObject({ id: product.id, deleted: false, deactivated: true });
      expect((await t.http().get(`/api/products/${product.id}`).set(admin).expect(200)).body.active).toBe(
        false,
      );
      await t
        .http()
        .put(`/api/deals/${deal.id}/lines`)
        .set(admin)
        .send({ lines: [{ productId: product.id, quantity: 1 }] })
        .expect(200);
      const fresh = await createDeal(admin, { name: 'Nuevo' });
      const inactive = await t
        .http()
        .put(`/api/deals/${fresh.id}/lines`)
        .set(admin)
        .send({ lines: [{ productId: product.id, quantity: 1 }] });
      expect([inactive.status, fieldsOf(inactive.body)]).toEqual([400, ['lines.0.productId']]);

      const unused = (
        await t
          .http()
          .post('/api/products')
          .set(admin)
          .send({ name: 'Nada', sku: 'NADA', unitPriceCents: 0, currency: 'MXN' })
          .expect(201)
      ).body;
      expect((await t.http().delete(`/api/products/${unused.id}`).set(admin).expect(200)).body).toMatchObject(
        { deleted: true },
      );
      await t.http().get(`/api/products/${unused.id}`).set(admin).expect(404);
    });

    it('moves a deal between stages of its pipeline and counts visible deals per stage on the board', async () => {
      const board = await createPipeline({
        name: 'Tablero',
        stages: [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
      });
      const [a, b] = board.stages.map((s) => s.id);
      const one = await createDeal(admin, { name: 'Uno', pipelineId: board.id, amountCents: 1000 });
      const two = await createDeal(admin, { name: 'Dos', pipelineId: board.id, amountCents: 2500 });
      await createDeal(admin, { name: 'Tres', pipelineId: board.id, amountCents: 700, currency: 'EUR' });
      expect(one.stageId).toBe(a);

      const moved = (
        await t.http().post(`/api/deals/${two.id}/move`).set(admin).send({ stageId: b }).expect(200)
      ).body;
      expect(moved.stageId).toBe(b);
      const wrong = await t
        .http()
        .post(`/api/deals/${two.id}/move`)
        .set(admin)
        .send({ stageId: stageId(ventas, 'Ganada') })
        .expect(400);
      expect(fieldsOf(wrong.body)).toEqual(['stageId']);
      const event = await dataSource
        .getRepository(OutboxEvent)
        .find({ where: { aggregateId: two.id }, order: { id: 'DESC' }, take: 1 });
      expect(event[0].payload).toMatchObject({ changed: ['stageId'], stage: { from: a, to: b } });

      const view = (await t.http().get(`/api/pipelines/${board.id}/board`).set(admin).expect(200)).body;
      expect(view.stages.map((s: Record<string, unknown>) => [s.name, s.dealCount, s.amounts])).toEqual([
        [
          'A',
          2,
          [
            { currency: 'EUR', amountCents: 700 },
            { currency: 'MXN', amountCents: 1000 },
          ],
        ],
        ['B', 1, [{ currency: 'MXN', amountCents: 2500 }]],
        ['C', 0, []],
      ]);

      // Moving to another pipeline without a stage lands on its first stage.
      const relocated = (
        await t.http().patch(`/api/deals/${one.id}`).set(admin).send({ pipelineId: ventas.id }).expect(200)
      ).body;
      expect(relocated).toMatchObject({ pipelineId: ventas.id, stageId: stageId(ventas, 'Prospección') });
    });

    it('lists with q, filters, sort and paging', async () => {
      const pipeline = await createPipeline({ name: 'Listado', stages: [{ name: 'S1' }, { name: 'S2' }] });
      await createDeal(admin, { name: 'Alfa', pipelineId: pipeline.id, amountCents: 300 });
      await createDeal(admin, { name: 'Beta', pipelineId: pipeline.id, amountCents: 100 });
      await createDeal(admin, {
        name: 'Gamma alfa',
        pipelineId: pipeline.id,
        stageId: pipeline.stages[1].id,
        amountCents: 200,
      });

      const byAmount = (
        await t.http().get(`/api/deals?pipelineId=${pipeline.id}&sort=-amountCents`).set(admin).expect(200)
      ).body;
      expect(byAmount.items.map((d: { name: string }) => d.name)).toEqual(['Alfa', 'Gamma alfa', 'Beta']);
      const page2 = (
        await t
          .http()
          .get(`/api/deals?pipelineId=${pipeline.id}&sort=name&page=2&pageSize=2`)
          .set(admin)
          .expect(200)
      ).body;
      expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2, items: [{ name: 'Gamma alfa' }] });
      const searched = (
        await t.http().get(`/api/deals?pipelineId=${pipeline.id}&q=ALFA`).set(admin).expect(200)
      ).body;
      expect(searched.total).toBe(2);
      const byStage = (
        await t.http().get(`/api/deals?stageId=${pipeline.stages[1].id}`).set(admin).expect(200)
      ).body;
      expect(byStage.items.map((d: { name: string }) => d.name)).toEqual(['Gamma alfa']);
      const badSort = await t.http().get('/api/deals?sort=ownerId').set(admin).expect(400);
      expect(fieldsOf(badSort.body)).toEqual(['sort']);
    });

    it('bulk updates and deletes, reporting ids it did not find', async () => {
      const pipeline = await createPipeline({
        name: 'Masivo',
        stages: [{ name: 'Antes' }, { name: 'Después' }],
      });
      const first = await createDeal(admin, { name: 'M1', pipelineId: pipeline.id });
      const second = await createDeal(admin, { name: 'M2', pipelineId: pipeline.id });
      const foreign = await createDeal(bearer(other.adminToken), { name: 'Ajeno' });
      const missing = '00000000-0000-4000-8000-000000000000';

      const updated = await t
        .http()
        .post('/api/deals/bulk')
        .set(admin)
        .send({
          action: 'update',
          ids: [first.id, second.id, foreign.id, missing],
          changes: { stageId: pipeline.stages[1].id },
        })
        .expect(200);
      expect(updated.body).toEqual({ affected: 2, notFound: [foreign.id, missing] });
      const moved = (await t.http().get(`/api/deals?stageId=${pipeline.stages[1].id}`).set(admin).expect(200))
        .body;
      expect(moved.total).toBe(2);

      const badChange = await t
        .http()
        .post('/api/deals/bulk')
        .set(admin)
        .send({ action: 'update', ids: [first.id], changes: { stageId: stageId(ventas, 'Ganada') } })
        .expect(400);
      expect(fieldsOf(badChange.body)).toEqual(['changes.stageId']);
      const noChanges = await t
        .http()
        .post('/api/deals/bulk')
        .set(admin)
        .send({ action: 'update', ids: [first.id] })
        .expect(400);
      expect(fieldsOf(noChanges.body)).toEqual(['changes']);
      const tooMany = await t
        .http()
        .post('/api/deals/bulk')
        .set(admin)
        .send({ action: 'delete', ids: Array.from({ length: 1001 }, (_, i) => `id-${i}`) })
        .expect(400);
      expect(fieldsOf(tooMany.body)).toEqual(['ids']);

      const deleted = await t
        .http()
        .post('/api/deals/bulk')
        .set(admin)
        .send({ action: 'delete', ids: [first.id, foreign.id] })
        .expect(200);
      expect(deleted.body).toEqual({ affected: 1, notFound: [foreign.id] });
      await t.http().get(`/api/deals/${first.id}`).set(admin).expect(404);
      await t.http().get(`/api/deals/${foreign.id}`).set(bearer(other.adminToken)).expect(200);
    });

    it("answers 404 for another tenant's deals, pipelines and products", async () => {
      const otherAuth = bearer(other.adminToken);
      const foreignDeal = await createDeal(otherAuth, { name: 'Secreto' });
      const foreignPipeline = (await t.http().get('/api/pipelines').set(otherAuth).expect(200))
        .body[0] as PipelineBody;
      const foreignProduct = (
        await t
          .http()
          .post('/api/products')
          .set(otherAuth)
          .send({ name: 'S', sku: 'SECRET', unitPriceCents: 1, currency: 'EUR' })
          .expect(201)
      ).body;

      await t.http().get(`/api/deals/${foreignDeal.id}`).set(admin).expect(404);
      await t.http().patch(`/api/deals/${foreignDeal.id}`).set(admin).send({ name: 'Mío' }).expect(404);
      await t.http().delete(`/api/deals/${foreignDeal.id}`).set(admin).expect(404);
      await t
        .http()
        .post(`/api/deals/${foreignDeal.id}/move`)
        .set(admin)
        .send({ stageId: stageId(ventas, 'Ganada') })
        .expect(404);
      await t.http().get(`/api/deals/${foreignDeal.id}/lines`).set(admin).expect(404);
      await t.http().put(`/api/deals/${foreignDeal.id}/lines`).set(admin).send({ lines: [] }).expect(404);
      await t.http().get(`/api/pipelines/${foreignPipeline.id}`).set(admin).expect(404);
      await t.http().get(`/api/pipelines/${foreignPipeline.id}/board`).set(admin).expect(404);
      await t
        .http()
        .patch(`/api/pipelines/${foreignPipeline.id}`)
        .set(admin)
        .send({ name: 'Mía' })
        .expect(404);
      await t
        .http()
        .delete(`/api/pipelines/${foreignPipeline.id}/stages/${foreignPipeline.stages[0].id}`)
        .set(admin)
        .expect(404);
      await t.http().get(`/api/products/${foreignProduct.id}`).set(admin).expect(404);
      await t.http().delete(`/api/products/${foreignProduct.id}`).set(admin).expect(404);
      const listed = (await t.http().get('/api/deals?q=Secreto').set(admin).expect(200)).body;
      expect(listed.total).toBe(0);
      expect((await t.http().get(`/api/deals/${foreignDeal.id}`).set(otherAuth).expect(200)).body.name).toBe(
        'Secreto',
      );
    });
  });

  describe('team-scoped visibility', () => {
    let own: SignedInUser;
    let teammate: SignedInUser;
    let teamLead: SignedInUser;
    let teamId: string;
    let pipeline: PipelineBody;

    beforeAll(async () => {
      teamId = await insertTeam(t, tenant.tenantId, 'Norte');
      own = await signInNewUser(t, tenant.tenantId, { recordAccess: 'OWN' });
      teammate = await signInNewUser(t, tenant.tenantId, { recordAccess: 'OWN', teamIds: [teamId] });
      teamLead = await signInNewUser(t, tenant.tenantId, { recordAccess: 'TEAM', teamIds: [teamId] });
      pipeline = await createPipeline({ name: 'Visibilidad', stages: [{ name: 'V1' }, { name: 'V2' }] });
    });

    it('an own-records user sees, edits and counts only their deals; others answer 404', async () => {
      const mine = await createDeal(own.auth, { name: 'Mío', pipelineId: pipeline.id, amountCents: 10 });
      const admins = await createDeal(admin, { name: 'Del admin', pipelineId: pipeline.id, amountCents: 99 });

      await t.http().get(`/api/deals/${mine.id}`).set(own.auth).expect(200);
      await t.http().get(`/api/deals/${admins.id}`).set(own.auth).expect(404);
      await t.http().patch(`/api/deals/${admins.id}`).set(own.auth).send({ name: 'x' }).expect(404);
      await t
        .http()
        .post(`/api/deals/${admins.id}/move`)
        .set(own.auth)
        .send({ stageId: pipeline.stages[1].id })
        .expect(404);
      await t.http().get(`/api/deals/${admins.id}/lines`).set(own.auth).expect(404);
      await t.http().delete(`/api/deals/${admins.id}`).set(own.auth).expect(404);
      const listed = (await t.http().get(`/api/deals?pipelineId=${pipeline.id}`).set(own.auth).expect(200))
        .body;
      expect(listed.items.map((d: { id: string }) => d.id)).toEqual([mine.id]);
      const board = (await t.http().get(`/api/pipelines/${pipeline.id}/board`).set(own.auth).expect(200))
        .body;
      expect(board.stages[0]).toMatchObject({
        dealCount: 1,
        amounts: [{ currency: 'MXN', amountCents: 10 }],
      });
      const bulk = await t
        .http()
        .post('/api/deals/bulk')
        .set(own.auth)
        .send({ action: 'delete', ids: [admins.id] })
        .expect(200);
      expect(bulk.body).toEqual({ affected: 0, notFound: [admins.id] });
      await t.http().get(`/api/deals/${admins.id}`).set(admin).expect(200);

      // A contact they cannot see cannot be linked either.
      const hiddenContact = await insertContact(t, tenant.tenantId, 'Oculto', {
        ownerId: tenant.adminUserId,
      });
      const link = await t
        .http()
        .patch(`/api/deals/${mine.id}`)
        .set(own.auth)
        .send({ contactId: hiddenContact });
      expect([link.status, fieldsOf(link.body)]).toEqual([400, ['contactId']]);

      // Handing the deal to someone else takes it out of sight.
      const handed = await t
        .http()
        .patch(`/api/deals/${mine.id}`)
        .set(own.auth)
        .send({ ownerId: tenant.adminUserId })
        .expect(200);
      expect(handed.body.ownerId).toBe(tenant.adminUserId);
      await t.http().get(`/api/deals/${mine.id}`).set(own.auth).expect(404);
    });

    it("a team user sees the team's deals", async () => {
      const teamDeal = await createDeal(teammate.auth, {
        name: 'Del equipo',
        pipelineId: pipeline.id,
        teamId,
      });
      const loneDeal = await createDeal(teammate.auth, { name: 'Sin equipo', pipelineId: pipeline.id });
      await t.http().get(`/api/deals/${teamDeal.id}`).set(teamLead.auth).expect(200);
      await t.http().get(`/api/deals/${loneDeal.id}`).set(teamLead.auth).expect(404);
      const moved = await t
        .http()
        .post(`/api/deals/${teamDeal.id}/move`)
        .set(teamLead.auth)
        .send({ stageId: pipeline.stages[1].id })
        .expect(200);
      expect(moved.body.stageId).toBe(pipeline.stages[1].id);
      const badTeam = await t
        .http()
        .patch(`/api/deals/${teamDeal.id}`)
        .set(teamLead.auth)
        .send({ teamId: '00000000-0000-4000-8000-000000000000' });
      expect([badTeam.status, fieldsOf(badTeam.body)]).toEqual([400, ['teamId']]);
    });
  });
});
