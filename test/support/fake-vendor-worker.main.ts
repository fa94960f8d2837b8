import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadAppConfigOrExit } from '@crm/platform';
import { RunLedger } from '@crm/connector-sdk';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { RemoteFakeConnectorModule } from './remote-fake-vendor';

/**
 * A worker process exactly like apps/worker's, except that its only connector is the fake one
 * over HTTP (FAKE_VENDOR_URL) and runs count as abandoned after SYNC_RUN_STALE_MS — for tests
 * that kill workers mid-sync.
 */
async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit('CRM Connect test worker');
  if (process.env.SYNC_RUN_STALE_MS) RunLedger.staleAfterMs = Number(process.env.SYNC_RUN_STALE_MS);
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, [RemoteFakeConnectorModule.register(process.env.FAKE_VENDOR_URL!)]),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  console.log('CRM Connect test worker started');
}

void bootstrap();
