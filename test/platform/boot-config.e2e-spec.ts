import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { RunningMain, startMain } from '../support/main-process';

const startApi = (cwd: string, env: Record<string, string>): RunningMain => startMain('api', cwd, env);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(url: string, api: RunningMain, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.child.exitCode !== null) throw new Error(`API exited early:\n${api.output()}`);
    try {
      return await fetch(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`API did not answer ${url} within ${timeoutMs} ms:\n${api.output()}`);
}

describe('API boot configuration (real process)', () => {
  let cwd: string;
  let api: RunningMain | undefined;

  beforeEach(() => (cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-boot-'))));
  afterEach(async () => {
    if (api && api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL');
      await api.exited;
    }
    api = undefined;
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('refuses to start with PORT=abc: exits non-zero with one clear line naming PORT', async () => {
    api = startApi(cwd, { PORT: 'abc' });

    const { code } = await api.exited;

    expect(code).not.toBe(0);
    expect(api.output()).toMatch(/cannot start/);
    expect(api.output()).toContain('PORT must be a whole number from 0 to 65535');
    expect(api.output()).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(fs.readdirSync(cwd)).toEqual([]); // nothing created before refusing
  });

  it('refuses an ENCRYPTION_KEYS entry that matches the pattern but is not a 32-byte key, before boot', async () => {
    const key = randomBytes(33).toString('base64');
    api = startApi(cwd, { ENCRYPTION_KEYS: `1:${key}` });

    const { code } = await api.exited;

    expect(code).not.toBe(0);
    expect(api.output()).toContain('ENCRYPTION_KEYS version 1: key must decode to 32 bytes');
    expect(api.output()).not.toContain(key);
    expect(api.output()).not.toMatch(/^\s+at /m);
  });

  it('boots embedded from an empty directory with no route-syntax warnings, then stops on SIGTERM', async () => {
    const port = await freePort();
    api = startApi(cwd, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });

    const health = await waitForHealth(`http://127.0.0.1:${port}/api/health`, api, 45000);

    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', queue: { driver: 'in-process' } });
    expect(fs.existsSync(path.join(cwd, 'data', 'crm.sqlite'))).toBe(true);
    expect(fs.statSync(path.join(cwd, 'data', 'secret.key')).mode & 0o777).toBe(0o600);
    api.child.kill('SIGTERM');
    const exit = await api.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(api.output()).not.toContain('Unsupported route path');
    expect(api.output()).not.toMatch(/"level":(40|50|60)/); // no warnings or errors at all
  });
});
