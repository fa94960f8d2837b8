import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@crm/platform';
import { WorkerModule } from './worker.module';

/** Builds and starts the worker (main.ts and the tests): migrations run, consumers and schedules start. */
export async function createWorkerApp(
  config: AppConfig,
  connectors?: Parameters<typeof WorkerModule.forRoot>[1],
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, connectors), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT close the context: consumers stop taking jobs, running ones finish, connections close.
  app.enableShutdownHooks();
  return app;
}
