import { Column, DataSource, Entity } from 'typeorm';
import {
  buildDataSourceOptions,
  openDataSource,
  pendingSchemaChanges,
  TenantOwnedEntity,
} from '@crm/platform';
import { Team } from '@crm/core';
import { databaseEntities } from '@crm/connector-sdk';
import { createTestDatabase, databaseKinds, TestDatabase } from '../support/databases';
import { describeWithMysql } from '../support/service-gates';

const entities = databaseEntities;

/** An entity no migration knows: stands for "someone changed an entity and forgot the migration". */
@Entity('drift_probe')
class DriftProbe extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 20 })
  label: string;
}

/** The team table as someone might change it: one more column, no migration. */
@Entity('team')
class TeamWithUnmigratedColumn extends Team {
  @Column({ type: 'varchar', length: 7, nullable: true })
  colour: string | null;
}

async function userTables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> =
    dataSource.options.type === 'better-sqlite3'
      ? await dataSource.query(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
        )
      : await dataSource.query(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`,
        );
  return rows.map((row) => row.name).sort();
}

describe.each(databaseKinds)('schema migrations on %s', (kind) => {
  let database: TestDatabase;
  let dataSource: DataSource | undefined;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    dataSource = undefined;
    await database.drop();
  });

  it('migrates a fresh database to exactly the entities (no drift)', async () => {
    dataSource = await openDataSource(database.config, { entities });

    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    expect(await dataSource.showMigrations()).toBe(false);
    expect(await userTables(dataSource)).toEqual(
      expect.arrayContaining([
        'schema_migrations',
        'outbox_event',
        'tenant',
        'team',
        'organization',
        'contact',
      ]),
    );
  });

  it('reports drift when an entity has no migration (the check can fail)', async () => {
    dataSource = await openDataSource(database.config, { entities: [...entities, DriftProbe] });

    const pending = await pendingSchemaChanges(dataSource);

    expect(pending.length).toBeGreaterThan(0);
    expect(pending.join('\n')).toMatch(/CREATE TABLE [`"]drift_probe[`"]/);
  });

  it('reports drift when an existing entity gains a column without a migration', async () => {
    const changed = entities.map((entity) => (entity === Team ? TeamWithUnmigratedColumn : entity));
    dataSource = await openDataSource(database.config, { entities: changed });

    const pending = (await pendingSchemaChanges(dataSource)).join('\n');

    expect(pending).toContain('colour');
    expect(pending).not.toContain('drift_probe');
  });

  it('runs every down() back to an empty schema, then up again without drift', async () => {
    dataSource = await openDataSource(database.config, { entities });
    const applied = dataSource.migrations.length;
    expect(applied).toBeGreaterThan(0);

    for (let i = 0; i < applied; i++) await dataSource.undoLastMigration({ transaction: 'each' });

    expect(await userTables(dataSource)).toEqual(['schema_migrations']);
    expect(await dataSource.query('SELECT * FROM schema_migrations')).toEqual([]);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
  });

  it('opens an already migrated database without re-running migrations', async () => {
    await (await openDataSource(database.config, { entities })).destroy();

    dataSource = await openDataSource(database.config, { entities });

    const rows: unknown[] = await dataSource.query('SELECT * FROM schema_migrations');
    expect(rows).toHaveLength(dataSource.migrations.length);
  });

  it('builds options that never synchronize unless a test asks to', () => {
    expect(buildDataSourceOptions(database.config, { entities }).synchronize).toBe(false);
    expect(buildDataSourceOptions(database.config, { entities, synchronizeForTests: true }).synchronize).toBe(
      true,
    );
  });
});

describeWithMysql('concurrent start on MariaDB', () => {
  it('two processes opening a fresh database migrate it once, one after the other', async () => {
    const database = await createTestDatabase('mysql');
    const opened: DataSource[] = [];
    try {
      opened.push(
        ...(await Promise.all([
          openDataSource(database.config, { entities }),
          openDataSource(database.config, { entities }),
        ])),
      );
      const applied: Array<{ name: string }> = await opened[0].query('SELECT name FROM schema_migrations');
      expect(applied.map((row) => row.name).sort()).toEqual(opened[0].migrations.map((m) => m.name).sort());
      expect(await pendingSchemaChanges(opened[1])).toEqual([]);
    } finally {
      await Promise.all(opened.map((dataSource) => dataSource.destroy()));
      await database.drop();
    }
  });
});
