import type { FieldProblem } from '@crm/platform';
import { FieldCatalog, FieldType, OPERATORS_BY_TYPE } from './field-catalog';
import {
  FILTER_OPERATORS,
  FilterCondition,
  FilterGroup,
  FilterNode,
  isGroup,
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_DEPTH,
} from './filter.types';

export const RELATIVE_UNITS = ['days', 'weeks', 'months'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const MAX_IN_VALUES = 500;

/** Fields a filter may use besides the module's columns. */
export interface FilterFieldResolver {
  typeOf(field: string): FieldType | 'tags' | undefined;
}

export function catalogResolver(
  catalog: FieldCatalog,
  extra: Record<string, FieldType | 'tags'>,
): FilterFieldResolver {
  return { typeOf: (field) => catalog[field]?.type ?? extra[field] };
}

function isScalarOf(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
    case 'enum':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
  }
}

function describeType(type: FieldType): string {
  return type === 'date' ? 'an ISO date (YYYY-MM-DD)' : `a ${type === 'enum' ? 'string' : type}`;
}

/**
 * Checks a filter's structure, fields, operators and values, and names the path of every
 * problem (`filter.conditions.2.value`). Runs before anything reaches SQL.
 */
export function validateFilter(
  filter: unknown,
  resolver: FilterFieldResolver,
  path = 'filter',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let count = 0;

  const visitGroup = (group: unknown, at: string, depth: number): void => {
    if (typeof group !== 'object' || group === null || Array.isArray(group)) {
      problems.push({ field: at, reason: 'must be an object with op and conditions' });
      return;
    }
    const { op, conditions } = group as Partial<FilterGroup>;
    if (op !== 'and' && op !== 'or') problems.push({ field: `${at}.op`, reason: 'must be "and" or "or"' });
    if (!Array.isArray(conditions)) {
      problems.push({ field: `${at}.conditions`, reason: 'must be an array' });
      return;
    }
    if (depth > MAX_FILTER_DEPTH) {
      problems.push({ field: at, reason: `groups can be nested at most ${MAX_FILTER_DEPTH} deep` });
      return;
    }
    conditions.forEach((node: FilterNode, index) => {
      const nodeAt = `${at}.conditions.${index}`;
      if (typeof node === 'object' && node !== null && 'conditions' in node)
        visitGroup(node, nodeAt, depth + 1);
      else visitCondition(node, nodeAt);
    });
  };

  const visitCondition = (node: unknown, at: string): void => {
    count++;
    if (typeof node !== 'object' || node === null) {
      problems.push({ field: at, reason: 'must be a condition object' });
      return;
    }
    const { field, operator, value } = node as Partial<FilterCondition>;
    if (typeof field !== 'string') {
      problems.push({ field: `${at}.field`, reason: 'must be a string' });
      return;
    }
    const type = resolver.typeOf(field);
    if (!type) {
      problems.push({ field: `${at}.field`, reason: `unknown field "${field}"` });
      return;
    }
    if (!FILTER_OPERATORS.includes(operator as never)) {
      problems.push({ field: `${at}.operator`, reason: `must be one of ${FILTER_OPERATORS.join(', ')}` });
      return;
    }
    if (type === 'tags') {
      if (operator !== 'hasTag' && operator !== 'notHasTag')
        problems.push({ field: `${at}.operator`, reason: 'tags accept hasTag or notHasTag' });
      else if (typeof value !== 'string' || value.trim() === '')
        problems.push({ field: `${at}.value`, reason: 'must be a tag name' });
      return;
    }
    if (!OPERATORS_BY_TYPE[type].includes(operator!)) {
      problems.push({
        field: `${at}.operator`,
        reason: `"${operator}" does not apply to ${type} field "${field}"; use one of ${OPERATORS_BY_TYPE[type].join(', ')}`,
      });
      return;
    }
    const valueProblem = checkValue(type, operator!, value);
    if (valueProblem) problems.push({ field: `${at}.value`, reason: valueProblem });
  };

  visitGroup(filter, path, 1);
  if (count > MAX_FILTER_CONDITIONS)
    problems.push({ field: path, reason: `at most ${MAX_FILTER_CONDITIONS} conditions` });
  return problems;
}

function checkValue(type: FieldType, operator: string, value: unknown): string | undefined {
  switch (operator) {
    case 'isEmpty':
    case 'isNotEmpty':
      return value === undefined || value === null ? undefined : 'must be omitted for this operator';
    case 'in':
    case 'notIn':
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IN_VALUES)
        return `must be a non-empty array of at most ${MAX_IN_VALUES} values`;
      return value.every((item) => isScalarOf(type, item))
        ? undefined
        : `every value must be ${describeType(type)}`;
    case 'between':
      if (!Array.isArray(value) || value.length !== 2) return 'must be [from, to]';
      return value.every((item) => isScalarOf(type, item))
        ? undefined
        : `both bounds must be ${describeType(type)}`;
    case 'inLast':
    case 'notInLast': {
      const relative = value as { amount?: unknown; unit?: unknown } | null;
      const ok =
        typeof relative === 'object' &&
        relative !== null &&
        Number.isInteger(relative.amount) &&
        (relative.amount as number) > 0 &&
        (relative.amount as number) <= 3650 &&
        RELATIVE_UNITS.includes(relative.unit as never);
      return ok ? undefined : 'must be {"amount": 1–3650, "unit": "days" | "weeks" | "months"}';
    }
    case 'contains':
    case 'notContains':
    case 'startsWith':
      return typeof value === 'string' && value.length > 0 ? undefined : 'must be a non-empty string';
    default:
      return isScalarOf(type, value) ? undefined : `must be ${describeType(type)}`;
  }
}

export { isGroup };
