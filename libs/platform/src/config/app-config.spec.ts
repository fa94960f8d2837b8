import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildAppConfig, loadAppConfig } from './app-config';
import { InvalidConfigurationError, validateEnvironment } from './environment';

const validKeys = `1:${randomBytes(32).toString('base64')}`;

/** The configuration error thrown for `env`, so a test can read its problems. */
function configErrorFor(env: Record<string, string>): InvalidConfigurationError {
  try {
    loadAppConfig(env);
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return error;
    throw error;
  }
  throw new Error(`Expected ${JSON.stringify(env)} to be refused`);
}

describe('loadAppConfig', () => {
  it('runs embedded with nothing configured: SQLite under ./data, in-process queue, port 3000', () => {
    const config = loadAppConfig({});
    const dataDir = path.resolve(process.cwd(), 'data');

    expect(config).toEqual({
      env: 'development',
      embedded: true,
      http: { port: 3000, host: '0.0.0.0' },
      dataDir,
      database: { kind: 'sqlite', file: path.join(dataDir, 'crm.sqlite') },
      queue: { kind: 'in-process' },
      crypto: { keys: undefined, keyFile: path.join(dataDir, 'secret.key') },
      log: { level: 'info' },
      demo: { seed: true, adminEmail: undefined, adminPassword: undefined },
      runWorkerInApi: true,
      sandboxes: true,
      mailchimp: { clientId: undefined, clientSecret: undefined, sandboxUrl: undefined },
      mailup: { clientId: undefined, clientSecret: undefined, sandboxUrl: undefined },
    });
  });

  it('takes a Mailchimp OAuth app only as a pair, and a sandbox URL without its trailing slash', () => {
    expect(() => loadAppConfig({ MAILCHIMP_CLIENT_ID: 'abc' })).toThrow(
      /MAILCHIMP_CLIENT_SECRET go together/,
    );
    expect(
      loadAppConfig({
        MAILCHIMP_CLIENT_ID: 'abc',
        MAILCHIMP_CLIENT_SECRET: 'xyz',
        MAILCHIMP_SANDBOX_URL: 'http://127.0.0.1:4010/',
      }).mailchimp,
    ).toEqual({ clientId: 'abc', clientSecret: 'xyz', sandboxUrl: 'http://127.0.0.1:4010' });
    expect(() => loadAppConfig({ MAILCHIMP_SANDBOX_URL: 'localhost:4010' })).toThrow(/MAILCHIMP_SANDBOX_URL/);
  });

  it('takes a MailUp OAuth app only as a pair, and a sandbox URL without its trailing slash', () => {
    expect(() => loadAppConfig({ MAILUP_CLIENT_SECRET: 'xyz' })).toThrow(/MAILUP_CLIENT_SECRET go together/);
    expect(
      loadAppConfig({
        MAILUP_CLIENT_ID: 'abc',
        MAILUP_CLIENT_SECRET: 'xyz',
        MAILUP_SANDBOX_URL: 'http://127.0.0.1:4011/',
      }).mailup,
    ).toEqual({ clientId: 'abc', clientSecret: 'xyz', sandboxUrl: 'http://127.0.0.1:4011' });
    expect(() => loadAppConfig({ MAILUP_SANDBOX_URL: 'localhost:4011' })).toThrow(/MAILUP_SANDBOX_URL/);
  });

  it('treats empty variables as unset', () => {
    expect(loadAppConfig({ PORT: '', DATABASE_URL: '', REDIS_URL: '' })).toMatchObject({
      http: { port: 3000 },
      database: { kind: 'sqlite' },
      queue: { kind: 'in-process' },
    });
  });

  it('resolves DATA_DIR against the working directory', () => {
    const config = buildAppConfig(validateEnvironment({ DATA_DIR: 'var/crm' }), '/srv/app');

    expect(config.dataDir).toBe('/srv/app/var/crm');
    expect(config.database).toEqual({ kind: 'sqlite', file: '/srv/app/var/crm/crm.sqlite' });
    expect(config.crypto.keyFile).toBe('/srv/app/var/crm/secret.key');
  });

  it.each(['mysql://crm:pw@db:3306/crm', 'mariadb://root@127.0.0.1:3306/crm?charset=utf8mb4'])(
    'selects MySQL/MariaDB for DATABASE_URL=%s and leaves embedded mode',
    (url) => {
      const config = loadAppConfig({ DATABASE_URL: url });

      expect(config.database).toEqual({ kind: 'mysql', url });
      expect(config.embedded).toBe(false);
      expect(config.runWorkerInApi).toBe(false);
      expect(config.demo.seed).toBe(false);
      expect(config.sandboxes).toBe(false);
    },
  );

  it('selects BullMQ when REDIS_URL is set', () => {
    expect(loadAppConfig({ REDIS_URL: 'redis://cache:6379' }).queue).toEqual({
      kind: 'bullmq',
      redisUrl: 'redis://cache:6379',
    });
    expect(loadAppConfig({ REDIS_URL: 'rediss://u:p@cache:6380/2' }).queue.kind).toBe('bullmq');
  });

  it('takes how long a silent worker keeps its sync run in whole seconds', () => {
    expect(loadAppConfig({}).syncRunStaleAfterMs).toBeUndefined();
    expect(loadAppConfig({ SYNC_RUN_STALE_SECONDS: '5' }).syncRunStaleAfterMs).toBe(5000);
    expect(configErrorFor({ SYNC_RUN_STALE_SECONDS: '0.5' }).problems).toEqual([
      'SYNC_RUN_STALE_SECONDS must be a whole number from 1 to 3600',
    ]);
  });

  it('serves the sandboxes by default only when fully embedded, and SANDBOXES overrides it', () => {
    expect(loadAppConfig({}).sandboxes).toBe(true);
    expect(loadAppConfig({ REDIS_URL: 'redis://cache:6379' }).sandboxes).toBe(false);
    expect(loadAppConfig({ SANDBOXES: 'off' }).sandboxes).toBe(false);
    expect(loadAppConfig({ SANDBOXES: 'on', DATABASE_URL: 'mysql://crm:pw@db:3306/crm' }).sandboxes).toBe(
      true,
    );
  });

  it('reads port, booleans, log level and demo credentials', () => {
    const config = loadAppConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'yes',
      RUN_WORKER_IN_API: 'off',
      DEMO_ADMIN_EMAIL: 'admin@example.com',
      DEMO_ADMIN_PASSWORD: 'long enough',
      ENCRYPTION_KEYS: validKeys,
    });

    expect(config).toMatchObject({
      env: 'production',
      http: { port: 8080, host: '127.0.0.1' },
      log: { level: 'warn' },
      demo: { seed: true, adminEmail: 'admin@example.com', adminPassword: 'long enough' },
      runWorkerInApi: false,
      crypto: { keys: validKeys },
    });
  });

  it('is silent by default under test', () => {
    expect(loadAppConfig({ NODE_ENV: 'test' }).log.level).toBe('silent');
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '80.5' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://db:5432/crm' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db:3306' }],
    ['DATABASE_URL', { DATABASE_URL: 'db:3306/crm' }],
    ['REDIS_URL', { REDIS_URL: 'cache:6379' }],
    ['ENCRYPTION_KEYS', { ENCRYPTION_KEYS: '1:short' }],
    ['ENCRYPTION_KEYS', { ENCRYPTION_KEYS: randomBytes(32).toString('base64') }],
    // 44 base64 characters pass the pattern but decode to 33 bytes.
    ['ENCRYPTION_KEYS', { ENCRYPTION_KEYS: `1:${randomBytes(33).toString('base64')}` }],
    ['ENCRYPTION_KEYS', { ENCRYPTION_KEYS: `${validKeys},1:${randomBytes(32).toString('base64')}` }],
    ['DEMO_ADMIN_PASSWORD', { DEMO_ADMIN_PASSWORD: 'short' }],
    ['DEMO_ADMIN_EMAIL', { DEMO_ADMIN_EMAIL: 'not-an-email' }],
    ['DEMO_SEED', { DEMO_SEED: 'maybe' }],
    ['RUN_WORKER_IN_API', { RUN_WORKER_IN_API: 'sometimes' }],
    ['SANDBOXES', { SANDBOXES: 'maybe' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
  ])('refuses a bad %s (%j) with a message naming it', (variable, env) => {
    const error = configErrorFor(env);

    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems.every((problem) => problem.startsWith(variable))).toBe(true);
    expect(error.message).toContain(variable);
  });

  it('says once, plainly, what PORT must be', () => {
    expect(configErrorFor({ PORT: 'abc' }).problems).toEqual(['PORT must be a whole number from 0 to 65535']);
  });

  it('lists every problem at once', () => {
    const error = configErrorFor({ PORT: 'abc', DATABASE_URL: 'nope', DEMO_ADMIN_PASSWORD: 'short' });

    for (const variable of ['PORT', 'DATABASE_URL', 'DEMO_ADMIN_PASSWORD']) {
      expect(error.problems.some((problem) => problem.startsWith(variable))).toBe(true);
    }
  });

  it('never echoes a rejected key in the message', () => {
    const secret = randomBytes(33).toString('base64');
    expect(configErrorFor({ ENCRYPTION_KEYS: `1:${secret}` }).message).not.toContain(secret);
  });

  it('refuses production on a server database without ENCRYPTION_KEYS (a key file cannot be shared)', () => {
    const env = { NODE_ENV: 'production', DATABASE_URL: 'mysql://crm:pw@db:3306/crm' };

    expect(configErrorFor(env).problems).toEqual([
      'ENCRYPTION_KEYS is required in production when DATABASE_URL is set',
    ]);
    expect(loadAppConfig({ ...env, ENCRYPTION_KEYS: validKeys }).crypto.keys).toBe(validKeys);
    expect(loadAppConfig({ NODE_ENV: 'production' }).embedded).toBe(true);
  });
});
