import type { FieldProblem } from '@crm/platform';
import type { CustomFieldDefinition } from './custom-field.entity';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_TEXT_MAX = 255;

/**
 * Checks custom values against their definitions. On create every required field must be
 * present; on update only the given keys are checked. Unknown keys are problems, `null`
 * clears a non-required field. A field a connector keeps (createdBy) is read-only: only its
 * current value (`current`) may be sent back. Returns normalized values (trimmed text,
 * lower-cased emails).
 */
export function validateCustomValues(
  definitions: CustomFieldDefinition[],
  values: Record<string, unknown> | undefined,
  mode: 'create' | 'update',
  prefix = 'custom',
  current: Record<string, unknown> = {},
): { values: Record<string, unknown>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const normalized: Record<string, unknown> = {};
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const input = values ?? {};

  for (const key of Object.keys(input)) {
    if (!byKey.has(key))
      problems.push({ field: `${prefix}.${key}`, reason: 'is not a custom field of this module' });
  }
  for (const definition of definitions) {
    const field = `${prefix}.${definition.key}`;
    const present = Object.prototype.hasOwnProperty.call(input, definition.key);
    const raw = input[definition.key];
    if (!present) {
      if (mode === 'create' && definition.required) problems.push({ field, reason: 'is required' });
      continue;
    }
    if (definition.createdBy) {
      if ((raw ?? null) !== (current[definition.key] ?? null))
        problems.push({
          field,
          reason: `is kept by the ${definition.createdBy} connector and cannot be edited`,
        });
      continue;
    }
    if (raw === null || raw === '') {
      if (definition.required) problems.push({ field, reason: 'is required' });
      else normalized[definition.key] = null;
      continue;
    }
    const result = coerce(definition, raw);
    if ('problem' in result) problems.push({ field, reason: result.problem });
    else normalized[definition.key] = result.value;
  }
  return { values: normalized, problems };
}

function coerce(definition: CustomFieldDefinition, raw: unknown): { value: unknown } | { problem: string } {
  switch (definition.type) {
    case 'text':
    case 'url': {
      if (typeof raw !== 'string') return { problem: 'must be a string' };
      const text = raw.trim();
      const max = definition.maxLength ?? DEFAULT_TEXT_MAX;
      if (text.length > max) return { problem: `must be at most ${max} characters` };
      if (definition.type === 'url' && !/^https?:\/\/\S+$/i.test(text))
        return { problem: 'must be an http(s) URL' };
      return { value: text };
    }
    case 'email':
      if (typeof raw !== 'string' || !EMAIL.test(raw.trim())) return { problem: 'must be an email address' };
      return { value: raw.trim().toLowerCase() };
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { problem: 'must be a number' };
      return { value: raw };
    case 'boolean':
      if (typeof raw !== 'boolean') return { problem: 'must be true or false' };
      return { value: raw };
    case 'date':
      if (typeof raw !== 'string' || !DATE.test(raw) || Number.isNaN(Date.parse(raw)))
        return { problem: 'must be a date (YYYY-MM-DD)' };
      return { value: raw };
    case 'picklist':
      if (typeof raw !== 'string' || !(definition.options ?? []).includes(raw))
        return { problem: `must be one of: ${(definition.options ?? []).join(', ')}` };
      return { value: raw };
  }
}
