import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  asTenantId,
  NotFoundError,
  openDataSource,
  platformEntities,
  TenantScopedRepository,
} from '@crm/platform';
import { crmCoreEntities, Team } from '@crm/core';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';

/**
 * The tenancy guarantee at its root: whatever a service passes, a TenantScopedRepository never
 * returns, counts, changes or deletes a row of another tenant. Real database, real CRM entity.
 */
describe.each(databaseKinds)('TenantScopedRepository on %s', (kind) => {
  const tenantA = asTenantId(randomUUID());
  const tenantB = asTenantId(randomUUID());
  let database: TestDatabase;
  let dataSource: DataSource;
  let teams: TenantScopedRepository<Team>;
  let bTeam: Team;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dataSource = await openDataSource(database.config, {
      entities: [...platformEntities, ...crmCoreEntities],
    });
    teams = new TenantScopedRepository(dataSource.getRepository(Team), 'Team');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await dataSource.getRepository(Team).clear();
    await teams.save(tenantA, [
      teams.create(tenantA, { name: 'Sales' }),
      teams.create(tenantA, { name: 'Support' }),
    ]);
    bTeam = await teams.save(tenantB, teams.create(tenantB, { name: 'Sales', description: 'tenant B' }));
  });

  /** A row as stored, read around the repository. */
  const rowOf = (id: string) => dataSource.getRepository(Team).findOneByOrFail({ id });
  const bRow = () => rowOf(bTeam.id);

  it('create() and save() stamp the tenant', async () => {
    const plain = dataSource.getRepository(Team).create({ name: 'No tenant yet' });

    const saved = await teams.save(tenantA, plain);

    expect(teams.create(tenantA, { name: 'x' }).tenantId).toBe(tenantA);
    expect((await rowOf(saved.id)).tenantId).toBe(tenantA);
  });

  it('find() returns only the tenant rows, whatever the where says', async () => {
    const names = (rows: Team[]) => rows.map((t) => t.name).sort();

    expect(names(await teams.find(tenantA))).toEqual(['Sales', 'Support']);
    expect(names(await teams.find(tenantB))).toEqual(['Sales']);
    expect(await teams.find(tenantA, { where: { id: bTeam.id } })).toEqual([]);
    expect(names(await teams.find(tenantA, { where: { tenantId: tenantB } }))).toEqual(['Sales', 'Support']);
    expect(names(await teams.find(tenantA, { where: [{ id: bTeam.id }, { name: 'Support' }] }))).toEqual([
      'Support',
    ]);
    expect(
      (await teams.find(tenantA, { where: { name: 'Sales' } })).every((t) => t.tenantId === tenantA),
    ).toBe(true);
  });

  it('findById()/findOne() treat another tenant id as absent; getById() throws NotFoundError', async () => {
    expect(await teams.findById(tenantA, bTeam.id)).toBeNull();
    expect(await teams.findOne(tenantA, { id: bTeam.id })).toBeNull();
    expect(await teams.findOne(tenantA, [{ id: bTeam.id }])).toBeNull();
    await expect(teams.getById(tenantA, bTeam.id)).rejects.toThrow(NotFoundError);
    expect((await teams.getById(tenantB, bTeam.id)).description).toBe('tenant B');
  });

  it('count()/exists() count only the tenant rows', async () => {
    expect(await teams.count(tenantA)).toBe(2);
    expect(await teams.count(tenantB)).toBe(1);
    expect(await teams.count(tenantA, { id: bTeam.id })).toBe(0);
    expect(await teams.exists(tenantA, { description: 'tenant B' })).toBe(false);
    expect(await teams.exists(tenantB, { description: 'tenant B' })).toBe(true);
  });

  it('query() is restricted to the tenant and cannot be widened past it', async () => {
    expect((await teams.query(tenantA, 't').getMany()).map((t) => t.tenantId)).toEqual([tenantA, tenantA]);
    expect(await teams.query(tenantA, 't').andWhere('t.id = :id', { id: bTeam.id }).getCount()).toBe(0);
    // where() would replace the tenant condition and orWhere() would add rows of any tenant.
    expect(() => teams.query(tenantA, 't').where('t.id = :id', { id: bTeam.id })).toThrow(/tenant/);
    expect(() => teams.query(tenantA, 't').orWhere('t.id = :id', { id: bTeam.id })).toThrow(/tenant/);
  });

  it('delete() never deletes another tenant row', async () => {
    expect(await teams.delete(tenantA, { id: bTeam.id })).toBe(0);
    expect(await teams.delete(tenantA, { tenantId: tenantB })).toBe(2); // the tenant wins over the where
    expect(await teams.count(tenantA)).toBe(0);
    expect((await bRow()).name).toBe('Sales');
  });

  it('save() refuses an entity of another tenant and changes nothing', async () => {
    const [aTeam] = await teams.find(tenantA, { where: { name: 'Support' } });
    bTeam.name = 'Taken over';
    aTeam.name = 'Renamed in the same call';

    await expect(teams.save(tenantA, bTeam)).rejects.toThrow('Refusing to save a Team of another tenant');
    await expect(teams.save(tenantA, [aTeam, bTeam])).rejects.toThrow('of another tenant');

    expect((await bRow()).name).toBe('Sales');
    expect(await teams.exists(tenantA, { name: 'Renamed in the same call' })).toBe(false);
  });

  it("save() refuses a row carrying this tenant's id but another tenant's primary key (no takeover)", async () => {
    const forged = teams.create(tenantA, { id: bTeam.id, name: 'Hijacked' });

    await expect(teams.save(tenantA, forged)).rejects.toThrow(NotFoundError);

    expect(await bRow()).toMatchObject({ tenantId: tenantB, name: 'Sales' });
    expect(await teams.count(tenantA)).toBe(2);
  });

  it('remove() refuses another tenant row, even under a forged tenant id', async () => {
    await expect(teams.remove(tenantA, bTeam)).rejects.toThrow('of another tenant');
    await expect(teams.remove(tenantA, teams.create(tenantA, { id: bTeam.id }))).rejects.toThrow(
      NotFoundError,
    );
    expect(await bRow()).toMatchObject({ tenantId: tenantB });

    const [aTeam] = await teams.find(tenantA);
    await teams.remove(tenantA, aTeam);
    expect(await teams.count(tenantA)).toBe(1);
  });

  it('withManager() keeps the scope inside a transaction, and rolls back with it', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        const scoped = teams.withManager(manager);
        expect(scoped).toBeInstanceOf(TenantScopedRepository);
        await scoped.save(tenantA, scoped.create(tenantA, { name: 'Temporary' }));
        expect(await scoped.count(tenantA)).toBe(3);
        expect(await scoped.findById(tenantA, bTeam.id)).toBeNull();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    expect(await teams.exists(tenantA, { name: 'Temporary' })).toBe(false);
  });
});
