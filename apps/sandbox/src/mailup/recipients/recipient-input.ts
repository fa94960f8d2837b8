import { MailupError } from '../http/mailup-error';
import type { MailupAccount } from '../state';

/** MailUp stores dynamic field values as nvarchar(200). */
export const FIELD_VALUE_MAX = 200;

/** A ConsoleRecipientItem as a client sends it, checked for shape. */
export interface RecipientInput {
  idRecipient?: number;
  email?: string;
  name?: string;
  mobileNumber?: string;
  mobilePrefix?: string;
  fields?: Array<{ Id: number; Value: string }>;
}

export const isValidEmail = (email: string) => /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[A-Za-z]{2,}$/.test(email);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typeName = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

function optionalText(body: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw MailupError.badRequest(`${path}${key}: must be a string, got ${typeName(value)}`);
  return value;
}

/** `Fields: [{Id, Value}]`: ids of the account's dynamic fields, values of at most 200 characters. */
function readFields(account: MailupAccount, value: unknown, path: string): RecipientInput['fields'] {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw MailupError.badRequest(`${path}Fields: must be an array, got ${typeName(value)}`);
  return value.map((field, index) => {
    const at = `${path}Fields[${index}]`;
    if (!isRecord(field)) throw MailupError.badRequest(`${at}: must be an object with Id and Value`);
    const id = field.Id;
    if (!Number.isInteger(id))
      throw MailupError.badRequest(`${at}.Id: must be an integer, got ${typeName(id)}`);
    if (!account.fields.some((f) => f.Id === id))
      throw MailupError.badRequest(`${at}.Id: no dynamic field ${String(id)} in this account`);
    const raw = field.Value ?? '';
    if (typeof raw !== 'string' && typeof raw !== 'number')
      throw MailupError.badRequest(`${at}.Value: must be a string, got ${typeName(raw)}`);
    const text = String(raw);
    if (text.length > FIELD_VALUE_MAX)
      throw MailupError.badRequest(
        `${at}.Value: ${text.length} characters, dynamic field values may have at most ${FIELD_VALUE_MAX}`,
      );
    return { Id: id as number, Value: text };
  });
}

/**
 * Reads a ConsoleRecipientItem (`{idRecipient?, Email, Name, MobileNumber, MobilePrefix, Fields}`);
 * `path` prefixes the field names of its errors (`[3].` for an import's fourth item). The email is
 * not checked here: a sync write refuses a bad one, an import counts it as not valid.
 */
export function readRecipientInput(account: MailupAccount, body: unknown, path = ''): RecipientInput {
  if (!isRecord(body)) throw MailupError.badRequest(`${path || 'body'}: must be a recipient object`);
  const idRecipient = body.idRecipient;
  if (idRecipient !== undefined && idRecipient !== null && !Number.isInteger(idRecipient))
    throw MailupError.badRequest(`${path}idRecipient: must be an integer, got ${typeName(idRecipient)}`);
  return {
    idRecipient: (idRecipient ?? undefined) as number | undefined,
    email: optionalText(body, 'Email', path)?.trim(),
    name: optionalText(body, 'Name', path),
    mobileNumber: optionalText(body, 'MobileNumber', path) || undefined,
    mobilePrefix: optionalText(body, 'MobilePrefix', path) || undefined,
    fields: readFields(account, body.Fields, path),
  };
}

/** The email a synchronous write needs: present and well formed, or a 400. */
export function requireValidEmail(input: RecipientInput): string {
  if (!input.email) throw MailupError.badRequest('Email: is required');
  if (!isValidEmail(input.email))
    throw MailupError.badRequest(`Email: "${input.email}" is not a valid email address`);
  return input.email;
}
