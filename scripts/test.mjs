#!/usr/bin/env node
/**
 * `npm test`: finds out which servers this machine offers, runs the migration drift check and
 * the whole Jest suite, and ends with one plain summary line.
 *
 *   MariaDB/MySQL at TEST_MYSQL_URL (default mariadb://root@127.0.0.1:3306)
 *   Redis         at TEST_REDIS_URL (default redis://127.0.0.1:6379)
 *   Chromium      at CHROMIUM_PATH  (default /usr/bin/chromium, Debian's), for the web UI's browser tests
 *
 * A missing server (or browser) skips the suites that need it, and says so. With REQUIRE_SERVICES=1
 * or CI=true it fails the run instead: CI must test both databases, both queue drivers and the UI.
 * Extra arguments go to Jest: `npm test -- test/e2e/demo-seed`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const mysqlUrl = process.env.TEST_MYSQL_URL ?? 'mariadb://root@127.0.0.1:3306';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = process.env.REQUIRE_SERVICES === '1' || process.env.CI === 'true';
const jestArgs = process.argv.slice(2);

/** Credentials never reach the console. */
const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function probeMysql() {
  const { createConnection } = require('mysql2/promise');
  let connection;
  try {
    connection = await createConnection({ uri: mysqlUrl, connectTimeout: 3000 });
    await connection.query('SELECT 1');
    return { available: true };
  } catch (error) {
    return { available: false, reason: error.code ?? error.message };
  } finally {
    await connection?.end().catch(() => undefined);
  }
}

async function probeRedis() {
  const { default: Redis } = require('ioredis');
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError;
  redis.on('error', (error) => (lastError = error));
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? { available: true } : { available: false, reason: 'no PONG' };
  } catch (error) {
    return { available: false, reason: lastError?.code ?? error.code ?? error.message };
  } finally {
    redis.disconnect();
  }
}

function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}

const [mysql, redis] = await Promise.all([probeMysql(), probeRedis()]);
const chromium = existsSync(chromiumPath);
const env = {
  ...process.env,
  CRM_TEST_MYSQL: mysql.available ? 'available' : 'missing',
  CRM_TEST_REDIS: redis.available ? 'available' : 'missing',
  CRM_TEST_CHROMIUM: chromium ? 'available' : 'missing',
};

console.log('\nTest servers');
console.log(
  `  MariaDB/MySQL ${redact(mysqlUrl)}: ${mysql.available ? 'available' : `MISSING (${mysql.reason})`}`,
);
console.log(
  `  Redis         ${redact(redisUrl)}: ${redis.available ? 'available' : `MISSING (${redis.reason})`}`,
);
console.log(`  Chromium      ${chromiumPath}: ${chromium ? 'available' : 'MISSING'}`);
const skipped = [];
if (!mysql.available) {
  skipped.push('every MySQL/MariaDB variant of the database, migration and HTTP suites (SQLite runs alone)');
  skipped.push('the MySQL part of the migration drift check');
}
if (!redis.available) skipped.push('the BullMQ queue-driver suites (the in-process driver still runs)');
if (!chromium) skipped.push('the web UI browser journeys (test/web; apt-get install chromium)');
if (skipped.length) {
  console.log(
    `\n${required ? 'REQUIRED but missing' : 'Skipped on this machine'}:\n  - ${skipped.join('\n  - ')}`,
  );
  if (required) {
    console.error(
      '\nREQUIRE_SERVICES=1 (or CI=true): start MariaDB and Redis and install Chromium (see .ci/run), then run again.',
    );
    process.exit(2);
  }
  console.log(
    '  Start MariaDB and Redis and install Chromium (see .ci/run), or set TEST_MYSQL_URL / TEST_REDIS_URL / CHROMIUM_PATH, to run them.',
  );
}

const started = Date.now();
console.log('\nMigration drift check');
const migrationStatus = run('npm', ['run', '--silent', 'migration:check'], env);

// The browser journeys load the built UI; build it now (when stale) rather than inside a test's time.
let webStatus = 0;
if (chromium) {
  console.log('\nWeb UI build');
  webStatus = run(process.execPath, [join(root, 'scripts', 'build-web.mjs')], env);
}

console.log('\nJest');
const reportFile = join(root, 'test-output', 'jest-results.json');
mkdirSync(dirname(reportFile), { recursive: true });
rmSync(reportFile, { force: true });
const jestStatus = run(
  process.execPath,
  [
    require.resolve('jest/bin/jest'),
    '--ci',
    '--maxWorkers=2',
    '--json',
    `--outputFile=${reportFile}`,
    ...jestArgs,
  ],
  env,
);

let report = {
  numPassedTests: 0,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numRuntimeErrorTestSuites: 0,
};
try {
  report = JSON.parse(readFileSync(reportFile, 'utf8'));
} catch {
  console.error('Jest wrote no results (it failed before running the tests).');
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(
  `\nMigration drift check: ${migrationStatus === 0 ? 'passed' : 'FAILED'}` +
    (webStatus === 0 ? '' : '   web UI build: FAILED') +
    `   MariaDB: ${env.CRM_TEST_MYSQL}   Redis: ${env.CRM_TEST_REDIS}   Chromium: ${env.CRM_TEST_CHROMIUM}` +
    `   time: ${minutes} min` +
    (report.numRuntimeErrorTestSuites
      ? `   suites that failed to run: ${report.numRuntimeErrorTestSuites}`
      : ''),
);
// The last line, in the plain "N passed, N failed, N skipped" form CI tools read.
const failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
console.log(
  `tests: ${report.numPassedTests} passed, ${failed} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
);
process.exit(migrationStatus !== 0 ? migrationStatus : webStatus !== 0 ? webStatus : jestStatus);
