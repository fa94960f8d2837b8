import * as fs from 'node:fs';
import { AppConfig, loadAppConfig } from './app-config';
import { InvalidConfigurationError } from './environment';

/**
 * The boot step shared by every process: reads `.env` when present, validates the environment,
 * and on a bad value prints one message listing every problem and exits with status 1, before
 * any module (database, queue) starts.
 */
export function loadAppConfigOrExit(
  processName: string,
  raw: Record<string, unknown> = process.env,
): AppConfig {
  if (raw === process.env && fs.existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadAppConfig(raw);
  } catch (error) {
    if (!(error instanceof InvalidConfigurationError)) throw error;
    console.error(`${processName} cannot start.\n${error.message}`);
    process.exit(1);
  }
}
