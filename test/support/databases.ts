import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { DatabaseConfig } from '@crm/platform';

/**
 * Test databases: a fresh SQLite file per suite, and (when MariaDB/MySQL is reachable) a fresh
 * database per suite on the server named by TEST_MYSQL_URL, dropped afterwards.
 */
export const MYSQL_SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mariadb://root@127.0.0.1:3306';

/** Set by scripts/test.mjs after probing the server; `required` makes a missing server fail the run. */
export const mysqlState = (process.env.CRM_TEST_MYSQL ?? 'unknown') as 'available' | 'missing' | 'unknown';
export const redisState = (process.env.CRM_TEST_REDIS ?? 'unknown') as 'available' | 'missing' | 'unknown';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type TestDatabaseKind = 'sqlite' | 'mysql';

/** The database kinds this run can test: SQLite always, MySQL unless the probe found none. */
export const databaseKinds: TestDatabaseKind[] = mysqlState === 'missing' ? ['sqlite'] : ['sqlite', 'mysql'];

export interface TestDatabase {
  config: DatabaseConfig;
  dataDir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-test-'));
  if (kind === 'sqlite') {
    return {
      config: { kind: 'sqlite', file: path.join(dataDir, 'crm.sqlite') },
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `crm_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection(MYSQL_SERVER_URL);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    config: { kind: 'mysql', url: `${MYSQL_SERVER_URL.replace(/\/$/, '')}/${name}` },
    dataDir,
    drop: async () => {
      const connection = await createConnection(MYSQL_SERVER_URL);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
