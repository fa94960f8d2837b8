import type { ConnectionContext } from '@crm/connector-sdk';
import { describeConnectorContract } from '@crm/connector-sdk/testing';
import { MailupFixture } from './mailup-fixture';

/**
 * The framework's connector contract, run against the MailUp sandbox through the real product's
 * connection contexts (credentials from the database, the account's shared request budget).
 */
let f: MailupFixture | undefined;
afterAll(() => f?.close());

describeConnectorContract('MailUp', async () => {
  f = await MailupFixture.start();
  const fixture = f;
  const m = await fixture.tenant('Contratto');
  const connector = fixture.connector;
  return {
    connector,
    context: () => fixture.context(m),
    // Both tokens dead and no password to fall back on: the refresh is refused, as after a revocation.
    async revokedContext(): Promise<ConnectionContext> {
      const context = await fixture.context(m);
      const revoked: ConnectionContext = {
        ...context,
        credentials: { accessToken: 'revoked', refreshToken: 'revoked' },
        renewCredentials: async () => {
          revoked.credentials = (await connector.refreshCredentials(revoked)).credentials;
        },
      };
      return revoked;
    },
    createList: async (name) => String(await fixture.sandbox.createList(m.account, name)),
    unsubscribeAtVendor: async (listId, email) => {
      await fixture.control(m, '/recipients/unsubscribe', { email, idList: Number(listId) });
    },
    pageSize: 3,
  };
});
