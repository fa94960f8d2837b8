import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';

/** Only recognised spellings convert; anything else stays a string so @IsBoolean reports it. */
const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const spelled = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(spelled)) return true;
  if (['0', 'false', 'no', 'off'].includes(spelled)) return false;
  return value;
};

// One message for every PORT constraint: "abc" breaks all three, and one line says it best.
const PORT_MESSAGE = 'PORT must be a whole number from 0 to 65535';
const SYNC_RUN_STALE_MESSAGE = 'SYNC_RUN_STALE_SECONDS must be a whole number from 1 to 3600';

/**
 * Every environment variable the product reads, validated once at boot.
 * Required only when its feature is on: with nothing set the product runs embedded.
 */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: PORT_MESSAGE })
  @Min(0, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  /** The origin users and vendors reach the API at (OAuth callbacks, webhook URLs) when behind a proxy. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+$/, {
    message: 'PUBLIC_URL must be an origin like https://crm.example.com (no path)',
  })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/]+\/[^/?]+/, {
    message: 'DATABASE_URL must look like mysql://user:password@host:3306/database',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL?: string;

  /** Comma-separated `version:base64key` pairs; the highest version encrypts, all decrypt. */
  @IsOptional()
  @Matches(/^\d+:[A-Za-z0-9+/=]{43,44}(,\d+:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'ENCRYPTION_KEYS must be comma-separated version:base64-32-byte-key pairs, e.g. 1:<44 chars>',
  })
  ENCRYPTION_KEYS?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_SEED?: boolean;

  @IsOptional()
  @Matches(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: 'DEMO_ADMIN_EMAIL must be an email address' })
  DEMO_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'DEMO_ADMIN_PASSWORD must be at least 8 characters' })
  @MaxLength(200)
  DEMO_ADMIN_PASSWORD?: string;

  /** Run the worker (schedules, queue consumers) inside the API process. Defaults to on when embedded. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  RUN_WORKER_IN_API?: boolean;

  /** Serve the vendor sandboxes (Mailchimp under /sandbox/mailchimp, MailUp under /sandbox/mailup). On when embedded. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SANDBOXES?: boolean;

  /** The OAuth app registered with Mailchimp; without one the Mailchimp sandbox's demo app is used. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  MAILCHIMP_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  MAILCHIMP_CLIENT_SECRET?: string;

  /**
   * Seconds a sync run may go without its worker's heartbeat before it is presumed dead and another
   * worker resumes the run from its checkpoint (default 60).
   */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: SYNC_RUN_STALE_MESSAGE })
  @Min(1, { message: SYNC_RUN_STALE_MESSAGE })
  @Max(3600, { message: SYNC_RUN_STALE_MESSAGE })
  SYNC_RUN_STALE_SECONDS?: number;

  /** A Mailchimp sandbox to use instead of the real Mailchimp (e.g. the standalone one on port 4010). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'MAILCHIMP_SANDBOX_URL must be an http(s) URL' })
  MAILCHIMP_SANDBOX_URL?: string;

  /** The OAuth app registered with MailUp; without one the MailUp sandbox's demo app is used. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  MAILUP_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  MAILUP_CLIENT_SECRET?: string;

  /** A MailUp sandbox to use instead of the real MailUp (e.g. the standalone one on port 4011). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'MAILUP_SANDBOX_URL must be an http(s) URL' })
  MAILUP_SANDBOX_URL?: string;
}

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfigurationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  const problems = errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  return [...new Set(problems)];
}

/** Validates raw env values; throws one error that lists every problem. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(Environment, cleaned, { enableImplicitConversion: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) throw new InvalidConfigurationError(describe(errors));
  return env;
}
