import 'reflect-metadata';
import { loadAppConfigOrExit } from '@crm/platform';
import { createWorkerApp } from './worker.factory';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit('CRM Connect worker');
  await createWorkerApp(config);
  console.log(
    `CRM Connect worker started  (database: ${config.database.kind}, queue: ${config.queue.kind}; stop with SIGTERM)`,
  );
}

void bootstrap();
