import { fakeManifest } from '../testing/fake.connector';
import {
  checkSyncSettings,
  defaultSyncSettings,
  flowsToCrm,
  flowsToVendor,
  withMembershipDefaults,
} from './sync-settings.rules';

describe('sync settings rules', () => {
  const context = { manifest: fakeManifest, vendorListIds: new Set(['list-1', 'list-2']) };

  it('needs a target list for the defaults, which push CRM records (two-way)', () => {
    expect(checkSyncSettings(defaultSyncSettings(), context).problems).toEqual([
      { field: 'targetListId', reason: expect.stringContaining('is required') },
    ]);
    expect(checkSyncSettings({ ...defaultSyncSettings(), targetListId: 'list-2' }, context).problems).toEqual(
      [],
    );
  });

  it('normalizes what does not apply: BULK drops list ids, disabled carts drop stores', () => {
    const { settings } = checkSyncSettings(
      {
        ...defaultSyncSettings(),
        listIds: ['list-1'],
        carts: { enabled: false, storeIds: ['s'] },
        targetListId: 'list-1',
      },
      context,
    );
    expect(settings.listIds).toEqual([]);
    expect(settings.carts).toEqual({ enabled: false, storeIds: [] });
  });

  it('checks the scheduled jobs’ frequencies against the connector’s jobs, and keeps them', () => {
    const manifest = { ...fakeManifest, jobs: [{ kind: 'LISTS' as const, every: 'hourly' as const }] };
    const input = { ...defaultSyncSettings(), targetListId: 'list-1' };
    const saved = checkSyncSettings({ ...input, schedules: { LISTS: 'off' } }, { ...context, manifest });
    expect(saved).toEqual({ settings: { ...input, schedules: { LISTS: 'off' } }, problems: [] });
    expect(checkSyncSettings(input, { ...context, manifest }).settings).not.toHaveProperty('schedules');
    const refused = checkSyncSettings(
      { ...input, schedules: { CARTS: 'daily' } },
      { ...context, manifest },
    ).problems;
    expect(refused).toEqual([
      { field: 'schedules.CARTS', reason: 'Fake Mail has no CARTS job; its jobs are LISTS' },
    ]);
  });

  it('names a list selected twice', () => {
    const input = {
      ...defaultSyncSettings(),
      listSelection: 'SELECTIVE' as const,
      listIds: ['list-1', 'list-1'],
    };
    expect(checkSyncSettings({ ...input, targetListId: 'list-1' }, context).problems).toEqual([
      { field: 'listIds.1', reason: 'list-1 is listed twice' },
    ]);
  });

  it('names a store the vendor account does not have, or one chosen twice', () => {
    const manifest = {
      ...fakeManifest,
      capabilities: [...fakeManifest.capabilities, 'ecommerceCarts' as const],
    };
    const input = {
      ...defaultSyncSettings(),
      targetListId: 'list-1',
      carts: { enabled: true, storeIds: ['shop-1', 'gone', 'shop-1'] },
    };
    expect(
      checkSyncSettings(input, { ...context, manifest, vendorStoreIds: new Set(['shop-1']) }).problems,
    ).toEqual([
      { field: 'carts.storeIds.1', reason: 'gone is not a store of the Fake Mail account' },
      { field: 'carts.storeIds.2', reason: 'shop-1 is listed twice' },
    ]);
    // A connector without carts refuses them whatever its stores.
    expect(checkSyncSettings(input, context).problems).toEqual([
      { field: 'carts.enabled', reason: 'Fake Mail has no e-commerce carts to sync' },
    ]);
  });

  it('derives the data flows from type and direction', () => {
    expect([
      flowsToVendor({ syncType: 'TWO_WAY', direction: null }),
      flowsToCrm({ syncType: 'TWO_WAY', direction: null }),
    ]).toEqual([true, true]);
    expect([
      flowsToVendor({ syncType: 'ONE_WAY', direction: 'VENDOR_TO_CRM' }),
      flowsToCrm({ syncType: 'ONE_WAY', direction: 'VENDOR_TO_CRM' }),
    ]).toEqual([false, true]);
  });

  describe('for a connector whose lists are fed by saved views', () => {
    const manifest = {
      ...fakeManifest,
      membership: { source: 'savedViews' as const, modules: ['leads' as const, 'contacts' as const] },
    };
    const viewsContext = { ...context, manifest };

    it('needs no target list, and keeps a global-unsubscribe flag per module, off unless set', () => {
      const { settings, problems } = checkSyncSettings(
        { ...defaultSyncSettings(), globalUnsubscribe: { leads: true } },
        viewsContext,
      );
      expect(problems).toEqual([]);
      expect(settings.globalUnsubscribe).toEqual({ leads: true, contacts: false });
      expect(withMembershipDefaults(defaultSyncSettings(), manifest).globalUnsubscribe).toEqual({
        leads: false,
        contacts: false,
      });
    });

    it('names a module its lists do not take, and refuses the flag to other connectors', () => {
      const input = {
        ...defaultSyncSettings(),
        targetListId: 'list-1',
        globalUnsubscribe: { organizations: true },
      };
      expect(checkSyncSettings(input, viewsContext).problems).toEqual([
        {
          field: 'globalUnsubscribe.organizations',
          reason: 'Fake Mail lists take members from leads, contacts only',
        },
      ]);
      const { settings, problems } = checkSyncSettings(input, context);
      expect(problems).toEqual([
        { field: 'globalUnsubscribe', reason: 'Fake Mail lists do not take their members from saved views' },
      ]);
      expect(settings).not.toHaveProperty('globalUnsubscribe');
    });
  });
});
