/**
 * The MailUp sandbox in a process of its own, for benchmarks: its recipients and its CPU stay out
 * of the product's measurements. The parent learns the port over IPC and reads what the sandbox
 * saw (each account's requests) from its control API.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createMailupSandbox } from '@crm/sandbox';

function main(): void {
  let baseUrl = '';
  const sandbox = createMailupSandbox({ baseUrl: () => baseUrl });
  const app = express();
  app.use(sandbox.router);
  const server = app.listen(0, '127.0.0.1', () => {
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.send?.({ baseUrl });
  });
  const stop = () => {
    sandbox.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

main();
