import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { MemberWriteSeen, RouteCalls } from './sandbox-server.main';

export type { MemberWriteSeen, RouteCalls };

/** Mailchimp-like call latency: every call costs fixedMs, plus perMemberMs per member it carries. */
export interface LatencyModel {
  fixedMs: number;
  perMemberMs: number;
}

/** A sandbox account as the control API creates it (what a benchmark needs of it). */
export interface SandboxAccount {
  account_id: string;
  api_key: string;
}

/** Starts a sandbox's `main` (a file of this folder) in a child process; answers it and its base URL. */
export async function forkSandbox(main: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = fork(join(__dirname, main), [], {
    execArgv: ['--max-old-space-size=12288', '-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
    env: { ...process.env, TS_NODE_SWC: 'true', TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { baseUrl: string }).baseUrl));
    child.once('exit', (code) => reject(new Error(`The sandbox process exited with ${code}`)));
  });
  return { child, baseUrl };
}

export async function stopSandbox(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * The Mailchimp sandbox in a child process (see sandbox-server.main.ts), driven over HTTP: its
 * control API, the official client's endpoints and the benchmark counters.
 */
export class SandboxServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<SandboxServer> {
    const { child, baseUrl } = await forkSandbox('sandbox-server.main.ts');
    return new SandboxServer(child, baseUrl);
  }

  async createAccount(name: string, latency: LatencyModel): Promise<SandboxAccount> {
    return this.request<SandboxAccount>('POST', '/_control/accounts', { name, settings: { latency } });
  }

  /** A new audience on the account (batch subscribe needs no merge field beyond the defaults). */
  async createAudience(account: SandboxAccount, name: string): Promise<string> {
    const audience = await this.request<{ id: string }>(
      'POST',
      '/3.0/lists',
      {
        name,
        contact: {
          company: 'Acme',
          address1: 'Calle Mayor 1',
          city: 'Madrid',
          state: 'M',
          zip: '28001',
          country: 'ES',
        },
        permission_reminder: 'You signed up on our site.',
        campaign_defaults: {
          from_name: 'Acme',
          from_email: 'news@acme.test',
          subject: 'News',
          language: 'es',
        },
        email_type_option: false,
      },
      account,
    );
    return audience.id;
  }

  /** The audience's member count, as Mailchimp reports it. */
  async memberCount(account: SandboxAccount, listId: string): Promise<number> {
    const list = await this.request<{ stats: { member_count: number } }>(
      'GET',
      `/3.0/lists/${listId}`,
      undefined,
      account,
    );
    return list.stats.member_count;
  }

  /** Marketing API calls since the last reset (of calls and connections), by `METHOD /route`. */
  calls(): Promise<Record<string, RouteCalls>> {
    return this.request('GET', '/_bench/calls');
  }

  /** Marketing API requests open at once, on average, since the last reset. */
  async averageConnections(): Promise<number> {
    return (await this.request<{ average: number }>('GET', '/_bench/connections')).average;
  }

  resetCalls(): Promise<void> {
    return this.request('DELETE', '/_bench/calls');
  }

  /** Starts noting member writes (again from nothing). */
  recordWrites(): Promise<void> {
    return this.request('POST', '/_bench/writes');
  }

  writes(): Promise<MemberWriteSeen[]> {
    return this.request('GET', '/_bench/writes');
  }

  close(): Promise<void> {
    return stopSandbox(this.child);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    account?: SandboxAccount,
  ): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (account)
      headers.authorization = `Basic ${Buffer.from(`bench:${account.api_key}`).toString('base64')}`;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
