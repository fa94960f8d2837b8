import * as path from 'node:path';
import { parseKeyRing } from '../crypto/key-ring';
import { Environment, InvalidConfigurationError, validateEnvironment } from './environment';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string };

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  /** Embedded mode: no DATABASE_URL, so SQLite under DATA_DIR and everything in one process. */
  embedded: boolean;
  http: { port: number; host: string; publicUrl?: string };
  dataDir: string;
  database: DatabaseConfig;
  /** `prefix` namespaces the Redis keys (default `crm`); tests give each run its own. */
  queue: { kind: 'in-process' } | { kind: 'bullmq'; redisUrl: string; prefix?: string };
  crypto: { keys?: string; keyFile: string };
  log: { level: string };
  demo: { seed: boolean; adminEmail?: string; adminPassword?: string };
  runWorkerInApi: boolean;
  /**
   * Serve the vendor sandboxes (simulated vendor APIs) from the API process, under /sandbox/<vendor>.
   * On by default only when everything runs embedded (no DATABASE_URL, no REDIS_URL).
   */
  sandboxes: boolean;
  /**
   * Where the Mailchimp connector goes. `sandboxUrl` (or, without it, the embedded sandbox when
   * `sandboxes` is on and no OAuth app is configured) replaces Mailchimp's real URLs.
   */
  mailchimp: { clientId?: string; clientSecret?: string; sandboxUrl?: string };
  /** Where the MailUp connector goes; the same rules as `mailchimp`. */
  mailup: { clientId?: string; clientSecret?: string; sandboxUrl?: string };
  /** How long a sync run's worker may stay silent before another resumes the run (engine default when unset). */
  syncRunStaleAfterMs?: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Rules that span variables or need more than a pattern; checked before anything starts. */
function crossFieldProblems(env: Environment): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.ENCRYPTION_KEYS) {
    // Several processes on several hosts must share one key; a generated key file cannot do that.
    problems.push('ENCRYPTION_KEYS is required in production when DATABASE_URL is set');
  }
  if (!!env.MAILCHIMP_CLIENT_ID !== !!env.MAILCHIMP_CLIENT_SECRET)
    problems.push('MAILCHIMP_CLIENT_ID and MAILCHIMP_CLIENT_SECRET go together: set both or neither');
  if (!!env.MAILUP_CLIENT_ID !== !!env.MAILUP_CLIENT_SECRET)
    problems.push('MAILUP_CLIENT_ID and MAILUP_CLIENT_SECRET go together: set both or neither');
  if (env.ENCRYPTION_KEYS) {
    // The pattern admits base64 that decodes to 31 or 33 bytes; the crypto module would fail later.
    try {
      parseKeyRing(env.ENCRYPTION_KEYS);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

export function buildAppConfig(env: Environment, cwd = process.cwd()): AppConfig {
  const problems = crossFieldProblems(env);
  if (problems.length > 0) throw new InvalidConfigurationError(problems);
  const dataDir = path.resolve(cwd, env.DATA_DIR ?? 'data');
  const embedded = !env.DATABASE_URL;
  const nodeEnv = env.NODE_ENV ?? 'development';
  return {
    env: nodeEnv,
    embedded,
    http: { port: env.PORT ?? 3000, host: env.HOST ?? '0.0.0.0', publicUrl: env.PUBLIC_URL },
    dataDir,
    database: env.DATABASE_URL
      ? { kind: 'mysql', url: env.DATABASE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, 'crm.sqlite') },
    queue: env.REDIS_URL ? { kind: 'bullmq', redisUrl: env.REDIS_URL } : { kind: 'in-process' },
    crypto: { keys: env.ENCRYPTION_KEYS, keyFile: path.join(dataDir, 'secret.key') },
    log: { level: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info') },
    demo: {
      seed: env.DEMO_SEED ?? embedded,
      adminEmail: env.DEMO_ADMIN_EMAIL,
      adminPassword: env.DEMO_ADMIN_PASSWORD,
    },
    runWorkerInApi: env.RUN_WORKER_IN_API ?? embedded,
    sandboxes: env.SANDBOXES ?? (embedded && !env.REDIS_URL),
    mailchimp: {
      clientId: env.MAILCHIMP_CLIENT_ID,
      clientSecret: env.MAILCHIMP_CLIENT_SECRET,
      sandboxUrl: env.MAILCHIMP_SANDBOX_URL?.replace(/\/+$/, ''),
    },
    mailup: {
      clientId: env.MAILUP_CLIENT_ID,
      clientSecret: env.MAILUP_CLIENT_SECRET,
      sandboxUrl: env.MAILUP_SANDBOX_URL?.replace(/\/+$/, ''),
    },
    ...(env.SYNC_RUN_STALE_SECONDS ? { syncRunStaleAfterMs: env.SYNC_RUN_STALE_SECONDS * 1000 } : {}),
  };
}

/** Reads and validates process.env; the single entry point used by every app at boot. */
export function loadAppConfig(raw: Record<string, unknown> = process.env): AppConfig {
  return buildAppConfig(validateEnvironment(raw));
}
