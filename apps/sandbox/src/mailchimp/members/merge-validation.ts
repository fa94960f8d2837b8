import { MailchimpProblem } from '../http/problem';
import type { Audience, MergeField } from '../state';
import { oneOfMessage } from './member-input';

/**
 * Merge field values on member writes, by Mailchimp's rules (merge-fields docs): text is cut to
 * 255 bytes, numbers must be numeric, radio/dropdown values one of the choices, dates in one of
 * four layouts, birthdays MM/DD, zips five digits, addresses complete. `""` clears a value.
 * `skip_merge_validation` only lifts the required-field check (as its documentation says);
 * malformed values are refused either way.
 */

export const INVALID_MERGE_FIELDS = 'Your merge fields were invalid.';
const TEXT_LIMIT_BYTES = 255;

type Check = (value: unknown, field: MergeField) => { value: unknown } | { error: string };

/**
 * The member's merge values after a write: `current` overlaid with the checked `input`.
 * A new member (`isNew`) gets the fields' default values. Throws 400 Invalid Resource
 * "Your merge fields were invalid." with one error per bad field.
 */
export function resolveMergeValues(
  list: Audience,
  input: Record<string, unknown> | undefined,
  current: Record<string, unknown>,
  options: { isNew: boolean; skipRequired: boolean },
): Record<string, unknown> {
  const errors: Array<{ field: string; message: string }> = [];
  const values = { ...current };
  if (options.isNew)
    for (const field of list.mergeFields)
      if (field.default_value !== '' && isEmpty(values[field.tag])) values[field.tag] = field.default_value;
  for (const [key, raw] of Object.entries(input ?? {})) {
    const field = list.mergeFields.find((f) => f.tag === key.toUpperCase());
    if (!field) {
      errors.push({ field: key, message: `The merge field ${key} does not exist in this audience.` });
      continue;
    }
    if (isEmpty(raw)) {
      values[field.tag] = '';
      continue;
    }
    const checked = CHECKS[field.type](raw, field);
    if ('error' in checked) errors.push({ field: field.tag, message: checked.error });
    else values[field.tag] = checked.value;
  }
  if (!options.skipRequired)
    for (const field of list.mergeFields)
      if (field.required && isEmpty(values[field.tag]) && !errors.some((e) => e.field === field.tag))
        errors.push({
          field: field.tag,
          message: field.type === 'address' ? 'Please enter a complete address' : 'Please enter a value',
        });
  if (errors.length) throw MailchimpProblem.invalidResource(INVALID_MERGE_FIELDS, errors);
  return values;
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;

/** Cuts a string to `limit` UTF-8 bytes without splitting a character. */
export function truncateBytes(text: string, limit: number): string {
  let bytes = 0;
  let out = '';
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > limit) break;
    out += char;
  }
  return out;
}

const text: Check = (value) => {
  const textValue = scalar(value);
  return textValue === undefined
    ? { error: 'Please enter a text value' }
    : { value: truncateBytes(textValue, TEXT_LIMIT_BYTES) };
};

const number: Check = (value) => {
  const textValue = scalar(value);
  const parsed = textValue === undefined || textValue === '' ? NaN : Number(textValue);
  return Number.isFinite(parsed) ? { value: parsed } : { error: 'Please enter a number' };
};

const choice: Check = (value, field) => {
  const choices = field.options.choices ?? [];
  const textValue = scalar(value);
  return textValue !== undefined && choices.includes(textValue)
    ? { value: textValue }
    : { error: oneOfMessage(choices) };
};

const URL_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*\.[^\s]+$/i;
const url: Check = (value) => {
  const textValue = scalar(value);
  return textValue !== undefined && URL_PATTERN.test(textValue)
    ? { value: textValue }
    : { error: 'Please enter a valid URL' };
};

const validDay = (year: number, month: number, day: number) => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** YYYY-MM-DD, YYYY/MM/DD, DD-MM-YYYY or MM/DD/YYYY; kept as YYYY-MM-DD. */
const date: Check = (value) => {
  const textValue = scalar(value) ?? '';
  const layouts: Array<[RegExp, (m: RegExpMatchArray) => [number, number, number]]> = [
    [/^(\d{4})[-/](\d{2})[-/](\d{2})$/, (m) => [+m[1], +m[2], +m[3]]],
    [/^(\d{2})-(\d{2})-(\d{4})$/, (m) => [+m[3], +m[2], +m[1]]],
    [/^(\d{2})\/(\d{2})\/(\d{4})$/, (m) => [+m[3], +m[1], +m[2]]],
  ];
  for (const [pattern, parts] of layouts) {
    const match = textValue.match(pattern);
    if (!match) continue;
    const [year, month, day] = parts(match);
    if (!validDay(year, month, day)) break;
    return { value: `${year}-${pad(month)}-${pad(day)}` };
  }
  return { error: 'Please enter a valid date' };
};

const pad = (n: number) => String(n).padStart(2, '0');

/** MM/DD (any year's calendar, so 02/29 is a birthday). */
const birthday: Check = (value) => {
  const match = (scalar(value) ?? '').match(/^(\d{2})\/(\d{2})$/);
  return match && validDay(2000, +match[1], +match[2])
    ? { value: `${match[1]}/${match[2]}` }
    : { error: 'Please enter a valid date (MM/DD)' };
};

const zip: Check = (value) => {
  const textValue = scalar(value);
  return textValue !== undefined && /^\d{5}$/.test(textValue)
    ? { value: textValue }
    : { error: 'Please enter a valid 5-digit zip code' };
};

const ADDRESS_REQUIRED = ['addr1', 'city', 'state', 'zip'] as const;
const address: Check = (value) => {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { error: 'Please enter a complete address' };
  const parts = value as Record<string, unknown>;
  if (ADDRESS_REQUIRED.some((key) => typeof parts[key] !== 'string' || (parts[key] as string).trim() === ''))
    return { error: 'Please enter a complete address' };
  const part = (key: string) => (typeof parts[key] === 'string' ? (parts[key] as string) : '');
  return {
    value: {
      addr1: part('addr1'),
      addr2: part('addr2'),
      city: part('city'),
      state: part('state'),
      zip: part('zip'),
      country: part('country') || 'US',
    },
  };
};

const CHECKS: Record<MergeField['type'], Check> = {
  text,
  number,
  address,
  phone: text,
  date,
  url,
  imageurl: url,
  radio: choice,
  dropdown: choice,
  birthday,
  zip,
};
