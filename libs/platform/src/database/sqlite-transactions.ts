import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';

/**
 * TypeORM shares one connection for SQLite, so two concurrent `transaction()` calls would nest
 * as savepoints of one transaction: a rollback of the first would silently discard the second.
 * In embedded mode transactions therefore run one after another; a transaction started inside
 * another (same async context) runs directly, as a savepoint.
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const inside = new AsyncLocalStorage<boolean>();
  const manager = dataSource.manager;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();

  (manager as { transaction: unknown }).transaction = (...args: unknown[]): Promise<unknown> => {
    if (inside.getStore()) return original(...args);
    const run = tail.then(() => inside.run(true, () => original(...args)));
    tail = run.catch(() => undefined);
    return run;
  };
}
