import 'reflect-metadata';
import { loadAppConfigOrExit } from '@crm/platform';
import { createApiApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit('CRM Connect');
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
