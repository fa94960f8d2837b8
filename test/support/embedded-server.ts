import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './browser';
import { RunningMain, startMain, waitForOutput } from './main-process';

/** `npm start`'s server on the embedded defaults, in an empty temporary folder of its own. */
export interface EmbeddedServer {
  /** `http://localhost:<port>`: the web UI at `/`, the API at `/api`, the sandboxes at `/sandbox`. */
  baseUrl: string;
  main: RunningMain;
  stop(): Promise<void>;
}

/**
 * Starts the API's real entry point with nothing configured but the port and the demo
 * administrator's password (SQLite, in-process queue, demo tenant, sandboxes in the process).
 */
export async function startEmbeddedServer(adminPassword: string): Promise<EmbeddedServer> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-web-journey-'));
  const port = await freePort();
  const main = startMain('api', cwd, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
  });
  const stop = async () => {
    if (main.child.exitCode === null && main.child.signalCode === null) {
      main.child.kill('SIGTERM');
      await main.exited;
    }
    fs.rmSync(cwd, { recursive: true, force: true });
  };
  try {
    await waitForOutput(main, 'CRM Connect is running at', 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl: `http://localhost:${port}`, main, stop };
}
