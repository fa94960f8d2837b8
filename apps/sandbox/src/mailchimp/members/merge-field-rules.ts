import { MailchimpProblem } from '../http/problem';
import type { Audience, MergeField, MergeFieldType } from '../state';
import { oneOfMessage, schemaMessage } from './member-input';

/**
 * Merge field definitions as Mailchimp takes them: tags are upper-cased and cut to 10
 * characters (a longer tag is shortened, not refused: mc-magento#1070), may hold A–Z, 0–9 and
 * `_`, and are unique in the audience; a tag left out is made from the name. Dropdown and radio
 * fields need choices. An audience holds at most `settings.mergeFieldCap` fields.
 */

export const MERGE_FIELD_TYPES: readonly MergeFieldType[] = [
  'text',
  'number',
  'address',
  'phone',
  'date',
  'url',
  'imageurl',
  'radio',
  'dropdown',
  'birthday',
  'zip',
];
const TAG_LENGTH = 10;
/** Tags Mailchimp keeps for itself. */
const RESERVED_TAGS = ['EMAIL'];
const DATE_FORMATS: Partial<Record<MergeFieldType, string[]>> = {
  date: ['MM/DD/YYYY', 'DD/MM/YYYY'],
  birthday: ['MM/DD', 'DD/MM'],
};

export interface MergeFieldInput {
  name?: string;
  type?: MergeFieldType;
  tag?: string;
  required?: boolean;
  default_value?: string;
  public?: boolean;
  display_order?: number;
  help_text?: string;
  options?: MergeField['options'];
}

type FieldError = { field: string; message: string };

/** Reads a POST (`partial` false) or PATCH body; throws 400 Invalid Resource naming bad fields. */
export function readMergeFieldInput(body: unknown, partial: boolean): MergeFieldInput {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw MailchimpProblem.field('(root)', schemaMessage('object', body));
  const raw = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const typed = <T>(key: string, check: (v: unknown) => boolean, expected: string): T | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (!check(value)) errors.push({ field: key, message: schemaMessage(expected, value) });
    return check(value) ? (value as T) : undefined;
  };
  const isText = (v: unknown) => typeof v === 'string';
  const isFlag = (v: unknown) => typeof v === 'boolean';

  const input: MergeFieldInput = {
    name: typed<string>('name', isText, 'string'),
    tag: typed<string>('tag', isText, 'string'),
    required: typed<boolean>('required', isFlag, 'boolean'),
    public: typed<boolean>('public', isFlag, 'boolean'),
    default_value: typed<string>('default_value', isText, 'string'),
    help_text: typed<string>('help_text', isText, 'string'),
    display_order: typed<number>('display_order', (v) => Number.isInteger(v), 'integer'),
  };
  // The spec requires `name` on PATCH too.
  if (raw.name === undefined) errors.push({ field: 'name', message: schemaMessage('string', undefined) });
  else if (input.name?.trim() === '')
    errors.push({ field: 'name', message: 'This value should not be blank.' });
  if (!partial) {
    const type = typed<string>('type', isText, 'string');
    if (raw.type === undefined) errors.push({ field: 'type', message: schemaMessage('string', undefined) });
    else if (type !== undefined && !MERGE_FIELD_TYPES.includes(type as MergeFieldType))
      errors.push({ field: 'type', message: oneOfMessage(MERGE_FIELD_TYPES) });
    else input.type = type as MergeFieldType;
  }
  if (raw.options !== undefined) input.options = readOptions(raw.options, errors);
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  return input;
}

