import { ConnectorPlugin } from '../registry/connector-plugin.decorator';
import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import type {
  ConnectedAccount,
  ConnectionContext,
  Connector,
  FieldsCapability,
  ListsCapability,
  MembersCapability,
  TagChange,
  TagsCapability,
  WebhooksCapability,
} from '../contract/connector';
import type { ConnectorManifest } from '../contract/manifest';
import type {
  MemberPage,
  MemberWrite,
  MemberWriteResult,
  VendorEvent,
  VendorField,
  VendorList,
  VendorTag,
} from '../contract/vendor-records';
import { FakeVendor } from './fake-vendor';

export const FAKE_CONNECTOR_KEY = 'fake';

export const fakeManifest: ConnectorManifest = {
  key: FAKE_CONNECTOR_KEY,
  name: 'Fake Mail',
  description: 'An in-memory email platform for the framework’s tests.',
  logoSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>',
  vendorUrl: 'https://fake.invalid',
  capabilities: ['lists', 'members', 'fields', 'tags', 'webhooks'],
  auth: {
    kind: 'credentials',
    fields: [
      { key: 'apiKey', label: 'API key', secret: true, required: true },
      { key: 'account', label: 'Account', secret: false, required: true },
    ],
  },
  listNoun: 'List',
  defaultMappings: [
    { vendorField: 'EMAIL', crmField: 'email', direction: 'BOTH', locked: true },
    { vendorField: 'FNAME', crmField: 'firstName', direction: 'BOTH', locked: true },
    { vendorField: 'LNAME', crmField: 'lastName', direction: 'BOTH', locked: true },
  ],
  schedules: ['hourly', 'daily', 'weekly'],
  limits: {
    tagMaxLength: 100,
    maxFields: 30,
    fieldKeyMaxLength: 10,
    maxChoices: 20,
    maxBatchSize: 50,
    budget: { maxConcurrent: 10 },
  },
  terms: 'Test terms.',
};

/**
 * What a connector whose lists are fed by saved views declares, as MailUp does (seed 004): views
 * of leads, organizations and contacts, and "update subscribers" once a day.
 */
export const FAKE_SAVED_VIEWS_MANIFEST: Pick<ConnectorManifest, 'membership' | 'jobs'> = {
  membership: { source: 'savedViews', modules: ['leads', 'organizations', 'contacts'] },
  jobs: [{ kind: 'SUBSCRIBERS', every: 'daily' }],
};

/**
 * A complete connector over FakeVendor: credentials auth, lists, members, fields, tags and
 * webhooks. Every vendor call goes through the context's budget, as real connectors must.
 */
