import { randomBytes } from 'node:crypto';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { TenantId } from '@crm/platform';
import { Contact, CustomFieldDefinition } from '@crm/core';
import {
  CampaignSend,
  CartDealLink,
  ConnectorConnection,
  ConnectorError,
  ConnectorErrorCode,
  ConnectorInstallation,
  EMPTY_COUNTS,
  FailedRecord,
  FieldMapping,
  ImportRun,
  ListViewRule,
  Notification,
  OAuthState,
  RecordLink,
  SyncRun,
  SyncRunRecord,
  SyncSettings,
  VendorListRecord,
  VendorTagRecord,
} from '@crm/connector-sdk';
import { FakeConnectorModule, FakeVendor } from '@crm/connector-sdk/testing';
import { insertContact } from '../e2e/sales-users.fixture';
import { installFakeConnector } from '../support/connector-fixtures';
import { databaseKinds } from '../support/databases';
import { bearer, startTestApp, TestApp, TestTenant } from '../support/test-app';

/** Every table that holds rows of one installation, by the name the uninstall answer uses. */
const OWN_TABLES: Record<string, EntityTarget<ObjectLiteral>> = {
  lists: VendorListRecord,
  tags: VendorTagRecord,
  links: RecordLink,
  mappings: FieldMapping,
  settings: SyncSettings,
  runs: SyncRun,
  runRecords: SyncRunRecord,
  failedRecords: FailedRecord,
  oauthStates: OAuthState,
  notifications: Notification,
  importRuns: ImportRun,
  cartLinks: CartDealLink,
  campaignSends: CampaignSend,
  listViews: ListViewRule,
  connection: ConnectorConnection,
};

