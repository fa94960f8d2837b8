import { ProblemCollector } from '@crm/platform';
import type { CredentialField } from '../contract/manifest';

const MAX_VALUE_LENGTH = 2000;

/**
 * Checks submitted credentials against the manifest's fields: required ones present, every
 * value a string, no key the connector does not ask for. Problems name `fields.<key>`.
 * Values are trimmed (pasted keys often carry a newline); optional empty ones are dropped.
 */
export function validateCredentialFields(
  spec: CredentialField[],
  input: Record<string, unknown>,
): Record<string, string> {
  const problems = new ProblemCollector();
  const known = new Set(spec.map((field) => field.key));
  for (const key of Object.keys(input))
    if (!known.has(key)) problems.add(`fields.${key}`, 'is not a credential this connector asks for');
  const values: Record<string, string> = {};
  for (const field of spec) {
    const raw = input[field.key];
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      problems.add(`fields.${field.key}`, 'must be a string');
      continue;
    }
    const value = (raw ?? '').trim();
    if (value === '') {
      if (field.required) problems.add(`fields.${field.key}`, 'is required');
      continue;
    }
    if (value.length > MAX_VALUE_LENGTH)
      problems.add(`fields.${field.key}`, `must be at most ${MAX_VALUE_LENGTH} characters`);
    values[field.key] = value;
  }
  problems.throwIfAny();
  return values;
}

/**
 * The field a rejected connect attempt is about: the one the vendor named, else the first
 * secret field (the key or password is what was refused), else the first field.
 */
export function rejectedField(spec: CredentialField[], named?: string): string {
  if (named && spec.some((field) => field.key === named)) return named;
  return (spec.find((field) => field.secret) ?? spec[0])?.key ?? 'credentials';
}
