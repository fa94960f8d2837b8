import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface RunningMain {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * An app's real entry point (`apps/<app>/src/main.ts`) in a child process, as `npm start` runs
 * it, in `cwd` (use an empty folder so no .env or ./data of the repository is picked up) and with
 * a clean environment: nothing from the developer's shell or from Jest (NODE_ENV=test) leaks in.
 */
export function startMain(app: 'api' | 'worker', cwd: string, env: Record<string, string>): RunningMain {
  return startScript(path.join(ROOT, 'apps', app, 'src', 'main.ts'), cwd, env);
}

/** Any TypeScript entry script of the repository, run the same way (e.g. a test-only worker). */
export function startScript(script: string, cwd: string, env: Record<string, string>): RunningMain {
  let output = '';
  const child = spawn(
    process.execPath,
    ['-r', require.resolve('ts-node/register'), '-r', require.resolve('tsconfig-paths/register'), script],
    {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
        TS_NODE_SWC: 'true',
        TS_NODE_TRANSPILE_ONLY: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Resolves once the process printed `text`; rejects if it exits first or the time runs out. */
export async function waitForOutput(main: RunningMain, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!main.output().includes(text)) {
    if (main.child.exitCode !== null || main.child.signalCode !== null) {
      throw new Error(`Process exited before printing "${text}":\n${main.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`No "${text}" within ${timeoutMs} ms:\n${main.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
