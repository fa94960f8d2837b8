import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Bound values per statement: under SQLite's (32,766) and MySQL's (65,535) limits. */
const MAX_PARAMETERS = 30_000;
/**
 * Rows per statement: building and escaping one is synchronous work, so a few hundred rows at a
 * time let the process answer its other I/O (vendor responses, say) between statements.
 */
const MAX_ROWS = 500;

/**
 * Inserts rows of one entity with multi-row INSERT statements, every value converted by the
 * driver exactly as TypeORM's own insert converts it (JSON text, datetimes, booleans). For paths
 * that write hundreds of rows per batch, such as a sync's record links and audit lines: TypeORM's
 * insert builder names and looks up every value as a parameter, which costs more CPU than the
 * database spends on the rows. Rows are plain values — no entity listeners run — so ids and
 * timestamps must be set; a missing value takes the column's default, else NULL where allowed.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: ReadonlyArray<Partial<T>>,
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const { driver } = manager.connection;
  const columns = metadata.columns.filter((column) => !column.isVirtual);
  const value = (row: Partial<T>, column: ColumnMetadata): unknown => {
    let raw = column.getEntityValue(row) as unknown;
    if (raw === undefined) {
      if (column.default !== undefined && typeof column.default !== 'function') raw = column.default;
      else if (column.isNullable) raw = null;
      else throw new Error(`${metadata.name}.${column.propertyName} has no value to insert`);
    }
    return driver.preparePersistentValue(raw, column);
  };
  const head =
    `INSERT INTO ${driver.escape(metadata.tableName)} ` +
    `(${columns.map((column) => driver.escape(column.databaseName)).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const column of columns) parameters.push(value(row, column));
    await manager.query(head + chunk.map(() => tuple).join(', '), parameters);
  }
}
