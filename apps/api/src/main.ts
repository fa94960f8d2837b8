import 'reflect-metadata';
import * as fs from 'node:fs';
import { InvalidConfigurationError, loadAppConfig } from '@crm/platform';
import { createApiApp } from './app.factory';

async function bootstrap(): Promise<void> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      console.error(`CRM Connect cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApiApp(config);
  await app.listen(config.http.port, config.http.host);
  const url = `http://localhost:${config.http.port}`;
  console.log(
    `\nCRM Connect is running at ${url}  (API docs: ${url}/api/docs)` +
      `\n  database: ${config.database.kind}${config.database.kind === 'sqlite' ? ` (${config.database.file})` : ''}` +
      `  queue: ${config.queue.kind}  worker in this process: ${config.runWorkerInApi ? 'yes' : 'no'}\n`,
  );
}

void bootstrap();