describe.each(databaseKinds)('uninstall (%s)', (kind) => {
  const vendor = new FakeVendor();
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Record<string, string>;

  const insert = <T extends ObjectLiteral>(entity: EntityTarget<T>, values: Partial<T>) => {
    const repository = t.app.get(DataSource).getRepository(entity);
    return repository.save(repository.create(values as T));
  };

  /** One row of each kind the connector keeps for the installation, on a fresh vendor list. */
  async function seedRows(tenantId: TenantId, installationId: string, contactId: string) {
    const listId = vendor.createList(`List of ${installationId.slice(0, 8)}`);
    const webhookId = `wh-${randomBytes(3).toString('hex')}`;
    vendor.list(listId).webhooks.set(webhookId, `https://crm.example/api/webhooks/fake/${installationId}/x`);
    const base = { tenantId, installationId };
    await insert(VendorListRecord, {
      ...base,
      vendorListId: listId,
      name: 'Newsletter',
      status: 'ACTIVE',
      webhookId,
    });
    await insert(VendorTagRecord, {
      ...base,
      vendorListId: listId,
      vendorTagId: 't1',
      name: 'VIP',
      kind: 'tag',
    });
    await insert(RecordLink, {
      ...base,
      listId,
      email: `ana-${installationId.slice(0, 8)}@example.test`,
      crmModule: 'contacts',
      crmId: contactId,
      vendorStatus: 'subscribed',
    });
    await insert(FieldMapping, {
      ...base,
      listId,
      vendorField: 'FNAME',
      crmField: 'firstName',
      direction: 'BOTH',
    });
    await insert(SyncSettings, {
      ...base,
      data: {
        listSelection: 'BULK',
        listIds: [],
        syncType: 'TWO_WAY',
        direction: null,
        conflictWinner: 'CRM',
        schedule: 'daily',
        carts: { enabled: false, storeIds: [] },
        subscriberModule: 'contacts',
        targetListId: listId,
      },
    });
    const run = await insert(SyncRun, {
      ...base,
      trigger: 'MANUAL',
      kind: 'FULL',
      status: 'SUCCEEDED',
      counts: { ...EMPTY_COUNTS, added: 1 },
    });
    await insert(SyncRunRecord, {
      ...base,
      runId: run.id,
      listId,
      crmModule: 'contacts',
      crmId: contactId,
      email: 'ana@example.test',
      action: 'ADD',
      direction: 'TO_VENDOR',
    });
    await insert(FailedRecord, {
      ...base,
      runId: run.id,
      listId,
      email: 'bad@example.test',
      reasonCode: 'VALIDATION',
      message: 'Invalid address',
    });
    await insert(OAuthState, {
      ...base,
      stateHash: randomBytes(32).toString('hex'),
      userId: tenant.adminUserId,
      connectorKey: 'fake',
      expiresAt: new Date(Date.now() + 600_000),
    });
    await insert(Notification, {
      ...base,
      userId: tenant.adminUserId,
      type: 'NEW_SUBSCRIBER',
      title: 'Ana subscribed',
    });
    await insert(ImportRun, { ...base, kind: 'CARTS', trigger: 'MANUAL', status: 'SUCCEEDED' });
    await insert(CartDealLink, {
      ...base,
      storeId: 'store-1',
      cartId: 'cart-1',
      dealId: '00000000-0000-4000-8000-000000000001',
      contentHash: 'h',
    });
    await insert(CampaignSend, {
      ...base,
      viewId: '00000000-0000-4000-8000-000000000002',
      viewName: 'Clients',
      viewModule: 'organizations',
      filter: { op: 'and', conditions: [] },
      campaignId: 'c1',
      campaignName: 'Spring sale',
      listId,
      status: 'SENT',
    });
    await insert(ListViewRule, { ...base, listId, viewId: '00000000-0000-4000-8000-000000000003' });
    return { listId, webhookId };
  }

  async function countRows(installationId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [name, entity] of Object.entries(OWN_TABLES))
      counts[name] = await t.app.get(DataSource).getRepository(entity).countBy({ installationId });
    return counts;
  }

  const customFieldKeys = async (tenantId: TenantId) =>
    (await t.app.get(DataSource).getRepository(CustomFieldDefinition).findBy({ tenantId }))
      .map((field) => field.key)
      .sort();

  beforeAll(async () => {
    t = await startTestApp(kind, {}, [FakeConnectorModule.register(vendor)]);
    tenant = await t.createTenant('Leaving');
    admin = bearer(tenant.adminToken);
  });
  afterAll(() => t.close());

  it('removes exactly the connector’s rows and webhooks, and keeps the CRM’s data', async () => {
    const tenantId = tenant.tenantId;
    const contactId = await insertContact(t, tenantId, 'Garcia', { ownerId: tenant.adminUserId });
    const first = await installFakeConnector(t, tenant, vendor);
    const second = await installFakeConnector(t, tenant, vendor);
    const firstVendor = await seedRows(tenantId, first.installationId, contactId);
    const secondVendor = await seedRows(tenantId, second.installationId, contactId);
    const field = (key: string, createdBy: string | null) =>
      insert(CustomFieldDefinition, {
        tenantId,
        module: 'contacts',
        key,
        label: key,
        type: 'text',
        createdBy,
      });
    await field('fake_score', 'fake');
    await field('birthday', null);
    const everyRow = Object.fromEntries(Object.keys(OWN_TABLES).map((name) => [name, 1]));
    expect(await countRows(first.installationId)).toEqual(everyRow);

    vendor.calls.length = 0;
    const res = await t.http().delete(`/api/installations/${first.installationId}`).set(admin).expect(200);
    expect(res.body).toEqual({
      removed: {
        installation: 1,
        connection: 1,
        lists: 1,
        tags: 1,
        links: 1,
        mappings: 1,
        settings: 1,
        runs: 1,
        runRecords: 1,
        failedRecords: 1,
        oauthStates: 1,
        notifications: 1,
        importRuns: 1,
        cartLinks: 1,
        campaignSends: 1,
        listViews: 1,
        customFields: 0,
        webhooks: 1,
      },
      kept: { campaigns: 0 },
      // The second installation of the same connector still uses its fields.
      warnings: [expect.objectContaining({ step: 'customFields' })],
    });
    expect(vendor.calls.filter((c) => c.method === 'removeWebhook')).toEqual([
      { method: 'removeWebhook', listId: firstVendor.listId },
    ]);
    expect(vendor.list(firstVendor.listId).webhooks.size).toBe(0);
    expect(vendor.list(secondVendor.listId).webhooks.has(secondVendor.webhookId)).toBe(true);

    expect(Object.values(await countRows(first.installationId)).every((n) => n === 0)).toBe(true);
    expect(await countRows(second.installationId)).toEqual(everyRow);
    await t.http().get(`/api/installations/${first.installationId}`).set(admin).expect(404);
    await t.http().get(`/api/installations/${second.installationId}`).set(admin).expect(200);
    await t.http().delete(`/api/installations/${first.installationId}`).set(admin).expect(404);
    expect(await customFieldKeys(tenantId)).toEqual(['birthday', 'fake_score']);

    // The last installation of the connector takes its custom fields with it.
    const last = await t.http().delete(`/api/installations/${second.installationId}`).set(admin).expect(200);
    expect(last.body.removed).toMatchObject({ customFields: 1, webhooks: 1, links: 1, installation: 1 });
    expect(last.body.warnings).toEqual([]);
    expect(await customFieldKeys(tenantId)).toEqual(['birthday']);
    expect(Object.values(await countRows(second.installationId)).every((n) => n === 0)).toBe(true);
    expect(await t.app.get(DataSource).getRepository(Contact).countBy({ tenantId, id: contactId })).toBe(1);
    await t.http().get(`/api/contacts/${contactId}`).set(admin).expect(200);
  });

  it('still uninstalls when the vendor refuses to remove a webhook, and says so', async () => {
    const tenantId = tenant.tenantId;
    const contactId = await insertContact(t, tenantId, 'Lopez', { ownerId: tenant.adminUserId });
    const { installationId } = await installFakeConnector(t, tenant, vendor);
    const { listId, webhookId } = await seedRows(tenantId, installationId, contactId);
    vendor.pendingFailures.push(
      new ConnectorError(ConnectorErrorCode.PERMISSION, 'Webhooks need a paid plan'),
    );

    const res = await t.http().delete(`/api/installations/${installationId}`).set(admin).expect(200);
    expect(res.body.removed).toMatchObject({ webhooks: 0, lists: 1, connection: 1, installation: 1 });
    expect(res.body.warnings).toEqual([
      { step: 'webhooks', listId, message: expect.stringContaining('Webhooks need a paid plan') },
    ]);
    expect(vendor.list(listId).webhooks.has(webhookId)).toBe(true);
    expect(
      await t.app.get(DataSource).getRepository(ConnectorInstallation).countBy({ id: installationId }),
    ).toBe(0);
  });

  it('is for administrators of the owning tenant only', async () => {
    const { installationId } = await installFakeConnector(t, tenant, vendor);
    const other = await t.createTenant('Other');
    await t.http().delete(`/api/installations/${installationId}`).set(bearer(other.adminToken)).expect(404);
    expect(
      await t.app.get(DataSource).getRepository(ConnectorInstallation).countBy({ id: installationId }),
    ).toBe(1);
  });
});
