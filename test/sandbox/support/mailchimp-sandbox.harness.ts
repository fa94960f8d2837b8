import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  createMailchimpSandbox,
  MailchimpSandbox,
} from '../../../apps/sandbox/src/mailchimp/mailchimp-sandbox';
import { Exchange, MailchimpOpenApi } from './openapi-validator';

// The official client, as the connector uses it: one instance per account, never the singleton.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ApiClient = require('@mailchimp/mailchimp_marketing/src/ApiClient') as new () => MailchimpClient;

/** The parts of the official client the tests use (it ships no types for instances). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MailchimpClient = Record<string, any> & {
  basePath: string;
  setConfig(config: { apiKey?: string; accessToken?: string }): void;
};

export interface SandboxAccountCredentials {
  account_id: string;
  api_key: string;
  dc: string;
  login: { username: string; password: string; email: string };
  oauth: { client_id: string; client_secret: string };
}

let openApi: MailchimpOpenApi | undefined;

/**
 * A Mailchimp sandbox on a free port, with every /3.0 exchange recorded so `conformance()` can
 * check it against the OpenAPI copy of the official spec.
 */
export class SandboxHarness {
  private constructor(
    readonly sandbox: MailchimpSandbox,
    private readonly server: Server,
    readonly baseUrl: string,
    readonly exchanges: Exchange[],
  ) {}

  static async start(options: { dataFile?: string } = {}): Promise<SandboxHarness> {
    let baseUrl = '';
    const sandbox = createMailchimpSandbox({ dataFile: options.dataFile, baseUrl: () => baseUrl });
    const app = express();
    const exchanges: Exchange[] = [];
    app.use('/3.0', (req, res, next) => {
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
        const contentType = String(res.getHeader('content-type') ?? '');
        exchanges.push({
          method: req.method,
          path: req.path,
          status: res.statusCode,
          requestBody: req.method === 'GET' || req.method === 'DELETE' ? undefined : req.body,
          responseBody: text && contentType.includes('json') ? JSON.parse(text) : text || undefined,
          contentType,
        });
      });
      next();
    });
    app.use(sandbox.router);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new SandboxHarness(sandbox, server, baseUrl, exchanges);
  }

  async createAccount(body: Record<string, unknown> = {}): Promise<SandboxAccountCredentials> {
    const response = await fetch(`${this.baseUrl}/_control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`account not created: ${response.status}`);
    return (await response.json()) as SandboxAccountCredentials;
  }

  /** The official client for one account, pointed at this sandbox. */
  client(auth: { apiKey: string } | { accessToken: string }): MailchimpClient {
    const client = new ApiClient();
    client.basePath = `${this.baseUrl}/3.0`;
    client.setConfig(auth);
    return client;
  }

  control(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    return fetch(`${this.baseUrl}/_control${path}`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }

  /** Every recorded exchange that does not conform to the spec, as readable lines. */
  conformance(): string[] {
    openApi ??= new MailchimpOpenApi();
    return this.exchanges.flatMap((exchange) => openApi!.check(exchange));
  }

  async close(): Promise<void> {
    this.sandbox.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The problem body of a rejected official-client call. */
export async function rejection(
  call: Promise<unknown>,
): Promise<{ status: number; title: string; detail: string; errors?: unknown[] }> {
  try {
    await call;
  } catch (error) {
    const response = (error as { status?: number; response?: { body?: unknown; text?: string } }).response;
    const body = (
      response?.body && Object.keys(response.body as object).length
        ? response.body
        : JSON.parse(response?.text ?? '{}')
    ) as {
      status: number;
      title: string;
      detail: string;
    };
    return body;
  }
  throw new Error('the call succeeded');
}

/** A valid `POST /lists` body: an audience named `name`, with `extra` fields over the defaults. */
export const audienceInput = (name: string, extra: Record<string, unknown> = {}) => ({
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
  campaign_defaults: { from_name: 'Acme', from_email: 'news@acme.test', subject: 'News', language: 'es' },
  email_type_option: false,
  ...extra,
});

/**
 * Fakes only the clock that `Date` reads, so a test can jump past an expiry while the sandbox's
 * server, sockets and timers keep running for real. Undo with `jest.useRealTimers()`.
 */
export function fakeDateOnly(): void {
  jest.useFakeTimers({
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
