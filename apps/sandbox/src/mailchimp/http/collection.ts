import type { Request } from 'express';
import { MailchimpProblem } from './problem';

/** Mailchimp's booleans in a query: true/1 (any case) are true, anything else false. */
export const queryFlag = (req: Request, name: string): boolean =>
  /^(true|1)$/i.test(String(req.query[name] ?? ''));

export const queryText = (req: Request, name: string): string | undefined => {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** `count` (default 10, at most 1000) and `offset` (default 0). */
export function paging(req: Request): { count: number; offset: number } {
  const count = queryText(req, 'count');
  const offset = queryText(req, 'offset');
  const parsed = {
    count: count === undefined ? 10 : Number(count),
    offset: offset === undefined ? 0 : Number(offset),
  };
  if (!Number.isInteger(parsed.count) || parsed.count < 0)
    throw MailchimpProblem.invalidResource('The count parameter must be a non-negative integer.');
  if (parsed.count > 1000) throw MailchimpProblem.invalidResource('The count parameter may not exceed 1000.');
  if (!Number.isInteger(parsed.offset) || parsed.offset < 0)
    throw MailchimpProblem.invalidResource('The offset parameter must be a non-negative integer.');
  return parsed;
}

export function page<T>(req: Request, items: T[]): T[] {
  const { count, offset } = paging(req);
  return items.slice(offset, offset + count);
}

/**
 * Partial responses: `fields` keeps, `exclude_fields` drops, comma-separated paths with dot
 * notation (`members.email_address`); the two are exclusive. Arrays apply the rest of the path
 * to each element.
 */
export function project(req: Request, body: unknown): unknown {
  const fields = queryText(req, 'fields');
  const exclude = queryText(req, 'exclude_fields');
  if (fields && exclude)
    throw MailchimpProblem.invalidResource(
      'The fields and exclude_fields parameters are mutually exclusive.',
    );
  if (fields)
    return keep(
      body,
      fields.split(',').map((f) => f.trim().split('.')),
    );
  if (exclude)
    return drop(
      body,
      exclude.split(',').map((f) => f.trim().split('.')),
    );
  return body;
}

function keep(value: unknown, paths: string[][]): unknown {
  if (Array.isArray(value)) return value.map((item) => keep(item, paths));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const [head, ...rest] of paths) {
    if (!(head in record)) continue;
    const nested = paths.filter((p) => p[0] === head && p.length > 1).map((p) => p.slice(1));
    out[head] = rest.length === 0 || nested.length === 0 ? record[head] : keep(record[head], nested);
    if (paths.some((p) => p[0] === head && p.length === 1)) out[head] = record[head];
  }
  return out;
}

function drop(value: unknown, paths: string[][]): unknown {
  if (Array.isArray(value)) return value.map((item) => drop(item, paths));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const path of paths) {
    if (path.length === 1) delete out[path[0]];
    else if (path[0] in out) out[path[0]] = drop(out[path[0]], [path.slice(1)]);
  }
  return out;
}

/** A Mailchimp collection answer: the items under their key, total_items and _links. */
export function collection(
  key: string,
  all: unknown[],
  items: unknown[],
  extra: Record<string, unknown> = {},
) {
  return { [key]: items, ...extra, total_items: all.length, _links: [] };
}
