import {
  isGroup,
  type FilterCondition,
  type FilterField,
  type FilterGroup,
  type FilterOperator,
  type FilterValue,
  type RelativeValue,
} from './filter-types';

export const EMPTY_FILTER: FilterGroup = { op: 'and', conditions: [] };

/** Operators that take no value, a list of values, two bounds, or an amount of time. */
const NO_VALUE: FilterOperator[] = ['isEmpty', 'isNotEmpty'];
const LIST_VALUE: FilterOperator[] = ['in', 'notIn'];
const RELATIVE_VALUE: FilterOperator[] = ['inLast', 'notInLast'];

export type ValueShape = 'none' | 'list' | 'range' | 'relative' | 'single';

export function valueShape(operator: FilterOperator): ValueShape {
  if (NO_VALUE.includes(operator)) return 'none';
  if (LIST_VALUE.includes(operator)) return 'list';
  if (operator === 'between') return 'range';
  if (RELATIVE_VALUE.includes(operator)) return 'relative';
  return 'single';
}

/** The value a condition starts with when its operator is chosen (empty until the user types). */
export function initialValue(field: FilterField, operator: FilterOperator): FilterValue | undefined {
  switch (valueShape(operator)) {
    case 'none':
      return undefined;
    case 'list':
      return [];
    case 'range':
      return ['', ''];
    case 'relative':
      return { amount: 30, unit: 'days' } satisfies RelativeValue;
    case 'single':
      return field.type === 'boolean' ? true : undefined;
  }
}

export function newCondition(field: FilterField): FilterCondition {
  const operator = field.operators[0];
  return { field: field.field, operator, value: initialValue(field, operator) };
}

/** A new operator keeps the value when it has the same shape (`eq` → `neq`), else starts over. */
export function withOperator(
  condition: FilterCondition,
  field: FilterField,
  operator: FilterOperator,
): FilterCondition {
  const keep = valueShape(operator) === valueShape(condition.operator);
  return { ...condition, operator, value: keep ? condition.value : initialValue(field, operator) };
}

const filled = (value: unknown) =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/** Whether the condition says enough to be sent (half-typed ones wait). */
export function isComplete(condition: FilterCondition): boolean {
  const { value } = condition;
  switch (valueShape(condition.operator)) {
    case 'none':
      return true;
    case 'list':
      return Array.isArray(value) && value.length > 0;
    case 'range':
      return Array.isArray(value) && value.length === 2 && value.every(filled);
    case 'relative': {
      const relative = value as RelativeValue | undefined;
      return !!relative && Number.isInteger(relative.amount) && relative.amount > 0;
    }
    case 'single':
      return filled(value);
  }
}

/**
 * The filter the list asks the API for: complete conditions only (groups nested in a saved view
 * are kept as they are), or undefined when nothing is left.
 */
export function appliedFilter(draft: FilterGroup): FilterGroup | undefined {
  const conditions = draft.conditions.filter((node) => isGroup(node) || isComplete(node));
  return conditions.length ? { op: draft.op, conditions } : undefined;
}

/** Same filter, by value (to tell whether a loaded view was edited). */
export const sameFilter = (a: FilterGroup | undefined, b: FilterGroup | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** `sort` of the list endpoints (`-field` for descending) from saved sort specs. */
export const sortParam = (specs: ReadonlyArray<{ field: string; direction: 'asc' | 'desc' }>) =>
  specs.map((spec) => `${spec.direction === 'desc' ? '-' : ''}${spec.field}`).join(',') || undefined;
