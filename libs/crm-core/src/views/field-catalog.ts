/**
 * What a module exposes to filters and sorting. `expression` is SQL over the module's alias;
 * it is built from fixed column names only, never from user input.
 */
export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'enum';

export interface FieldDefinition {
  type: FieldType;
  expression: (alias: string) => string;
  sortable?: boolean;
  /** Set when the field is a plain column of the module's table (sortable by property path). */
  column?: string;
  /** For enums: the allowed values. */
  values?: readonly string[];
  /** The tenant picklist whose values the field holds (`organization.zone`), for value pickers. */
  picklist?: string;
  label?: string;
}

export type FieldCatalog = Record<string, FieldDefinition>;

export const column = (
  name: string,
  type: FieldType,
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({
  type,
  column: name,
  expression: (alias) => `${alias}.${name}`,
  sortable: true,
  ...extra,
});

/** Operators each field type accepts. */
export const OPERATORS_BY_TYPE: Record<FieldType, readonly string[]> = {
  string: ['eq', 'neq', 'contains', 'notContains', 'startsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty'],
  enum: ['eq', 'neq', 'in', 'notIn', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  boolean: ['eq', 'neq'],
  date: ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'inLast', 'notInLast', 'isEmpty', 'isNotEmpty'],
};
