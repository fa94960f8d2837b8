import type { Request } from 'express';
import type { MailupContext } from '../context';
import { MailupError } from '../http/mailup-error';
import type { MailupAccount } from '../state';

/** The control API's JSON body readers: a wrong field is a 400 that names it and why. */

export type Body = Record<string, unknown>;

export function bodyOf(req: Request): Body {
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw MailupError.badRequest('body: must be a JSON object');
  return body as Body;
}

export function optionalText(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw MailupError.badRequest(`${key}: must be a string`);
  return value;
}

export function requiredText(body: Body, key: string): string {
  const value = optionalText(body, key)?.trim();
  if (!value) throw MailupError.badRequest(`${key}: is required`);
  return value;
}

export function optionalBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value !== undefined && typeof value !== 'boolean')
    throw MailupError.badRequest(`${key}: must be true or false`);
  return value;
}

export function optionalInteger(body: Body, key: string, minimum: number): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < minimum)
    throw MailupError.badRequest(`${key}: must be an integer of at least ${minimum}`);
  return value as number;
}

export function requiredInteger(body: Body, key: string, minimum: number): number {
  const value = optionalInteger(body, key, minimum);
  if (value === undefined) throw MailupError.badRequest(`${key}: is required`);
  return value;
}

/** The account the control path names by its username (`m1234`). */
export function accountNamed(context: MailupContext, req: Request): MailupAccount {
  const username = String(req.params.username);
  const account = context.state.byUsername(username);
  if (!account) throw MailupError.notFound(`Account ${username} not found`);
  return account;
}
