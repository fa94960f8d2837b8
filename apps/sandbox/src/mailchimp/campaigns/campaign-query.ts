import type { Request } from 'express';
import { queryText } from '../http/collection';
import { MailchimpProblem } from '../http/problem';

/** Query parameters of the campaign and report collections, refused as Mailchimp does when malformed. */

/** An ISO 8601 time filter (`since_send_time`, `since`…) as epoch ms. */
export function queryTime(req: Request, name: string): number | undefined {
  const text = queryText(req, name);
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms))
    throw MailchimpProblem.invalidResource(`The ${name} parameter must be an ISO 8601 time.`);
  return ms;
}

export function queryChoice<T extends string>(
  req: Request,
  name: string,
  choices: readonly T[],
): T | undefined {
  const text = queryText(req, name);
  if (text === undefined) return undefined;
  if (!choices.includes(text as T))
    throw MailchimpProblem.invalidResource(`The ${name} parameter must be one of: ${choices.join(', ')}.`);
  return text as T;
}

/** Sorts by `sort_field`/`sort_dir` when the request asks for it (`sort_dir` defaults to ASC). */
export function sortedBy<T>(
  req: Request,
  items: T[],
  fields: Record<string, (item: T) => string | number>,
): T[] {
  const field = queryChoice(req, 'sort_field', Object.keys(fields));
  const dir = queryChoice(req, 'sort_dir', ['ASC', 'DESC'] as const) ?? 'ASC';
  if (!field) return items;
  const key = fields[field];
  const sign = dir === 'DESC' ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -sign : x > y ? sign : 0;
  });
}
