import type { CustomFieldDefinition } from '../custom-fields/custom-field.entity';
import { FieldCatalog, FieldType, OPERATORS_BY_TYPE } from './field-catalog';
import { customToFieldType } from './filter-compiler';
import type { FilterOperator } from './filter.types';

/** One field a filter (and a sort) over a module may name, as a filter builder offers it. */
export interface FilterFieldView {
  field: string;
  type: FieldType | 'tags';
  operators: readonly FilterOperator[];
  sortable: boolean;
  /** The allowed values (enums, custom picklist fields). */
  values?: readonly string[];
  /** The tenant picklist that holds the field's values (`GET /api/picklists`). */
  picklist?: string;
  /** Custom fields' own label; standard fields are named by the client. */
  label?: string;
}

const TAG_OPERATORS: readonly FilterOperator[] = ['hasTag', 'notHasTag'];

const operatorsOf = (type: FieldType): readonly FilterOperator[] =>
  OPERATORS_BY_TYPE[type] as readonly FilterOperator[];

/**
 * The fields of a module's filters, in the order a person reads them: the module's own, then
 * its email addresses and tags, then the tenant's custom fields. Exactly what the validator
 * accepts, so a builder that offers only these never sends an unknown field or operator.
 */
export function describeFilterFields(
  catalog: FieldCatalog,
  extras: { tags: boolean; emails: boolean },
  customFields: CustomFieldDefinition[],
): FilterFieldView[] {
  const fields: FilterFieldView[] = Object.entries(catalog).map(([field, definition]) => ({
    field,
    type: definition.type,
    operators: operatorsOf(definition.type),
    sortable: definition.sortable === true,
    ...(definition.values ? { values: definition.values } : {}),
    ...(definition.picklist ? { picklist: definition.picklist } : {}),
  }));
  if (extras.emails)
    fields.push(
      { field: 'email', type: 'string', operators: operatorsOf('string'), sortable: false },
      { field: 'hasMarketingEmail', type: 'boolean', operators: operatorsOf('boolean'), sortable: false },
    );
  if (extras.tags) fields.push({ field: 'tags', type: 'tags', operators: TAG_OPERATORS, sortable: false });
  for (const definition of customFields) {
    const type = customToFieldType(definition.type);
    fields.push({
      field: `custom.${definition.key}`,
      type,
      operators: operatorsOf(type),
      sortable: true,
      label: definition.label,
      ...(definition.type === 'picklist' && definition.options ? { values: definition.options } : {}),
    });
  }
  return fields;
}
