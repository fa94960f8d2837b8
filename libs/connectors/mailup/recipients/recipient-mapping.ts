import type { MemberStatus } from '@crm/connector-sdk';

/** A recipient as the console answers it (ConsoleRecipientItem); `Name` is not always sent. */
export interface RecipientItem {
  idRecipient: number;
  Email: string;
  Name?: string | null;
  MobileNumber?: string | null;
  MobilePrefix?: string | null;
  Fields?: Array<{ Id: number; Description?: string | null; Value?: string | null }>;
}

/** A recipient's subscription to one list (`…/Recipients/EmailOptins`). */
export interface EmailOptin {
  idRecipient: number;
  Email: string;
  /** OPTIN, OPTOUT or PENDING. */
  Status: string;
  Optin_Date?: string | null;
  Optin_Request_Date?: string | null;
  Optout_Date?: string | null;
}

/** The recipient item a write sends: the address and the mapped dynamic fields. */
export interface RecipientInput {
  Email: string;
  Fields: Array<{ Id: number; Value: string }>;
}

/** The address itself; every other field key is a dynamic field's id. */
export const EMAIL_FIELD = 'Email';

/** Every dynamic field holds text of at most 200 characters (nvarchar(200)). */
export const FIELD_VALUE_MAX = 200;

const OPTIN_STATUSES: Record<string, MemberStatus> = {
  OPTIN: 'subscribed',
  OPTOUT: 'unsubscribed',
  PENDING: 'pending',
};

export function optinStatus(optin: EmailOptin): MemberStatus {
  return OPTIN_STATUSES[optin.Status?.toUpperCase()] ?? 'archived';
}

export const normalEmail = (email: string) => email.trim().toLowerCase();

/**
 * MailUp's times: "2017-05-29 08:21:59Z", "2020-01-27 10:38:00.000" (no zone: read as UTC), ""
 * or "0001-01-01 00:00:00Z" for never.
 */
export function mailupDate(text: string | null | undefined): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(
    (text ?? '').trim(),
  );
  if (!match || match[1].startsWith('0001')) return undefined;
  const at = new Date(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** The latest of a subscription's dates: when its status last changed. */
export function optinChangedAt(optin: EmailOptin): Date | undefined {
  const dates = [optin.Optin_Date, optin.Optin_Request_Date, optin.Optout_Date]
    .map(mailupDate)
    .filter((at): at is Date => !!at);
  return dates.length ? new Date(Math.max(...dates.map((at) => at.getTime()))) : undefined;
}

/** A recipient's fields by the framework's keys: `Email`, and each dynamic field's id. */
export function recipientFields(item: RecipientItem): Record<string, unknown> {
  return {
    [EMAIL_FIELD]: item.Email,
    ...Object.fromEntries((item.Fields ?? []).map((field) => [String(field.Id), field.Value ?? ''])),
  };
}

/** A CRM value as a dynamic field holds it: text, dates as YYYY-MM-DD, cut at 200 characters. */
export function fieldValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return text.slice(0, FIELD_VALUE_MAX);
}

/** The recipient item for an address and its mapped fields (keys that are no field id are left out). */
export function recipientInput(email: string, fields: Record<string, unknown>): RecipientInput {
  return {
    Email: email,
    Fields: Object.entries(fields)
      .filter(([key]) => /^\d+$/.test(key))
      .map(([key, value]) => ({ Id: Number(key), Value: fieldValue(value) })),
  };
}
