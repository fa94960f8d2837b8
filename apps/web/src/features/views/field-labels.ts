import type { TFunction } from 'i18next';
import type { FilterField } from './filter-types';

/** A field's name in the UI's language (custom fields carry the label their admin gave them). */
export function fieldLabel(field: Pick<FilterField, 'field' | 'label'>, t: TFunction): string {
  return field.label ?? t(`fields.${field.field}`, { defaultValue: field.field });
}

/**
 * A stored code (`QUALIFIED`, `CLIENT`) in the UI's language; `organization.kind` reads the
 * values of `kind`. Values without a translation (picklist entries) show as they are.
 */
export function enumLabel(field: string, value: string, t: TFunction): string {
  const name = field.slice(field.lastIndexOf('.') + 1);
  return t(`enumValues.${name}.${value}`, { defaultValue: value });
}
