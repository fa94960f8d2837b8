import type { FieldProblem } from '@crm/platform';
import { savedViewsMembership, type ConnectorManifest, type RecordModule } from '../contract/manifest';
import { jobScheduleProblems } from '../scheduling/job-schedules';
import type { SyncSettingsData } from './sync-settings.types';

/** What an installation syncs until an admin saves the wizard. */
export const DEFAULT_SYNC_SETTINGS: Readonly<SyncSettingsData> = Object.freeze({
  listSelection: 'BULK',
  listIds: [],
  syncType: 'TWO_WAY',
  direction: null,
  conflictWinner: 'CRM',
  schedule: 'off',
  carts: { enabled: false, storeIds: [] },
  subscriberModule: 'contacts',
  targetListId: null,
});

export const defaultSyncSettings = (): SyncSettingsData =>
  structuredClone(DEFAULT_SYNC_SETTINGS) as SyncSettingsData;

type Flow = Pick<SyncSettingsData, 'syncType' | 'direction'>;

/** CRM records are pushed to the vendor (two-way, or one-way CRM → vendor). */
export const flowsToVendor = (settings: Flow): boolean =>
  settings.syncType === 'TWO_WAY' || settings.direction === 'CRM_TO_VENDOR';

/** Vendor changes are written to the CRM (two-way, or one-way vendor → CRM). */
export const flowsToCrm = (settings: Flow): boolean =>
  settings.syncType === 'TWO_WAY' || settings.direction === 'VENDOR_TO_CRM';

export interface SettingsCheckContext {
  manifest: ConnectorManifest;
  /** Lists that exist at the vendor now. */
  vendorListIds: ReadonlySet<string>;
  /** Stores that exist at the vendor now (read when carts are enabled with stores). */
  vendorStoreIds?: ReadonlySet<string>;
}

/**
 * Checks the wizard's answers as a whole and returns every problem, each naming its field,
 * together with the settings as they would be stored (BULK drops list ids; carts switched off
 * drop their stores, so stale choices never come back when re-enabled by accident).
 */
export function checkSyncSettings(
  input: SyncSettingsData,
  { manifest, vendorListIds, vendorStoreIds = new Set() }: SettingsCheckContext,
): { settings: SyncSettingsData; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const add = (field: string, reason: string) => problems.push({ field, reason });
  const settings: SyncSettingsData = withMembershipDefaults(
    {
      ...input,
      listIds: input.listSelection === 'BULK' ? [] : [...input.listIds],
      carts: { enabled: input.carts.enabled, storeIds: input.carts.enabled ? [...input.carts.storeIds] : [] },
    },
    manifest,
  );
  const noun = manifest.listNoun.toLowerCase();
  const membership = savedViewsMembership(manifest);
  if (input.globalUnsubscribe !== undefined && !membership)
    add('globalUnsubscribe', `${manifest.name} ${noun}s do not take their members from saved views`);
  for (const module of Object.keys(input.globalUnsubscribe ?? {}))
    if (membership && !membership.modules.includes(module as RecordModule))
      add(
        `globalUnsubscribe.${module}`,
        `${manifest.name} ${noun}s take members from ${membership.modules.join(', ')} only`,
      );

  if (settings.listSelection === 'SELECTIVE') {
    if (settings.listIds.length === 0) add('listIds', `a selective sync needs at least one ${noun}`);
    settings.listIds.forEach((listId, index) => {
      if (settings.listIds.indexOf(listId) !== index) add(`listIds.${index}`, `${listId} is listed twice`);
      else if (!vendorListIds.has(listId))
        add(`listIds.${index}`, `${listId} is not a ${noun} of the ${manifest.name} account`);
    });
  }

  if (settings.syncType === 'ONE_WAY' && settings.direction === null)
    add('direction', 'a one-way sync needs a direction (CRM_TO_VENDOR or VENDOR_TO_CRM)');
  if (settings.syncType === 'TWO_WAY' && settings.direction !== null)
    add('direction', 'must be null for a two-way sync, which runs both ways');

  if (settings.schedule !== 'off' && !manifest.schedules.includes(settings.schedule))
    add(
      'schedule',
      `${manifest.name} offers ${['off', ...manifest.schedules].join(', ')}; not ${settings.schedule}`,
    );

  if (settings.schedules !== undefined) {
    problems.push(...jobScheduleProblems(settings.schedules, manifest));
    settings.schedules = { ...settings.schedules };
  }

  if (settings.carts.enabled) {
    if (!manifest.capabilities.includes('ecommerceCarts'))
      add('carts.enabled', `${manifest.name} has no e-commerce carts to sync`);
    else if (settings.carts.storeIds.length === 0)
      add('carts.storeIds', 'syncing carts needs at least one store');
    else
      settings.carts.storeIds.forEach((storeId, index) => {
        if (settings.carts.storeIds.indexOf(storeId) !== index)
          add(`carts.storeIds.${index}`, `${storeId} is listed twice`);
        else if (!vendorStoreIds.has(storeId))
          add(`carts.storeIds.${index}`, `${storeId} is not a store of the ${manifest.name} account`);
      });
  }

  const target = settings.targetListId;
  if (target === null) {
    // Lists fed by saved views need no target: each list's views say what goes to it.
    if (flowsToVendor(settings) && !membership)
      add(
        'targetListId',
        `is required when CRM records go to ${manifest.name}: the ${noun} they are added to`,
      );
  } else if (!vendorListIds.has(target)) {
    add('targetListId', `${target} is not a ${noun} of the ${manifest.name} account`);
  } else if (settings.listSelection === 'SELECTIVE' && !settings.listIds.includes(target)) {
    add('targetListId', `must be one of the selected listIds`);
  }

  return { settings, problems };
}

/**
 * The settings with what the connector's membership adds: a global-unsubscribe flag for each
 * module of a connector whose lists are fed by saved views (off unless set), none otherwise.
 */
export function withMembershipDefaults(
  settings: SyncSettingsData,
  manifest: ConnectorManifest,
): SyncSettingsData {
  const { globalUnsubscribe, ...rest } = settings;
  const membership = savedViewsMembership(manifest);
  if (!membership) return rest;
  return {
    ...rest,
    globalUnsubscribe: Object.fromEntries(
      membership.modules.map((module) => [module, globalUnsubscribe?.[module] ?? false]),
    ),
  };
}

/** Whether checking these settings needs the vendor's stores: carts enabled with stores named. */
export const settingsNeedVendorStores = (input: SyncSettingsData, manifest: ConnectorManifest): boolean =>
  input.carts.enabled && input.carts.storeIds.length > 0 && manifest.capabilities.includes('ecommerceCarts');

/** Whether checking these settings needs the vendor's lists (saves a vendor call when not). */
export const settingsNeedVendorLists = (input: SyncSettingsData): boolean =>
  input.targetListId !== null || (input.listSelection === 'SELECTIVE' && input.listIds.length > 0);
