import { asTenantId } from '@crm/platform';
import { AccountBudget } from '../connections/request-budget';
import type { ConnectionContext } from '../contract/connector';
import { manifestProblems } from '../registry/connector.registry';
import { describeConnectorContract } from './connector-contract';
import { FakeConnector } from './fake.connector';
import { FakeVendor } from './fake-vendor';

const vendor = new FakeVendor();
const connector = new FakeConnector(vendor);
const contextWith = (apiKey: string): ConnectionContext => ({
  tenantId: asTenantId('00000000-0000-4000-8000-000000000000'),
  installationId: 'contract',
  credentials: { apiKey },
  account: { id: 'contract', label: 'Contract account', metadata: {} },
  budget: new AccountBudget(connector.manifest.limits.budget),
});

describeConnectorContract('fake connector', async () => ({
  connector,
  context: async () => contextWith(vendor.validApiKey),
  revokedContext: async () => contextWith('revoked'),
  createList: async (name) => vendor.createList(name),
  unsubscribeAtVendor: async (listId, email) => void vendor.act(listId, email, 'unsubscribe'),
  unsubscribeWebhook: (listId, email) => ({
    body: { events: [{ type: 'unsubscribe', listId, email, firedAt: new Date().toISOString() }] },
    contentType: 'application/json',
  }),
}));

describe('the contract suite itself', () => {
  it('rejects a connector that declares a capability it does not implement', () => {
    const broken = new FakeConnector(new FakeVendor(), { capabilities: ['lists', 'members', 'campaigns'] });
    expect(manifestProblems(broken)).toEqual([
      'capability "campaigns" needs method listCampaigns()',
      'capability "campaigns" needs method readCampaignActivity()',
    ]);
  });

  it('rejects a manifest that does not lock the email mapping', () => {
    const unlocked = new FakeConnector(new FakeVendor(), { defaultMappings: [] });
    expect(manifestProblems(unlocked)).toContain('default mappings must lock the email field');
  });
});
