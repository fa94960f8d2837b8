import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ConnectorError,
  ConnectorErrorCode,
  ConnectorInstallation,
  SyncSettings,
  type SyncSettingsData,
} from '@crm/connector-sdk';
import { FakeConnector, FakeConnectorModule, fakeManifest, FakeVendor } from '@crm/connector-sdk/testing';
import { signInNewUser, SignedInUser, fieldsOf } from '../e2e/sales-users.fixture';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

/** A fake connector that also syncs e-commerce carts and offers only a daily schedule. */
class ShopConnector extends FakeConnector {
  async listStores() {
    return [{ id: 'store-1', name: 'Tienda', currency: 'MXN' }];
  }

  async listAbandonedCarts() {
    return { carts: [] };
  }
}

@Module({})
class ShopConnectorModule {
  static register(vendor: FakeVendor): DynamicModule {
    const connector = new ShopConnector(vendor, {
      key: 'shop',
      name: 'Shop Mail',
      capabilities: [...fakeManifest.capabilities, 'ecommerceCarts'],
      schedules: ['daily'],
    });
    return { module: ShopConnectorModule, providers: [{ provide: ShopConnector, useValue: connector }] };
  }
}

type Problem = { field: string; reason: string };
const problems = (body: { errors?: Problem[] }) => body.errors ?? [];

