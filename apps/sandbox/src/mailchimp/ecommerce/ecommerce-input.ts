import type { BodyReader } from '../http/body-reader';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** An email address field: required where asked, and shaped like one. */
export function readEmail(
  reader: BodyReader,
  key: string,
  required: boolean,
  missing: string,
): string | undefined {
  const value = reader.body[key];
  if (value === undefined || value === null || value === '') {
    if (required) reader.fail(key, missing);
    return undefined;
  }
  const email = reader.string(key);
  if (email !== undefined && !EMAIL.test(email)) reader.fail(key, 'Please provide a valid email address.');
  return email?.toLowerCase();
}

/** ISO 4217 codes are three letters; Mailchimp keeps them upper-cased. */
export function readCurrency(reader: BodyReader, required: boolean): string | undefined {
  const code = reader.string('currency_code', required);
  if (code === undefined || code === '') return undefined;
  if (!/^[a-z]{3}$/i.test(code)) {
    reader.fail('currency_code', 'The currency code must be a three-letter ISO 4217 code.');
    return undefined;
  }
  return code.toUpperCase();
}
