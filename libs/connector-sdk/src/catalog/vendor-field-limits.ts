import type { FieldProblem } from '@crm/platform';
import type { VendorFieldType, VendorLimits } from '../contract/manifest';
import type { VendorField } from '../contract/vendor-records';

export interface NewVendorField {
  label: string;
  type: VendorFieldType;
  key?: string;
  choices?: string[];
  required?: boolean;
}

/** Vendors with a key length limit (Mailchimp merge tags) take upper-case letters, digits and _ only. */
const LIMITED_KEY = /^[A-Z0-9_]+$/;

/**
 * Problems a new field has on its own, against the manifest's limits: checked before any vendor
 * call, so a field the vendor would refuse costs no request.
 */
export function newFieldProblems(field: NewVendorField, limits: VendorLimits): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { fieldKeyMaxLength, fieldLabelMaxLength, creatableFieldTypes, maxChoices, tagMaxLength } = limits;
  if (creatableFieldTypes && !creatableFieldTypes.includes(field.type))
    problems.push({
      field: 'type',
      reason: `the vendor cannot hold ${field.type} fields; use one of ${creatableFieldTypes.join(', ')}`,
    });
  if (fieldLabelMaxLength !== undefined && field.label.length > fieldLabelMaxLength)
    problems.push({
      field: 'label',
      reason: `is longer than the vendor's ${fieldLabelMaxLength} characters`,
    });
  if (field.key !== undefined && fieldKeyMaxLength !== undefined) {
    if (field.key.length > fieldKeyMaxLength)
      problems.push({ field: 'key', reason: `is longer than the vendor's ${fieldKeyMaxLength} characters` });
    if (!LIMITED_KEY.test(field.key))
      problems.push({ field: 'key', reason: 'may only use the letters A–Z, the digits 0–9 and _' });
  }
  const choices = field.choices ?? [];
  if (field.type !== 'dropdown') {
    if (choices.length > 0) problems.push({ field: 'choices', reason: 'only dropdown fields have choices' });
    return problems;
  }
  if (choices.length === 0)
    problems.push({ field: 'choices', reason: 'a dropdown needs at least one choice' });
  if (maxChoices !== undefined && choices.length > maxChoices)
    problems.push({
      field: 'choices',
      reason: `has ${choices.length} choices; the vendor allows at most ${maxChoices}`,
    });
  const seen = new Set<string>();
  choices.forEach((choice, index) => {
    if (seen.has(choice)) problems.push({ field: `choices.${index}`, reason: `"${choice}" is listed twice` });
    seen.add(choice);
    // Choices travel to the vendor as names (segments, tags, groups), so the name limit applies.
    if (tagMaxLength !== undefined && choice.length > tagMaxLength)
      problems.push({
        field: `choices.${index}`,
        reason: `is longer than the vendor's ${tagMaxLength} characters for names`,
      });
  });
  return problems;
}

/** Problems that depend on the fields the list already has (count limit, key taken). */
export function existingFieldProblems(
  field: NewVendorField,
  existing: VendorField[],
  limits: VendorLimits,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const own = existing.filter((f) => !f.system).length;
  if (limits.maxFields !== undefined && own >= limits.maxFields)
    problems.push({
      field: 'listId',
      reason: `already has ${own} fields; the vendor allows at most ${limits.maxFields}`,
    });
  if (field.key !== undefined && existing.some((f) => f.key.toUpperCase() === field.key!.toUpperCase()))
    problems.push({ field: 'key', reason: `${field.key} is already a field of this list` });
  return problems;
}