describe.each(databaseKinds)('sync settings and the vendor catalogue (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Record<string, string>;
  let rep: SignedInUser;
  let other: TestTenant;
  let installationId: string;
  let shopInstallationId: string;
  let newsletter: string;
  let customers: string;

  const settingsUrl = (id = installationId) => `/api/installations/${id}/settings`;
  const put = (body: object, id = installationId, auth = admin) =>
    t.http().put(settingsUrl(id)).set(auth).send(body);
  const valid = (): SyncSettingsData => ({
    listSelection: 'SELECTIVE',
    listIds: [newsletter, customers],
    syncType: 'TWO_WAY',
    direction: null,
    conflictWinner: 'VENDOR',
    schedule: 'weekly',
    carts: { enabled: false, storeIds: [] },
    subscriberModule: 'leads',
    targetListId: customers,
  });
  const savedRows = () =>
    t.app.get(DataSource).getRepository(SyncSettings).countBy({ tenantId: tenant.tenantId });

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [
      FakeConnectorModule.register(vendor),
      ShopConnectorModule.register(vendor),
    ]);
    tenant = await t.createTenant('Settings');
    admin = bearer(tenant.adminToken);
    rep = await signInNewUser(t, tenant.tenantId, { recordAccess: 'ALL' });
    other = await t.createTenant('Elsewhere');
    newsletter = vendor.createList('Newsletter');
    customers = vendor.createList('Clientes');
    ({ installationId } = await installFakeConnector(t, tenant, vendor));
    ({ installationId: shopInstallationId } = await installFakeConnector(t, tenant, vendor));
    await t.app
      .get(DataSource)
      .getRepository(ConnectorInstallation)
      .update({ id: shopInstallationId }, { connectorKey: 'shop' });
  });
  afterAll(() => t.close());

  describe('vendor catalogue', () => {
    it('lists the vendor lists fresh and keeps a list deleted at the vendor as DELETED history', async () => {
      const temporary = vendor.createList('Promo 2025');
      const first = await t.http().get(`/api/installations/${installationId}/lists`).set(admin).expect(200);
      expect(first.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            listId: newsletter,
            name: 'Newsletter',
            status: 'ACTIVE',
            memberCount: 0,
          }),
          expect.objectContaining({ listId: temporary, name: 'Promo 2025', status: 'ACTIVE' }),
        ]),
      );
      vendor.lists.delete(temporary);
      vendor.list(newsletter).name = 'Boletín';
      const second = await t
        .http()
        .get(`/api/installations/${installationId}/lists`)
        .set(rep.auth)
        .expect(200);
      expect(
        second.body.map((l: { listId: string; status: string; name: string }) => [
          l.listId,
          l.status,
          l.name,
        ]),
      ).toEqual([
        [newsletter, 'ACTIVE', 'Boletín'],
        [customers, 'ACTIVE', 'Clientes'],
        [temporary, 'DELETED', 'Promo 2025'],
      ]);
      // A deleted list is history, not a list settings may use.
      const res = await put({ ...valid(), listIds: [customers, temporary] }).expect(400);
      expect(fieldsOf(res.body)).toEqual(['listIds.1']);
    });

    it('reads a list’s fields and answers 404 naming an unknown list', async () => {
      vendor.list(newsletter).fields = [
        { key: 'ZONE', label: 'Zona', type: 'dropdown', required: false, choices: ['Norte'] },
      ];
      const res = await t
        .http()
        .get(`/api/installations/${installationId}/lists/${newsletter}/fields`)
        .set(rep.auth)
        .expect(200);
      expect(res.body).toEqual([
        { key: 'ZONE', label: 'Zona', type: 'dropdown', required: false, choices: ['Norte'] },
      ]);
      const missing = await t
        .http()
        .get(`/api/installations/${installationId}/lists/list-404/fields`)
        .set(admin)
        .expect(404);
      expect(missing.body.message).toContain('list-404');
    });

    it('translates vendor failures: revoked access → 409 re-authorization, temporary → 503', async () => {
      vendor.pendingFailures.push(new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'token revoked'));
      const revoked = await t.http().get(`/api/installations/${installationId}/lists`).set(admin).expect(409);
      expect(revoked.body.message).toMatch(/needs re-authorization/);
      // Down for the first try and the budget's three retries.
      vendor.pendingFailures.push(
        ...Array.from({ length: 4 }, () => new ConnectorError(ConnectorErrorCode.TEMPORARY, 'timeout')),
      );
      await t.http().get(`/api/installations/${installationId}/lists`).set(admin).expect(503);
      await t.http().get(`/api/installations/${installationId}/lists`).set(admin).expect(200);
    });

    it('is not found for another tenant', async () => {
      await t
        .http()
        .get(`/api/installations/${installationId}/lists`)
        .set(bearer(other.adminToken))
        .expect(404);
    });
  });

  describe('settings', () => {
    it('answers the defaults while nothing is saved', async () => {
      const res = await t.http().get(settingsUrl()).set(rep.auth).expect(200);
      expect(res.body).toEqual({
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
    });

    const rules: Array<[string, (s: SyncSettingsData) => object, string, RegExp, 'fake' | 'shop']> = [
      [
        'a selective sync needs a list',
        (s) => ({ ...s, listIds: [], targetListId: null, syncType: 'ONE_WAY', direction: 'VENDOR_TO_CRM' }),
        'listIds',
        /at least one list/,
        'fake',
      ],
      [
        'every list must exist at the vendor',
        (s) => ({ ...s, listIds: [customers, 'list-999'] }),
        'listIds.1',
        /list-999 is not a list/,
        'fake',
      ],
      [
        'one-way needs a direction',
        (s) => ({ ...s, syncType: 'ONE_WAY', direction: null }),
        'direction',
        /needs a direction/,
        'fake',
      ],
      [
        'two-way has no direction',
        (s) => ({ ...s, direction: 'CRM_TO_VENDOR' }),
        'direction',
        /must be null/,
        'fake',
      ],
      [
        'the schedule must be one the connector offers',
        (s) => ({ ...s, schedule: 'hourly' }),
        'schedule',
        /offers off, daily/,
        'shop',
      ],
      [
        'carts need the carts capability',
        (s) => ({ ...s, carts: { enabled: true, storeIds: ['store-1'] } }),
        'carts.enabled',
        /no e-commerce carts/,
        'fake',
      ],
      [
        'carts need a store',
        (s) => ({ ...s, schedule: 'daily', carts: { enabled: true, storeIds: [] } }),
        'carts.storeIds',
        /at least one store/,
        'shop',
      ],
      [
        'two-way needs a target list',
        (s) => ({ ...s, targetListId: null }),
        'targetListId',
        /required when CRM records go/,
        'fake',
      ],
      [
        'one-way CRM → vendor needs a target list',
        (s) => ({ ...s, syncType: 'ONE_WAY', direction: 'CRM_TO_VENDOR', targetListId: null }),
        'targetListId',
        /required/,
        'fake',
      ],
      [
        'the target list must exist',
        (s) => ({ ...s, listSelection: 'BULK', targetListId: 'list-999' }),
        'targetListId',
        /not a list/,
        'fake',
      ],
      [
        'a selective target must be among the selected lists',
        (s) => ({ ...s, listIds: [newsletter] }),
        'targetListId',
        /one of the selected listIds/,
        'fake',
      ],
      [
        'the subscriber module is contacts or leads',
        (s) => ({ ...s, subscriberModule: 'organizations' }),
        'subscriberModule',
        /must be one of/,
        'fake',
      ],
      [
        'unknown keys are rejected',
        (s) => ({ ...s, carts: { ...s.carts, coupons: true } }),
        'carts.coupons',
        /should not exist/,
        'fake',
      ],
    ];

    it.each(rules)('%s', async (_rule, mutate, field, reason, connector) => {
      const before = await savedRows();
      const res = await put(
        mutate(valid()),
        connector === 'shop' ? shopInstallationId : installationId,
      ).expect(400);
      expect(problems(res.body)).toEqual([{ field, reason: expect.stringMatching(reason) }]);
      expect(await savedRows()).toBe(before);
    });

    it('reports every problem in one answer', async () => {
      const res = await put({
        ...valid(),
        listIds: ['list-999'],
        syncType: 'ONE_WAY',
        direction: null,
        carts: { enabled: true, storeIds: [] },
        targetListId: null,
      }).expect(400);
      expect(fieldsOf(res.body).sort()).toEqual(['carts.enabled', 'direction', 'listIds.0'].sort());
    });

    it('saves valid settings that read back unchanged, BULK clearing the list ids', async () => {
      const saved = await put(valid()).expect(200);
      expect(saved.body).toEqual(valid());
      expect((await t.http().get(settingsUrl()).set(rep.auth).expect(200)).body).toEqual(valid());

      const bulk = {
        ...valid(),
        listSelection: 'BULK',
        syncType: 'ONE_WAY',
        direction: 'VENDOR_TO_CRM',
        targetListId: null,
      };
      await put(bulk).expect(200);
      expect((await t.http().get(settingsUrl()).set(admin).expect(200)).body).toEqual({
        ...bulk,
        listIds: [],
      });

      const shop = { ...valid(), schedule: 'daily', carts: { enabled: true, storeIds: ['store-1'] } };
      await put(shop, shopInstallationId).expect(200);
      expect((await t.http().get(settingsUrl(shopInstallationId)).set(admin).expect(200)).body).toEqual(shop);
    });

    it('lets only admins save, and hides the installation from other tenants', async () => {
      const before = (await t.http().get(settingsUrl()).set(admin).expect(200)).body;
      await put(valid(), installationId, rep.auth).expect(403);
      await put(valid(), installationId, bearer(other.adminToken)).expect(404);
      await t.http().get(settingsUrl()).set(bearer(other.adminToken)).expect(404);
      expect((await t.http().get(settingsUrl()).set(admin).expect(200)).body).toEqual(before);
    });
  });
});
