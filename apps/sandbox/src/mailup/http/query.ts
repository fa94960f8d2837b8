import type { Request } from 'express';
import { MailupError } from './mailup-error';

/** A query parameter by name, whatever its casing (`pageNumber`, `PageNumber`, `confirmemail`…). */
export function queryParam(req: Request, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(req.query))
    if (key.toLowerCase() === wanted) return typeof value === 'string' ? value : String(value);
  return undefined;
}

/** A boolean query parameter: `true`/`false` (any case) or absent; anything else is a 400. */
export function queryFlag(req: Request, name: string): boolean {
  const value = queryParam(req, name);
  if (value === undefined || value === '') return false;
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  throw MailupError.badRequest(`${name}: must be true or false, got "${value}"`);
}

/** A path id: a positive integer, or a 400 naming the parameter. */
export function pathId(req: Request, name: string): number {
  const raw = String(req.params[name]);
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id))
    throw MailupError.badRequest(`${name}: must be an integer, got "${raw}"`);
  return id;
}
