import { DynamicModule, Module } from '@nestjs/common';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TenantId } from '@crm/platform';
import {
  ConnectedAccount,
  ConnectionContext,
  Connector,
  ConnectorError,
  ConnectorErrorCode,
  ConnectorManifest,
  ConnectorPlugin,
  ListsCapability,
  MembersCapability,
  MemberWrite,
} from '@crm/connector-sdk';
import { FakeConnector, fakeManifest, FakeVendor } from '@crm/connector-sdk/testing';

/**
 * The fake vendor behind a tiny HTTP server, so a worker in another process (one a test kills)
 * syncs with the same in-memory vendor the test inspects. The server logs every write.
 */
export interface ServedVendor {
  url: string;
  /** The addresses of each writeMembers call, in arrival order. */
  writes: string[][];
  close(): Promise<void>;
}

const passThrough: ConnectionContext = {
  tenantId: '' as TenantId,
  installationId: '',
  credentials: {},
  account: { id: 'remote', label: 'remote', metadata: {} },
  budget: { run: (call) => call() },
};

export async function serveFakeVendor(
  vendor: FakeVendor,
  options: { writeLatencyMs?: number } = {},
): Promise<ServedVendor> {
  const connector = new FakeConnector(vendor);
  const writes: string[][] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      void (async () => {
        const { method, args } = JSON.parse(body) as {
          method: 'listLists' | 'readMembers' | 'writeMembers' | 'checkHealth' | 'connectWithCredentials';
          args: unknown[];
        };
        try {
          if (method === 'writeMembers') {
            writes.push((args[1] as MemberWrite[]).map((w) => w.email));
            await new Promise((resolve) => setTimeout(resolve, options.writeLatencyMs ?? 0));
          }
          if (method === 'readMembers') {
            const query = args[1] as { changedSince?: string };
            if (query.changedSince)
              (query as { changedSince?: unknown }).changedSince = new Date(query.changedSince);
          }
          const call = connector[method] as (...a: unknown[]) => Promise<unknown>;
          const result =
            method === 'connectWithCredentials'
              ? await connector.connectWithCredentials(args[0] as Record<string, string>)
              : await call.call(connector, passThrough, ...args);
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null));
        } catch (error) {
          const coded =
            error instanceof ConnectorError
              ? error
              : new ConnectorError(ConnectorErrorCode.TEMPORARY, String(error));
          response
            .writeHead(422, { 'content-type': 'application/json' })
            .end(JSON.stringify({ code: coded.code, message: coded.message, details: coded.details }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    writes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Small batches and two calls at a time, so a sync of a few hundred records takes a while. */
export const remoteManifest: ConnectorManifest = {
  ...fakeManifest,
  capabilities: ['lists', 'members'],
  limits: { ...fakeManifest.limits, maxBatchSize: 20, budget: { maxConcurrent: 2 } },
};

/** The fake connector's lists and members, over HTTP to a served fake vendor. */
@ConnectorPlugin()
export class RemoteFakeConnector implements Connector, ListsCapability, MembersCapability {
  readonly manifest = remoteManifest;

  constructor(private readonly url: string) {}

  connectWithCredentials(input: Record<string, string>): Promise<ConnectedAccount> {
    return this.post('connectWithCredentials', [input]);
  }

  checkHealth(context: ConnectionContext): Promise<void> {
    return this.call(context, 'checkHealth', []);
  }

  listLists(context: ConnectionContext) {
    return this.call<Awaited<ReturnType<ListsCapability['listLists']>>>(context, 'listLists', []);
  }

  readMembers(
    context: ConnectionContext,
    listId: string,
    options: { cursor?: string; changedSince?: Date; pageSize: number },
  ) {
    return this.call<Awaited<ReturnType<MembersCapability['readMembers']>>>(context, 'readMembers', [
      listId,
      options,
    ]);
  }

  writeMembers(context: ConnectionContext, listId: string, writes: MemberWrite[]) {
    return this.call<Awaited<ReturnType<MembersCapability['writeMembers']>>>(context, 'writeMembers', [
      listId,
      writes,
    ]);
  }

  private call<T>(context: ConnectionContext, method: string, args: unknown[]): Promise<T> {
    return context.budget.run(() => this.post<T>(method, args));
  }

  private async post<T>(method: string, args: unknown[]): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, { method: 'POST', body: JSON.stringify({ method, args }) });
    } catch (error) {
      throw new ConnectorError(ConnectorErrorCode.TEMPORARY, `Fake vendor unreachable: ${String(error)}`);
    }
    const body = (await response.json()) as T & {
      code?: ConnectorErrorCode;
      message?: string;
      details?: ConnectorError['details'];
    };
    if (!response.ok) throw new ConnectorError(body.code!, body.message!, body.details);
    return body;
  }
}

@Module({})
export class RemoteFakeConnectorModule {
  static register(url: string): DynamicModule {
    return {
      module: RemoteFakeConnectorModule,
      providers: [{ provide: RemoteFakeConnector, useValue: new RemoteFakeConnector(url) }],
    };
  }
}
