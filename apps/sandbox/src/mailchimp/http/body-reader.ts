import { typeName } from '../api/lists.routes';
import { MailchimpProblem } from '../http/problem';

type FieldError = { field: string; message: string };

export const schemaMessage = (type: string, value: unknown) =>
  `Schema describes ${type}, ${typeName(value)} found instead`;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a request body field by field, collecting Mailchimp's schema errors ("Schema describes
 * string, NULL found instead") under dotted names; `done()` throws them all as one 400.
 * A field that is absent and not required reads as undefined.
 */
export class BodyReader {
  constructor(
    readonly body: Record<string, unknown>,
    private readonly prefix = '',
    readonly errors: FieldError[] = [],
  ) {}

  static of(body: unknown): BodyReader {
    return new BodyReader(isRecord(body) ? body : {});
  }

  /** A reader for a nested object (`customer.`), sharing this one's errors. */
  nested(key: string, required: boolean): BodyReader | undefined {
    const value = this.body[key];
    if (value === undefined && !required) return undefined;
    if (!isRecord(value)) {
      this.fail(key, schemaMessage('object', value));
      return undefined;
    }
    return new BodyReader(value, `${this.prefix}${key}.`, this.errors);
  }

  string(key: string, required = false, maxLength?: number): string | undefined {
    const value = this.read(key, 'string', required, (v) => typeof v === 'string') as string | undefined;
    if (required && value === '') this.fail(key, 'This value should not be blank.');
    if (value !== undefined && maxLength !== undefined && value.length > maxLength)
      this.fail(key, `This value is too long. It should have ${maxLength} characters or less.`);
    return value;
  }

  boolean(key: string, required = false): boolean | undefined {
    return this.read(key, 'boolean', required, (v) => typeof v === 'boolean') as boolean | undefined;
  }

  number(key: string, required = false): number | undefined {
    return this.read(key, 'number', required, (v) => typeof v === 'number' && Number.isFinite(v)) as
      number | undefined;
  }

  integer(key: string, required = false): number | undefined {
    return this.read(key, 'integer', required, (v) => Number.isInteger(v)) as number | undefined;
  }

  array(key: string, required = false): unknown[] | undefined {
    return this.read(key, 'array', required, Array.isArray) as unknown[] | undefined;
  }

  record(key: string): Record<string, unknown> | undefined {
    return this.read(key, 'object', false, isRecord) as Record<string, unknown> | undefined;
  }

  fail(key: string, message: string): void {
    this.errors.push({ field: `${this.prefix}${key}`, message });
  }

  done(): void {
    if (this.errors.length) throw MailchimpProblem.invalidResource(undefined, this.errors);
  }

  private read(key: string, type: string, required: boolean, ok: (value: unknown) => boolean): unknown {
    const value = this.body[key];
    if (value === undefined && !required) return undefined;
    if (ok(value)) return value;
    this.fail(key, schemaMessage(type, value));
    return undefined;
  }
}

/** The named string fields of the body that are present (a partial update's text fields). */
export function presentStrings<K extends string>(
  reader: BodyReader,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = reader.string(key);
    if (value !== undefined) values[key] = value;
  }
  return values;
}