@ConnectorPlugin()
export class FakeConnector
  implements
    Connector,
    ListsCapability,
    MembersCapability,
    FieldsCapability,
    TagsCapability,
    WebhooksCapability
{
  readonly manifest: ConnectorManifest;

  constructor(
    readonly vendor: FakeVendor = new FakeVendor(),
    manifest: Partial<ConnectorManifest> = {},
  ) {
    this.manifest = { ...fakeManifest, ...manifest };
  }

  async connectWithCredentials(input: Record<string, string>): Promise<ConnectedAccount> {
    if (input.apiKey !== this.vendor.validApiKey)
      throw new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'The API key was not accepted');
    return {
      accountId: input.account,
      label: `Fake account ${input.account}`,
      credentials: { apiKey: input.apiKey },
      metadata: { region: 'test' },
    };
  }

  async checkHealth(context: ConnectionContext): Promise<void> {
    await context.budget.run(async () => {
      this.vendor.call('ping');
      if (context.credentials.apiKey !== this.vendor.validApiKey)
        throw new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'The API key was revoked');
    });
  }

  listLists(context: ConnectionContext): Promise<VendorList[]> {
    return context.budget.run(async () => {
      this.vendor.call('listLists');
      return [...this.vendor.lists.values()].map((l) => ({
        id: l.id,
        name: l.name,
        memberCount: l.members.size,
      }));
    });
  }

  readMembers(
    context: ConnectionContext,
    listId: string,
    options: { cursor?: string; changedSince?: Date; pageSize: number },
  ): Promise<MemberPage> {
    return context.budget.run(async () => {
      this.vendor.call('readMembers', listId);
      const all = [...this.vendor.list(listId).members.values()]
        .filter((m) => !options.changedSince || (m.changedAt && m.changedAt > options.changedSince))
        .sort((a, b) => a.email.localeCompare(b.email));
      const start = options.cursor ? Number(options.cursor) : 0;
      const members = all.slice(start, start + options.pageSize).map((m) => structuredClone(m));
      const next = start + options.pageSize;
      return { members, nextCursor: next < all.length ? String(next) : undefined };
    });
  }

  writeMembers(
    context: ConnectionContext,
    listId: string,
    writes: MemberWrite[],
  ): Promise<MemberWriteResult[]> {
    return context.budget.run(async () => {
      if (writes.length > this.manifest.limits.maxBatchSize)
        throw new ConnectorError(
          ConnectorErrorCode.VALIDATION,
          `At most ${this.manifest.limits.maxBatchSize} members per call`,
        );
      this.vendor.call('writeMembers', listId, writes.length);
      return writes.map((write) => this.vendor.write(listId, write));
    });
  }

  removeMembers(context: ConnectionContext, listId: string, emails: string[]): Promise<MemberWriteResult[]> {
    return context.budget.run(async () => {
      if (emails.length > this.manifest.limits.maxBatchSize)
        throw new ConnectorError(
          ConnectorErrorCode.VALIDATION,
          `At most ${this.manifest.limits.maxBatchSize} members per call`,
        );
      this.vendor.call('removeMembers', listId, emails.length);
      return emails.map((email) => this.vendor.remove(listId, email));
    });
  }

  listFields(context: ConnectionContext, listId: string): Promise<VendorField[]> {
    return context.budget.run(async () => {
      this.vendor.call('listFields', listId);
      return structuredClone(this.vendor.list(listId).fields);
    });
  }

  createField(
    context: ConnectionContext,
    listId: string,
    field: Omit<VendorField, 'key'> & { key?: string },
  ): Promise<VendorField> {
    return context.budget.run(async () => {
      this.vendor.call('createField', listId);
      const list = this.vendor.list(listId);
      const created = { ...field, key: field.key ?? `F${list.fields.length + 1}` } as VendorField;
      list.fields.push(created);
      return created;
    });
  }

  listTags(context: ConnectionContext, listId: string): Promise<VendorTag[]> {
    return context.budget.run(async () => {
      this.vendor.call('listTags', listId);
      const counts = new Map<string, number>();
      for (const member of this.vendor.list(listId).members.values())
        for (const tag of member.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      return [...counts].map(([name, memberCount]) => ({
        id: name,
        name,
        kind: 'tag' as const,
        memberCount,
      }));
    });
  }

  applyTags(context: ConnectionContext, listId: string, changes: TagChange[]): Promise<MemberWriteResult[]> {
    return context.budget.run(async () => {
      this.vendor.call('applyTags', listId, changes.length);
      return changes.map((change) => {
        const member = this.vendor.member(listId, change.email);
        if (!member)
          return {
            email: change.email,
            ok: false,
            error: { code: ConnectorErrorCode.NOT_FOUND, message: 'not a member' },
          };
        const tags = new Set(member.tags);
        change.add.forEach((t) => tags.add(t));
        change.remove.forEach((t) => tags.delete(t));
        member.tags = [...tags].sort();
        return { email: change.email, ok: true, vendorId: member.vendorId };
      });
    });
  }

  registerWebhook(context: ConnectionContext, listId: string, url: string): Promise<{ webhookId: string }> {
    return context.budget.run(async () => {
      this.vendor.call('registerWebhook', listId);
      const webhookId = `wh-${this.vendor.list(listId).webhooks.size + 1}`;
      this.vendor.list(listId).webhooks.set(webhookId, url);
      return { webhookId };
    });
  }

  removeWebhook(context: ConnectionContext, listId: string, webhookId: string): Promise<void> {
    return context.budget.run(async () => {
      this.vendor.call('removeWebhook', listId);
      this.vendor.list(listId).webhooks.delete(webhookId);
    });
  }

  /** Accepts `{events:[{type, listId, email, …}]}`; anything else is malformed. */
  parseWebhook(body: unknown): VendorEvent[] {
    const events = (body as { events?: unknown })?.events;
    if (!Array.isArray(events))
      throw new ConnectorError(ConnectorErrorCode.VALIDATION, 'Body must be {"events": [...]}');
    return events.map((event, index) => {
      const e = event as Partial<VendorEvent> & { firedAt?: string };
      if (typeof e.type !== 'string' || typeof e.listId !== 'string' || typeof e.email !== 'string')
        throw new ConnectorError(
          ConnectorErrorCode.VALIDATION,
          `events.${index}: type, listId and email are required`,
          { field: `events.${index}` },
        );
      return { ...e, firedAt: e.firedAt ? new Date(e.firedAt) : new Date() } as VendorEvent;
    });
  }
}
