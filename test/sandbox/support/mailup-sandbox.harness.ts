import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createMailupSandbox, MailupSandbox } from '../../../apps/sandbox/src/mailup/mailup-sandbox';
import { RequestPacer } from '../../../apps/sandbox/src/mailup/demo/request-pacer';
import type { MailupExchange } from './mailup-sample-shapes';

export const CONSOLE = '/API/v1.1/Rest/ConsoleService.svc/Console';
export const STATISTICS = '/API/v1.1/Rest/MailStatisticsService.svc';

export interface MailupCredentials {
  accountId: number;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  admin: boolean;
  company: string;
}

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token: string;
}

/** Any JSON answer, for tests that read it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A MailUp answer: its status and its JSON body (undefined when empty). */
export interface MailupAnswer<T> {
  status: number;
  body: T;
}

export interface MailupErrorBody {
  ErrorCode: string;
  ErrorDescription: string;
  ErrorName: string | null;
  ErrorStack: null;
}

export interface Paged<T> {
  IsPaginated: boolean;
  Items: T[];
  PageNumber: number;
  PageSize: number;
  Skipped: number;
  TotalElementsCount: number;
}

export interface ImportStatus {
  idImport: number;
  Completed: boolean;
  UpdatedRecipients: number;
  ValidRecipients: number;
  CreatedRecipients: number;
  ImportedRecipients: number;
  NotValidRecipients: number;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  return response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
}

/**
 * One account's API client, as a connector would be: a Bearer token, and calls paced to MailUp's
 * 5 per second (the sandbox enforces the limit; tests that probe it call `raw`).
 */
export class MailupClient {
  private readonly pacer = new RequestPacer();

  /**
   * `waitOutThrottling`: the account is shared with other callers (the product under test), whose
   * calls this client's pacer cannot see; a 429 for too many requests is waited out and retried,
   * as a person in the console would.
   */
  constructor(
    private readonly baseUrl: string,
    public token: string,
    private readonly options: { waitOutThrottling?: boolean } = {},
  ) {}

  console<T = Json>(method: string, path: string, body?: unknown): Promise<MailupAnswer<T>> {
    return this.paced(() => this.raw<T>(method, `${CONSOLE}${path}`, body));
  }

  stats<T = Json>(path: string): Promise<MailupAnswer<T>> {
    return this.paced(() => this.raw<T>('GET', `${STATISTICS}${path}`));
  }

  private async paced<T>(call: () => Promise<MailupAnswer<T>>): Promise<MailupAnswer<T>> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.pacer.run(call);
      const throttled = answer.status === 429 && JSON.stringify(answer.body).includes('too_many_requests');
      if (!this.options.waitOutThrottling || !throttled || attempt === 5) return answer;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /** One unpaced call below the sandbox's root, with this client's token. */
  async raw<T = Json>(method: string, path: string, body?: unknown): Promise<MailupAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await readBody(response)) as T };
  }

  /** Polls an import until it has completed. */
  async completedImport(idImport: number): Promise<ImportStatus> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { status, body } = await this.console<ImportStatus>('GET', `/Import/${idImport}`);
      if (status !== 200) throw new Error(`import ${idImport}: ${status} ${JSON.stringify(body)}`);
      if (body.Completed) return body;
    }
    throw new Error(`import ${idImport} did not complete`);
  }
}

/** A MailUp sandbox on a free port, with every API exchange recorded for the sample-shape check. */
export class MailupHarness {
  private constructor(
    readonly sandbox: MailupSandbox,
    private readonly server: Server,
    readonly baseUrl: string,
    readonly exchanges: MailupExchange[],
  ) {}

  static async start(options: { dataFile?: string } = {}): Promise<MailupHarness> {
    let baseUrl = '';
    const sandbox = createMailupSandbox({ dataFile: options.dataFile, baseUrl: () => baseUrl });
    const exchanges: MailupExchange[] = [];
    const app = express();
    app.use('/API', (req, res, next) => {
      const at = Date.now();
      const chunks: Buffer[] = [];
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (chunk) chunks.push(Buffer.from(chunk as Buffer));
        return write(chunk, ...rest);
      }) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Buffer));
        return end(chunk, ...rest);
      }) as typeof res.end;
      res.on('finish', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        exchanges.push({
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          body: text ? (JSON.parse(text) as unknown) : undefined,
          at,
        });
      });
      next();
    });
    app.use(sandbox.router);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new MailupHarness(sandbox, server, baseUrl, exchanges);
  }

  control(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    return fetch(`${this.baseUrl}/_control${path}`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }

  /** A control call that must succeed; its JSON answer. */
  async controlOk<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    const response = await this.control(path, { body });
    const answer = await readBody(response);
    if (!response.ok) throw new Error(`control ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer as T;
  }

  createAccount(body: Record<string, unknown> = {}): Promise<MailupCredentials> {
    return this.controlOk<MailupCredentials>('/accounts', body);
  }

  /** A list made in the console of the account. */
  async createList(account: MailupCredentials, name = 'Newsletter'): Promise<number> {
    const list = await this.controlOk<{ idList: number }>(`/accounts/${account.username}/lists`, { name });
    return list.idList;
  }

  /** `POST /Authorization/OAuth/Token` with a form (and optional extra headers or method). */
  tokenRequest(
    params: Record<string, string>,
    init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const query = new URLSearchParams(params).toString();
    if (init.method === 'GET')
      return fetch(`${this.baseUrl}/Authorization/OAuth/Token?${query}`, { headers: init.headers });
    return fetch(`${this.baseUrl}/Authorization/OAuth/Token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
      body: query,
    });
  }

  async passwordGrant(account: MailupCredentials): Promise<TokenAnswer> {
    const response = await this.tokenRequest({
      grant_type: 'password',
      client_id: account.clientId,
      client_secret: account.clientSecret,
      username: account.username,
      password: account.password,
    });
    if (response.status !== 200) throw new Error(`password grant: ${response.status}`);
    return (await response.json()) as TokenAnswer;
  }

  /** A client for the account, signed in with the password grant. */
  async connect(
    account: MailupCredentials,
    options: { waitOutThrottling?: boolean } = {},
  ): Promise<MailupClient> {
    return new MailupClient(this.baseUrl, (await this.passwordGrant(account)).access_token, options);
  }

  async close(): Promise<void> {
    this.sandbox.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
