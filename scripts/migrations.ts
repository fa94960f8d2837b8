/**
 * Generates a migration for each supported database from the difference between the entities
 * and the schema the existing migrations build, on throwaway databases:
 *
 *   npm run migration:generate -- AddSomething
 *
 * `--check` prints the drift instead and exits 1 when there is any (`npm test` runs it; with
 * CRM_TEST_MYSQL=missing it checks SQLite only).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestDatabaseKind } from '../test/support/databases';

const MIGRATIONS_DIR = path.join(__dirname, '..', 'libs', 'platform', 'src', 'database', 'migrations');

async function diff(kind: TestDatabaseKind): Promise<{ up: string[]; down: string[] }> {
  // Loaded lazily: the migration indexes are rewritten first, so a deleted file cannot break the import.
  const { DataSource } = await import('typeorm');
  const { buildDataSourceOptions } = await import('@crm/platform');
  const { databaseEntities } = await import('@crm/connector-sdk');
  const { createTestDatabase } = await import('../test/support/databases');
  const database = await createTestDatabase(kind);
  const dataSource = new DataSource(buildDataSourceOptions(database.config, { entities: databaseEntities }));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query).reverse() };
  } finally {
    await dataSource.destroy();
    await database.drop();
  }
}

const quote = (sql: string) =>
  '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';

function writeMigration(kind: TestDatabaseKind, name: string, up: string[], down: string[]): string {
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const folder = path.join(MIGRATIONS_DIR, kind);
  const file = path.join(folder, `${timestamp}-${name}.ts`);
  const body = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${quote(q)});`).join('\n');
  fs.writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
      `export class ${className} implements MigrationInterface {\n  name = '${className}';\n\n` +
      `  public async up(queryRunner: QueryRunner): Promise<void> {\n${body(up)}\n  }\n\n` +
      `  public async down(queryRunner: QueryRunner): Promise<void> {\n${body(down)}\n  }\n}\n`,
  );
  writeIndex(kind);
  return file;
}

function writeIndex(kind: TestDatabaseKind): void {
  const folder = path.join(MIGRATIONS_DIR, kind);
  const files = fs
    .readdirSync(folder)
    .filter((f) => /^\d+-.+\.ts$/.test(f))
    .sort();
  const imports = files.map(
    (f, i) => `import { ${classOf(folder, f)} as M${i} } from './${f.replace(/\.ts$/, '')}';`,
  );
  const exportName = kind === 'mysql' ? 'mysqlMigrations' : 'sqliteMigrations';
  const label = kind === 'mysql' ? 'MySQL 8 / MariaDB 10.11' : 'the embedded SQLite database';
  fs.writeFileSync(
    path.join(folder, 'index.ts'),
    `// Migrations for ${label}, in order. Generated with \`npm run migration:generate -- <Name>\`.\n` +
      imports.join('\n') +
      (imports.length ? '\n\n' : '') +
      `export const ${exportName}: Array<new () => unknown> = [${files.map((_, i) => `M${i}`).join(', ')}];\n`,
  );
}

function classOf(folder: string, file: string): string {
  const match = /export class (\w+)/.exec(fs.readFileSync(path.join(folder, file), 'utf8'));
  if (!match) throw new Error(`No migration class in ${file}`);
  return match[1];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const name = args.find((a) => !a.startsWith('--'));
  if (!check && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
    console.error('Usage: npm run migration:generate -- <PascalCaseName>   (or --check)');
    process.exit(2);
  }
  writeIndex('sqlite');
  writeIndex('mysql');
  let drift = false;
  // `npm test` probes the server first; without one a check covers SQLite only (generating needs both).
  const mysqlMissing = check && process.env.CRM_TEST_MYSQL === 'missing';
  if (mysqlMissing)
    console.log('mysql: skipped, no MariaDB/MySQL server at TEST_MYSQL_URL (checked SQLite only)');
  for (const kind of (mysqlMissing ? ['sqlite'] : ['sqlite', 'mysql']) as TestDatabaseKind[]) {
    const { up, down } = await diff(kind);
    if (up.length === 0) {
      console.log(`${kind}: schema matches the entities`);
      continue;
    }
    drift = true;
    if (check) console.log(`${kind}: ${up.length} pending change(s):\n  ${up.join(';\n  ')}`);
    else console.log(`${kind}: wrote ${writeMigration(kind, name!, up, down)}`);
  }
  if (check && drift) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