function readOptions(value: unknown, errors: FieldError[]): MergeField['options'] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ field: 'options', message: schemaMessage('object', value) });
    return {};
  }
  const raw = value as Record<string, unknown>;
  const options: MergeField['options'] = {};
  const integer = (key: 'size' | 'default_country') => {
    if (raw[key] === undefined) return;
    if (Number.isInteger(raw[key])) options[key] = raw[key] as number;
    else errors.push({ field: `options.${key}`, message: schemaMessage('integer', raw[key]) });
  };
  const text = (key: 'date_format' | 'phone_format') => {
    if (raw[key] === undefined) return;
    if (typeof raw[key] === 'string') options[key] = raw[key] as string;
    else errors.push({ field: `options.${key}`, message: schemaMessage('string', raw[key]) });
  };
  integer('size');
  integer('default_country');
  text('date_format');
  text('phone_format');
  if (raw.choices !== undefined) {
    if (Array.isArray(raw.choices) && raw.choices.every((c) => typeof c === 'string' && c.trim() !== ''))
      options.choices = (raw.choices as string[]).map((c) => c.trim());
    else errors.push({ field: 'options.choices', message: 'Schema describes array of non-empty strings' });
  }
  return options;
}

/** The options a field of `type` has when created with `given`. */
export function optionsFor(type: MergeFieldType, given: MergeField['options'] = {}): MergeField['options'] {
  switch (type) {
    case 'text':
      return { size: given.size ?? 25 };
    case 'address':
      return { default_country: given.default_country ?? 164 };
    case 'phone':
      return { phone_format: given.phone_format ?? 'none' };
    case 'date':
      return { date_format: given.date_format ?? 'MM/DD/YYYY' };
    case 'birthday':
      return { date_format: given.date_format ?? 'MM/DD' };
    case 'radio':
    case 'dropdown':
      return { choices: given.choices ?? [] };
    default:
      return {};
  }
}

/** Type-specific checks of a field about to be saved. */
export function assertFieldOptions(field: Pick<MergeField, 'type' | 'options'>): void {
  const errors: FieldError[] = [];
  if ((field.type === 'radio' || field.type === 'dropdown') && !field.options.choices?.length)
    errors.push({ field: 'options.choices', message: `A ${field.type} field needs at least one choice.` });
  const formats = DATE_FORMATS[field.type];
  if (formats && field.options.date_format && !formats.includes(field.options.date_format))
    errors.push({ field: 'options.date_format', message: oneOfMessage(formats) });
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
}

const usedTags = (list: Audience, except?: MergeField) =>
  new Set([...RESERVED_TAGS, ...list.mergeFields.filter((f) => f !== except).map((f) => f.tag)]);

/** A requested tag as Mailchimp stores it (upper case, 10 characters), refused when taken. */
export function requestedTag(list: Audience, tag: string, except?: MergeField): string {
  const stored = tag.trim().toUpperCase().slice(0, TAG_LENGTH);
  if (!/^[A-Z0-9_]+$/.test(stored))
    throw MailchimpProblem.field('tag', 'Merge tags may only contain letters, numbers and underscores.');
  if (usedTags(list, except).has(stored))
    throw MailchimpProblem.invalidResource(
      `A Merge Field with the tag "${stored}" already exists for this list.`,
    );
  return stored;
}

/** A tag made from the field's name (FAVORITE_COLOR → FAVORITEC), numbered when taken. */
export function generatedTag(list: Audience, name: string, mergeId: number): string {
  const base =
    name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, TAG_LENGTH) || `MMERGE${mergeId}`;
  const used = usedTags(list);
  if (!used.has(base)) return base;
  for (let n = 1; ; n++) {
    const candidate = base.slice(0, TAG_LENGTH - String(n).length) + n;
    if (!used.has(candidate)) return candidate;
  }
}

/** 400 when the audience already holds as many fields as the account's plan allows. */
export function assertBelowCap(list: Audience, cap: number): void {
  if (list.mergeFields.length >= cap)
    throw MailchimpProblem.invalidResource(
      `This audience already has the maximum of ${cap} merge fields. Delete a merge field before adding another.`,
    );
}

export function mergeFieldView(list: Audience, field: MergeField) {
  return {
    merge_id: field.merge_id,
    tag: field.tag,
    name: field.name,
    type: field.type,
    required: field.required,
    default_value: field.default_value,
    public: field.public,
    display_order: field.display_order,
    options: field.options,
    help_text: field.help_text,
    list_id: list.id,
    _links: [],
  };
}
