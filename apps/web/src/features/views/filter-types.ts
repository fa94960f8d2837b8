/** The API's saved-view filter language (crm-core `filter.types.ts`), as the UI builds it. */

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

export const RELATIVE_UNITS = ['days', 'weeks', 'months'] as const;
export type RelativeUnit = (typeof RELATIVE_UNITS)[number];

export interface RelativeValue {
  amount: number;
  unit: RelativeUnit;
}

export type FilterValue = string | number | boolean | string[] | [unknown, unknown] | RelativeValue;

export interface FilterCondition {
  field: string;
  operator: FilterOperator;
  value?: FilterValue;
}

export interface FilterGroup {
  op: 'and' | 'or';
  conditions: FilterNode[];
}

export type FilterNode = FilterCondition | FilterGroup;

export const isGroup = (node: FilterNode): node is FilterGroup => 'conditions' in node;

export type FilterFieldType = 'string' | 'number' | 'boolean' | 'date' | 'enum' | 'tags';

/** One field a filter may name (`GET /api/views/fields?module=`). */
export interface FilterField {
  field: string;
  type: FilterFieldType;
  operators: FilterOperator[];
  sortable: boolean;
  values?: string[];
  picklist?: string;
  label?: string;
}

export interface SortSpec {
  field: string;
  direction: 'asc' | 'desc';
}

export type ViewModule = 'organizations' | 'contacts' | 'leads';

export interface SavedView {
  id: string;
  module: ViewModule;
  name: string;
  filter: FilterGroup;
  sort: SortSpec[] | null;
  columns: string[] | null;
  shared: boolean;
  ownerId: string;
}

export interface SavedViewInput {
  module: ViewModule;
  name: string;
  filter: FilterGroup;
  sort?: SortSpec[];
  shared: boolean;
}
