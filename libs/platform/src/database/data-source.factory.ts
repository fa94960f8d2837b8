import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { mysqlMigrations } from './migrations/mysql';
import { sqliteMigrations } from './migrations/sqlite';
import { runMigrationsExclusively } from './migration-lock';
import { serializeSqliteTransactions } from './sqlite-transactions';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

export interface DataSourceBuildOptions {
  entities: EntityList;
  /** Only tests may build the schema from entities; production always runs migrations. */
  synchronizeForTests?: boolean;
  logging?: boolean;
}

/**
 * The one place that turns configuration into TypeORM options: MySQL/MariaDB through mysql2
 * when DATABASE_URL is set, otherwise an embedded SQLite file (better-sqlite3). Both use the
 * same entities and their own migration folder.
 */
export function buildDataSourceOptions(
  db: DatabaseConfig,
  options: DataSourceBuildOptions,
): DataSourceOptions {
  const common = {
    entities: options.entities,
    synchronize: options.synchronizeForTests === true,
    migrationsRun: false,
    logging: options.logging ?? false,
    migrationsTableName: 'schema_migrations',
  };
  if (db.kind === 'mysql') {
    return {
      ...common,
      // TypeORM reads MariaDB's catalog differently (nullable defaults); the URL scheme says which.
      type: db.url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
      url: db.url,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      supportBigNumbers: true,
      bigNumberStrings: false,
      dateStrings: false,
      extra: { connectionLimit: 20 },
      migrations: mysqlMigrations,
    };
  }
  if (db.file !== ':memory:') fs.mkdirSync(path.dirname(db.file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.file,
    // WAL lets readers proceed while the worker writes; foreign keys are off by default in SQLite.
    prepareDatabase: (raw: { pragma(sql: string): unknown }) => {
      raw.pragma('journal_mode = WAL');
      raw.pragma('busy_timeout = 5000');
      raw.pragma('foreign_keys = ON');
    },
    migrations: sqliteMigrations,
  };
}

/** Opens a data source and brings its schema up to date with the migrations. */
export async function openDataSource(
  db: DatabaseConfig,
  options: DataSourceBuildOptions,
): Promise<DataSource> {
  const dataSource = new DataSource(buildDataSourceOptions(db, options));
  await dataSource.initialize();
  serializeSqliteTransactions(dataSource);
  if (!options.synchronizeForTests) await runMigrationsExclusively(dataSource);
  return dataSource;
}

/**
 * SQL statements that would be needed to make the schema match the entities.
 * Empty after the migrations ran means the migrations are complete (no drift).
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
  return sqlInMemory.upQueries.map((query) => query.query);
}
