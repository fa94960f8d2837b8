/**
 * The saved-view filter language, shared by list endpoints and (later) connector membership
 * rules. A filter is an AND/OR group of conditions and nested groups:
 *
 *   { "op": "and", "conditions": [
 *       { "field": "zone", "operator": "eq", "value": "Norte" },
 *       { "field": "tags", "operator": "hasTag", "value": "VIP" },
 *       { "op": "or", "conditions": [ … ] } ] }
 */
export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'contains',
  'notContains',
  'startsWith',
  'in',
  'notIn',
  'isEmpty',
  'isNotEmpty',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'inLast',
  'notInLast',
  'hasTag',
  'notHasTag',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterCondition {
  field: string;
  operator: FilterOperator;
  value?: unknown;
}

export interface FilterGroup {
  op: 'and' | 'or';
  conditions: FilterNode[];
}

export type FilterNode = FilterCondition | FilterGroup;

export interface SortSpec {
  field: string;
  direction: 'asc' | 'desc';
}

export function isGroup(node: FilterNode): node is FilterGroup {
  return typeof node === 'object' && node !== null && 'conditions' in node;
}

export const MAX_FILTER_DEPTH = 4;
export const MAX_FILTER_CONDITIONS = 50;
