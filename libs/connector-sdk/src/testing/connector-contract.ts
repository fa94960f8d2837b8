import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import { hasCapability, type ConnectionContext, type Connector } from '../contract/connector';
import type { MemberWrite, VendorMember } from '../contract/vendor-records';
import { manifestProblems } from '../registry/connector.registry';

/**
 * What a connector's own test gives the contract suite: the connector, an authorized context on
 * a test account (a sandbox, or the fake vendor), and ways to act as the outside world.
 */
export interface ContractHarness {
  connector: Connector;
  context(): Promise<ConnectionContext>;
  /** A context whose credentials the vendor no longer accepts. */
  revokedContext(): Promise<ConnectionContext>;
  /** A fresh, empty list (audience) at the vendor. */
  createList(name: string): Promise<string>;
  /** The member unsubscribes themselves at the vendor (e.g. through the email's link). */
  unsubscribeAtVendor(listId: string, email: string): Promise<void>;
  /** The body and content type the vendor's webhook would post for an unsubscribe. */
  unsubscribeWebhook?(listId: string, email: string): { body: unknown; contentType: string };
  /** Extra members per page for paging tests; defaults to 3. */
  pageSize?: number;
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function readAll(
  connector: Connector,
  context: ConnectionContext,
  listId: string,
  pageSize: number,
  changedSince?: Date,
) {
  if (!hasCapability(connector, 'members')) return [];
  const members: VendorMember[] = [];
  let cursor: string | undefined;
  do {
    const page = await connector.readMembers(context, listId, { cursor, pageSize, changedSince });
    members.push(...page.members);
    cursor = page.nextCursor;
  } while (cursor);
  return members;
}

async function expectConnectorError(promise: Promise<unknown>, code: ConnectorErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  expect((error as ConnectorError).code).toBe(code);
}

/**
 * The connector contract: every connector runs this suite against its vendor's sandbox, the
 * framework's fake runs it in the SDK's own tests. It checks what the engine relies on — coded
 * errors, upsert semantics, the consent rule, paging, change cursors, webhooks — not the
 * vendor's feature list.
 */
export function describeConnectorContract(name: string, setUp: () => Promise<ContractHarness>): void {
  describe(`connector contract: ${name}`, () => {
    let harness: ContractHarness;
    let connector: Connector;
    let context: ConnectionContext;

    beforeAll(async () => {
      harness = await setUp();
      connector = harness.connector;
      context = await harness.context();
    });

    const write = (listId: string, writes: MemberWrite[]) => {
      if (!hasCapability(connector, 'members')) throw new Error('members capability required');
      return connector.writeMembers(context, listId, writes);
    };
    const member = (email: string, extra: Partial<MemberWrite> = {}): MemberWrite => ({
      email,
      statusIfNew: 'subscribed',
      fields: {},
      ...extra,
    });

    it('has a manifest that fits the framework', () => {
      expect(manifestProblems(connector)).toEqual([]);
      expect(connector.manifest.defaultMappings.filter((m) => m.locked).map((m) => m.crmField)).toEqual(
        expect.arrayContaining(['email']),
      );
    });

    it('passes its health check with valid credentials and reports revoked ones as AUTH_REVOKED', async () => {
      await expect(connector.checkHealth(context)).resolves.toBeUndefined();
      await expectConnectorError(
        connector.checkHealth(await harness.revokedContext()),
        ConnectorErrorCode.AUTH_REVOKED,
      );
    });

    it('lists the lists of the account', async () => {
      if (!hasCapability(connector, 'lists')) return;
      const listId = await harness.createList(`Contract ${unique()}`);
      expect((await connector.listLists(context)).map((list) => list.id)).toContain(listId);
    });

    it('answers a batch write with one result per member, in order, and reads them back page by page', async () => {
      if (!hasCapability(connector, 'members')) return;
      const listId = await harness.createList(`Members ${unique()}`);
      const emails = Array.from({ length: 7 }, (_, i) => `member${i}.${unique()}@example.com`);
      const results = await write(
        listId,
        emails.map((email) => member(email)),
      );
      expect(results.map((r) => [r.email.toLowerCase(), r.ok])).toEqual(emails.map((email) => [email, true]));
      const read = await readAll(connector, context, listId, harness.pageSize ?? 3);
      expect(read.map((m) => m.email.toLowerCase()).sort()).toEqual([...emails].sort());
      expect(new Set(read.map((m) => m.vendorId)).size).toBe(emails.length);
      expect(read.every((m) => m.status === 'subscribed')).toBe(true);
    });

    it('reports a rejected member in its result without failing the others', async () => {
      if (!hasCapability(connector, 'members')) return;
      const listId = await harness.createList(`Rejects ${unique()}`);
      const good = `good.${unique()}@example.com`;
      const results = await write(listId, [member('not-an-email'), member(good)]);
      expect(results[0]).toMatchObject({ ok: false, error: { code: ConnectorErrorCode.VALIDATION } });
      expect(results[1]).toMatchObject({ ok: true });
    });

    it('applies statusIfNew to new members only and never re-subscribes someone who left', async () => {
      if (!hasCapability(connector, 'members')) return;
      const listId = await harness.createList(`Consent ${unique()}`);
      const email = `leaver.${unique()}@example.com`;
      await write(listId, [member(email)]);
      await harness.unsubscribeAtVendor(listId, email);
      await write(listId, [member(email, { fields: { FNAME: 'Still' } })]);
      const blind = await write(listId, [member(email, { status: 'subscribed' })]);
      expect(blind[0].ok).toBe(false);
      expect(blind[0].error?.code).toBe(ConnectorErrorCode.COMPLIANCE);
      const [after] = (await readAll(connector, context, listId, 10)).filter(
        (m) => m.email.toLowerCase() === email,
      );
      expect(after.status).toBe('unsubscribed');
    });

    it('removes members without touching their consent, and a new write brings one back', async () => {
      if (!hasCapability(connector, 'members') || !connector.removeMembers) return;
      const listId = await harness.createList(`Remove ${unique()}`);
      const email = `removed.${unique()}@example.com`;
      await write(listId, [member(email)]);
      const [removed] = await connector.removeMembers(context, listId, [email]);
      expect(removed).toMatchObject({ ok: true });
      const statusOf = async () =>
        (await readAll(connector, context, listId, 10)).find((m) => m.email.toLowerCase() === email)?.status;
      expect(await statusOf()).not.toBe('subscribed');
      const [back] = await write(listId, [member(email)]);
      expect(back.ok).toBe(true);
      expect(await statusOf()).toBe('subscribed');
    });

    it('reads only members changed since a point in time', async () => {
      if (!hasCapability(connector, 'members')) return;
      const listId = await harness.createList(`Changes ${unique()}`);
      await write(listId, [member(`old.${unique()}@example.com`)]);
      // Vendors keep change times to the second: leave a clear second on each side of `since`.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const since = new Date();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const changed = `new.${unique()}@example.com`;
      await write(listId, [member(changed)]);
      const read = await readAll(connector, context, listId, 10, since);
      expect(read.map((m) => m.email.toLowerCase())).toEqual([changed]);
    });

    it('adds and removes tags', async () => {
      if (!hasCapability(connector, 'tags') || !hasCapability(connector, 'members')) return;
      const listId = await harness.createList(`Tags ${unique()}`);
      const email = `tagged.${unique()}@example.com`;
      await write(listId, [member(email)]);
      await connector.applyTags(context, listId, [{ email, add: ['Zona: Norte', 'VIP'], remove: [] }]);
      await connector.applyTags(context, listId, [{ email, add: ['Zona: Sur'], remove: ['Zona: Norte'] }]);
      const [read] = await readAll(connector, context, listId, 10);
      expect([...read.tags].sort()).toEqual(['VIP', 'Zona: Sur']);
    });

    it('parses its webhook into events and refuses a malformed body with a VALIDATION error', async () => {
      const webhooks = connector;
      if (!hasCapability(webhooks, 'webhooks') || !harness.unsubscribeWebhook) return;
      const listId = await harness.createList(`Hooks ${unique()}`);
      const email = `hook.${unique()}@example.com`;
      const { body, contentType } = harness.unsubscribeWebhook(listId, email);
      expect(webhooks.parseWebhook(body, contentType)).toEqual([
        expect.objectContaining({ type: 'unsubscribe', listId, email }),
      ]);
      expect(() => webhooks.parseWebhook({ unexpected: true }, contentType)).toThrow(ConnectorError);
    });

    it('describes the fields of a list with a key, a type and requiredness', async () => {
      if (!hasCapability(connector, 'fields')) return;
      const listId = await harness.createList(`Fields ${unique()}`);
      for (const field of await connector.listFields(context, listId)) {
        expect(typeof field.key).toBe('string');
        expect(typeof field.type).toBe('string');
        expect(typeof field.required).toBe('boolean');
      }
    });
  });
}
