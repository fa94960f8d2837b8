import type { ConnectorManifest, DefaultFieldMapping } from '../contract/manifest';
import type { SubscriberModule } from '../engine/crm-sync.port';

/** The CRM modules whose records can be mapped to a vendor's fields (seed 004: leads, contacts, organizations). */
export const MAPPING_MODULES = [
  'contacts',
  'leads',
  'organizations',
] as const satisfies readonly SubscriberModule[];
export type MappingModule = (typeof MAPPING_MODULES)[number];

/** Stored in place of a module (mappings for every module) or a list (account-wide fields). */
export const ANY = '*';

/** Where the mappings in force come from: saved for the module, saved for the list as a whole, or the defaults. */
export type MappingSource = 'module' | 'list' | 'defaults';

export interface StoredMapping {
  listId: string;
  crmModule: string;
  vendorField: string;
}

/** The list key mappings are stored under: the list, or `*` when the vendor's fields are the account's. */
export const mappingListKey = (manifest: Pick<ConnectorManifest, 'fieldsScope'>, listId: string): string =>
  manifest.fieldsScope === 'account' ? ANY : listId;

/**
 * The saved mappings records of `module` get in a list: those saved for that module, else those
 * saved for the list as a whole (`*`, what the list had before mappings had a module); none
 * means the connector's defaults. `module` null asks for the list-wide ones only.
 */
export function selectMappings<T extends StoredMapping>(
  rows: readonly T[],
  listKey: string,
  module: SubscriberModule | null,
): { source: MappingSource; rows: T[] } {
  const ofList = rows.filter((row) => row.listId === listKey);
  const own = module ? ofList.filter((row) => row.crmModule === module) : [];
  if (own.length > 0) return { source: 'module', rows: own };
  const listWide = ofList.filter((row) => row.crmModule === ANY);
  return listWide.length > 0 ? { source: 'list', rows: listWide } : { source: 'defaults', rows: [] };
}

/**
 * The defaults that apply to a module: a default whose CRM field the module lacks (an
 * organization has no first name) is not the module's, so it is neither shown nor required.
 */
export const defaultsForModule = (
  defaults: readonly DefaultFieldMapping[],
  crmFieldKeys: ReadonlySet<string>,
): DefaultFieldMapping[] => defaults.filter((mapping) => crmFieldKeys.has(mapping.crmField));
