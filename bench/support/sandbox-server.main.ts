/**
 * The Mailchimp sandbox in a process of its own, for benchmarks: its members (up to millions)
 * and its CPU stay out of the product's measurements. In front of the Marketing API it counts
 * the calls (by method and route) and, while asked to, notes when each member write arrived and
 * when its answer went out. The parent learns the port over IPC and reads the figures from
 * `/_bench/*`.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createMailchimpSandbox } from '@crm/sandbox';

/** A member write seen at the sandbox: which address, with which first name, and when. */
export interface MemberWriteSeen {
  email: string;
  firstName: string | null;
  arrivedAt: number;
  answeredAt: number;
  status: number;
}

/** `/3.0/lists/4c1f0a9e2b/members/…` → `/lists/{id}/members/{id}`: ids vary, routes do not. */
const route = (path: string) => path.replace(/\/(?:[0-9a-f]{8,}|\d+)(?=\/|$)/g, '/{id}');

/** The members a write carries: batch subscribe's list, or the one member of a PUT/PATCH/POST. */
function membersOf(
  method: string,
  path: string,
  body: unknown,
): Array<{ email: string; firstName: string | null }> {
  if (!body || typeof body !== 'object' || method === 'GET' || method === 'DELETE') return [];
  const describe = (raw: unknown) => {
    const member = (raw ?? {}) as { email_address?: unknown; merge_fields?: { FNAME?: unknown } };
    return {
      email: String(member.email_address ?? '').toLowerCase(),
      firstName: typeof member.merge_fields?.FNAME === 'string' ? member.merge_fields.FNAME : null,
    };
  };
  const members = (body as { members?: unknown }).members;
  if (/^\/lists\/[^/]+$/.test(path) && Array.isArray(members)) return members.map(describe);
  if (/^\/lists\/[^/]+\/members(\/[^/]+)?$/.test(path)) return [describe(body)];
  return [];
}

/** Calls of one route since the last reset, and how long the sandbox held them in all (latency included). */
export interface RouteCalls {
  count: number;
  totalMs: number;
}

function main(): void {
  let baseUrl = '';
  const sandbox = createMailchimpSandbox({ baseUrl: () => baseUrl });
  const calls = new Map<string, RouteCalls>();
  let writes: MemberWriteSeen[] | null = null;
  // Connections in use over time: their integral (connection-milliseconds) since the last reset.
  const connections = { open: 0, integralMs: 0, since: Date.now(), last: Date.now() };
  const connectionsChange = (by: number) => {
    const now = Date.now();
    connections.integralMs += connections.open * (now - connections.last);
    connections.last = now;
    connections.open += by;
  };

  const routeCalls = (key: string): RouteCalls => {
    let entry = calls.get(key);
    if (!entry) calls.set(key, (entry = { count: 0, totalMs: 0 }));
    return entry;
  };

  const app = express();
  app.use('/3.0', (req, res, next) => {
    const { method, path } = req;
    const arrivedAt = Date.now();
    const routeEntry = routeCalls(`${method} ${route(path)}`);
    routeEntry.count++;
    connectionsChange(1);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      connectionsChange(-1);
      routeEntry.totalMs += Date.now() - arrivedAt;
    };
    res.on('finish', close);
    res.on('close', close);
    const log = writes;
    if (log)
      // The body is read once the sandbox has parsed it.
      res.on('finish', () => {
        const answeredAt = Date.now();
        for (const member of membersOf(method, path, req.body))
          log.push({ ...member, arrivedAt, answeredAt, status: res.statusCode });
      });
    next();
  });
  app.use(sandbox.router);

  const bench = express.Router();
  bench.use(express.json());
  bench.get('/calls', (_req, res) => res.json(Object.fromEntries(calls)));
  bench.delete('/calls', (_req, res) => {
    calls.clear();
    connectionsChange(0);
    Object.assign(connections, { integralMs: 0, since: connections.last });
    res.status(204).end();
  });
  /** How many Marketing API requests were open at once, on average, since the last reset. */
  bench.get('/connections', (_req, res) => {
    connectionsChange(0);
    res.json({ average: connections.integralMs / Math.max(1, connections.last - connections.since) });
  });
  /** Starts (or restarts) noting member writes. */
  bench.post('/writes', (_req, res) => {
    writes = [];
    res.status(204).end();
  });
  bench.get('/writes', (_req, res) => res.json(writes ?? []));
  bench.get('/memory', (_req, res) => res.json(process.memoryUsage()));
  app.use('/_bench', bench);

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
