import type { DataSource } from 'typeorm';

const LOCK_NAME = 'crm_connect_migrations';
const LOCK_TIMEOUT_SECONDS = 300;

/**
 * Runs pending migrations. On MySQL/MariaDB several processes (API and workers) may start at
 * once, so a named server lock makes them take turns: the first migrates, the others then find
 * nothing pending. SQLite is embedded in one process and needs no lock.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type === 'better-sqlite3') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  // GET_LOCK belongs to a connection, so take and release it on one dedicated runner.
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [
      LOCK_NAME,
      LOCK_TIMEOUT_SECONDS,
    ])) as Array<{
      acquired: number | string | null;
    }>;
    if (Number(row?.acquired) !== 1) {
      throw new Error(`Another process held the migration lock for more than ${LOCK_TIMEOUT_SECONDS} s`);
    }
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await runner.release();
  }
}
