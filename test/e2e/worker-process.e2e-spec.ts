import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningMain, startMain, waitForOutput } from '../support/main-process';

describe('worker entry point (real process)', () => {
  let cwd: string;
  let worker: RunningMain | undefined;

  beforeEach(() => (cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-worker-'))));
  afterEach(async () => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    worker = undefined;
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('refuses to start on a bad configuration with the same message as the API, naming every bad value', async () => {
    worker = startMain('worker', cwd, { DATABASE_URL: 'postgres://db/crm', RUN_WORKER_IN_API: 'maybe' });

    const { code } = await worker.exited;

    expect(code).toBe(1);
    expect(worker.output()).toContain('CRM Connect worker cannot start.');
    expect(worker.output()).toContain('DATABASE_URL must look like mysql://user:password@host:3306/database');
    expect(worker.output()).toContain('RUN_WORKER_IN_API');
    expect(worker.output()).not.toMatch(/^\s+at /m);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('starts without HTTP, migrates the database, and stops cleanly on SIGTERM', async () => {
    worker = startMain('worker', cwd, { LOG_LEVEL: 'warn' });

    await waitForOutput(worker, 'CRM Connect worker started', 45000);
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;

    // Nest closes the application (consumers, queue, database), then re-raises the signal.
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(fs.existsSync(path.join(cwd, 'data', 'crm.sqlite'))).toBe(true);
    expect(worker.output()).not.toMatch(/"level":(40|50|60)/);
  });
});
