import type { FieldProblem } from '@crm/platform';
import type { DefaultFieldMapping, MappingDirection, VendorFieldType } from '../contract/manifest';
import type { VendorField } from '../contract/vendor-records';
import type { CrmFieldDescriptor, SubscriberModule } from '../engine/crm-sync.port';
import { flowsToCrm, flowsToVendor } from '../settings/sync-settings.rules';
import type { SyncSettingsData } from '../settings/sync-settings.types';
import { defaultsForModule } from './mapping-selection';

export interface MappingInput {
  vendorField: string;
  crmField: string;
  direction: MappingDirection;
}

type CrmFieldType = CrmFieldDescriptor['type'];

/**
 * Which CRM field types each vendor field type takes, and why. Values travel both ways, so a
 * pair fits only when the vendor accepts what the CRM holds and the CRM can hold what comes back.
 */
export const TYPE_COMPATIBILITY: Readonly<Record<VendorFieldType, { crm: CrmFieldType[]; why: string }>> = {
  text: { crm: ['text', 'email', 'url', 'picklist'], why: 'a text field holds any single line of text' },
  number: { crm: ['number'], why: 'the vendor rejects values that are not numbers' },
  date: { crm: ['date'], why: 'the vendor only accepts dates' },
  boolean: { crm: ['boolean', 'text'], why: 'a yes/no value fits a boolean, or a text as "true"/"false"' },
  dropdown: {
    crm: ['picklist', 'text'],
    why: 'a dropdown takes one of its choices, which a picklist or text holds',
  },
  email: { crm: ['email', 'text'], why: 'the vendor checks the address format' },
  phone: { crm: ['text'], why: 'the CRM keeps phone numbers as text' },
  address: { crm: ['text'], why: 'the CRM keeps addresses as text' },
  url: { crm: ['url', 'text'], why: 'the vendor checks the link format' },
};

export interface MappingCheckContext {
  /** The connector's defaults; those whose CRM field `module` lacks do not apply. */
  defaults: readonly DefaultFieldMapping[];
  vendorFields: readonly VendorField[];
  /** The fields of `module`, the CRM module whose records these mappings map. */
  crmFields: readonly CrmFieldDescriptor[];
  module: SubscriberModule;
  settings: Pick<SyncSettingsData, 'syncType' | 'direction'>;
}

export interface MappingCheckResult {
  problems: FieldProblem[];
  /** Saved anyway, shown to the admin (e.g. values longer than the vendor field keeps). */
  warnings: FieldProblem[];
}

const writesVendor = (direction: MappingDirection) => direction !== 'TO_CRM';

/** Checks a list's mappings as a whole; every problem names `mappings.N.<field>` or `mappings`. */
export function checkMappings(
  mappings: readonly MappingInput[],
  context: MappingCheckContext,
): MappingCheckResult {
  const problems: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const vendorByKey = new Map(context.vendorFields.map((field) => [field.key, field]));
  const crmByKey = new Map(context.crmFields.map((field) => [field.key, field]));
  const defaults = defaultsForModule(context.defaults, new Set(crmByKey.keys()));
  const defaultByVendor = new Map(defaults.map((mapping) => [mapping.vendorField, mapping]));
  const firstVendor = new Map<string, number>();
  const firstCrm = new Map<string, number>();
  const { settings } = context;

  mappings.forEach((mapping, index) => {
    const at = (field: keyof MappingInput) => `mappings.${index}.${field}`;
    const add = (field: keyof MappingInput, reason: string) => problems.push({ field: at(field), reason });
    const fallback = defaultByVendor.get(mapping.vendorField);

    if (fallback?.locked) {
      if (mapping.crmField !== fallback.crmField)
        add('crmField', `${mapping.vendorField} is locked to ${fallback.crmField}`);
      if (mapping.direction !== fallback.direction)
        add('direction', `${mapping.vendorField} ↔ ${fallback.crmField} is locked to ${fallback.direction}`);
    }

    const seenVendor = firstVendor.get(mapping.vendorField);
    if (seenVendor !== undefined)
      add('vendorField', `${mapping.vendorField} is already mapped by mappings.${seenVendor}`);
    else firstVendor.set(mapping.vendorField, index);
    const seenCrm = firstCrm.get(mapping.crmField);
    if (seenCrm !== undefined)
      add('crmField', `${mapping.crmField} is already mapped by mappings.${seenCrm}`);
    else firstCrm.set(mapping.crmField, index);

    // BOTH stays allowed in a one-way sync (the locked defaults are BOTH): only its live half runs.
    if (mapping.direction === 'TO_CRM' && !flowsToCrm(settings))
      add('direction', 'TO_CRM never runs: the sync is one-way from the CRM to the vendor');
    if (mapping.direction === 'TO_VENDOR' && !flowsToVendor(settings))
      add('direction', 'TO_VENDOR never runs: the sync is one-way from the vendor to the CRM');

    const vendor = vendorByKey.get(mapping.vendorField);
    // Default fields (the address, names) are the vendor's built-ins: not every vendor lists them.
    if (!vendor && !fallback)
      add('vendorField', `${mapping.vendorField} is not a field of this list at the vendor`);
    const crm = crmByKey.get(mapping.crmField);
    if (!crm) add('crmField', `${mapping.crmField} is not a field of ${context.module}`);
    if (!vendor || !crm) return;

    const compatible = TYPE_COMPATIBILITY[vendor.type];
    if (!compatible.crm.includes(crm.type)) {
      add(
        'crmField',
        `${crm.key} is ${crm.type}, but ${vendor.key} is a ${vendor.type} field that takes ` +
          `${compatible.crm.join(' or ')}: ${compatible.why}`,
      );
      return;
    }
    if (vendor.required && !crm.required)
      add(
        'crmField',
        `${vendor.key} is required at the vendor, so it may only map to a required CRM field; ` +
          `${crm.key} is optional and records without it could not be added`,
      );
    if (vendor.type === 'dropdown' && crm.type === 'picklist' && writesVendor(mapping.direction)) {
      const missing = (crm.options ?? []).filter((value) => !(vendor.choices ?? []).includes(value));
      if (missing.length > 0)
        add('vendorField', `${vendor.key} lacks choices for these ${crm.key} values: ${missing.join(', ')}`);
    }
    const longest = Math.max(0, ...(crm.options ?? []).map((value) => value.length));
    if (vendor.maxLength !== undefined && longest > vendor.maxLength && writesVendor(mapping.direction))
      warnings.push({
        field: at('vendorField'),
        reason: `${vendor.key} keeps at most ${vendor.maxLength} characters; some ${crm.key} values have ${longest}`,
      });
  });

  for (const fallback of defaults) {
    if (fallback.locked && !mappings.some((mapping) => mapping.vendorField === fallback.vendorField))
      problems.push({
        field: 'mappings',
        reason: `must keep the locked mapping ${fallback.vendorField} ↔ ${fallback.crmField}`,
      });
  }
  if (flowsToVendor(settings)) {
    for (const vendor of context.vendorFields) {
      if (!vendor.required || defaultByVendor.has(vendor.key)) continue;
      const fed = mappings.some((m) => m.vendorField === vendor.key && writesVendor(m.direction));
      if (!fed)
        problems.push({
          field: 'mappings',
          reason: `${vendor.key} (${vendor.label}) is required at the vendor and must be mapped TO_VENDOR or BOTH`,
        });
    }
  }
  return { problems, warnings };
}
