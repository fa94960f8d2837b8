import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * The sandbox's whole world: isolated accounts, each with its audiences, members, campaigns,
 * stores and batches. Plain objects (no Maps, no classes) so the state can be written to a data
 * file as JSON and read back after a restart.
 */

export type MemberStatus =
  'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'archived';
/** Who moved a member out of `subscribed`: only API-made unsubscribes may be reversed by the API. */
export type ChangeSource = 'user' | 'admin' | 'api';

export interface MemberActivity {
  action: string;
  timestamp: string;
  type?: string;
  url?: string;
  campaign_id?: string;
  title?: string;
}

export interface Member {
  /** The subscriber hash: MD5 of the lower-cased address. */
  id: string;
  email_address: string;
  unique_email_id: string;
  contact_id: string;
  web_id: number;
  email_type: 'html' | 'text';
  status: MemberStatus;
  /** Status before archiving: an archived member brought back keeps its consent. */
  statusBeforeArchive?: MemberStatus;
  statusSource?: ChangeSource;
  unsubscribe_reason?: string;
  merge_fields: Record<string, unknown>;
  interests: Record<string, boolean>;
  language: string;
  vip: boolean;
  ip_signup: string;
  timestamp_signup: string;
  ip_opt: string;
  timestamp_opt: string;
  last_changed: string;
  source: string;
  activity: MemberActivity[];
}

export type MergeFieldType =
  | 'text'
  | 'number'
  | 'address'
  | 'phone'
  | 'date'
  | 'url'
  | 'imageurl'
  | 'radio'
  | 'dropdown'
  | 'birthday'
  | 'zip';

export interface MergeField {
  merge_id: number;
  tag: string;
  name: string;
  type: MergeFieldType;
  required: boolean;
  default_value: string;
  public: boolean;
  display_order: number;
  options: {
    size?: number;
    choices?: string[];
    date_format?: string;
    default_country?: number;
    phone_format?: string;
  };
  help_text: string;
}

export interface Segment {
  id: number;
  name: string;
  /** Tags are static segments created from the tags endpoints. */
  type: 'saved' | 'static' | 'fuzzy';
  isTag: boolean;
  /** Subscriber hashes of a static segment or tag; saved segments match `options` instead. */
  members: string[];
  options?: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface ListWebhook {
  id: string;
  url: string;
  events: Record<'subscribe' | 'unsubscribe' | 'profile' | 'cleaned' | 'upemail' | 'campaign', boolean>;
  sources: Record<'user' | 'admin' | 'api', boolean>;
  /** Turned off after the receiver answered 410 Gone. */
  enabled: boolean;
}

export interface Audience {
  id: string;
  web_id: number;
  name: string;
  contact: Record<string, string>;
  permission_reminder: string;
  use_archive_bar: boolean;
  campaign_defaults: { from_name: string; from_email: string; subject: string; language: string };
  email_type_option: boolean;
  double_optin: boolean;
  visibility: 'pub' | 'prv';
  date_created: string;
  members: Record<string, Member>;
  /** Hashes of permanently deleted members: they may not be re-imported. */
  forgotten: string[];
  mergeFields: MergeField[];
  segments: Record<string, Segment>;
  webhooks: Record<string, ListWebhook>;
}

export interface FaultSettings {
  /** Share of requests answered 500 (0..1). */
  errorRate: number;
  /** The next N requests answer 429. */
  tooManyRequests: number;
  /** The next N requests (after any 429s) answer 500: a fault that surely happens, however few the calls. */
  internalServerErrors?: number;
  /** Extra delay on every request. */
  slowMs: number;
  /** Share of requests whose connection is dropped without an answer (0..1). */
  dropRate: number;
}

export interface AccountSettings {
  /** Merge fields per audience, defaults included (30 on most plans). */
  mergeFieldCap: number;
  /** Simultaneous requests before 429 TooManyRequests. */
  maxConnections: number;
  /** Latency model: every call costs fixedMs, plus perMemberMs per member it carries. */
  latency: { fixedMs: number; perMemberMs: number };
  faults: FaultSettings;
}

export interface SandboxAccount {
  id: string;
  dc: string;
  apiKey: string;
  name: string;
  login: { username: string; password: string; email: string };
  oauthClient: { clientId: string; clientSecret: string };
  accessTokens: string[];
  settings: AccountSettings;
  lists: Record<string, Audience>;
  /** Owned by the campaigns and reports routes. */
  campaigns: Record<string, Record<string, unknown>>;
  /** Owned by the e-commerce routes. */
  stores: Record<string, Record<string, unknown>>;
  /** Owned by the /batches routes. */
  batches: Record<string, Record<string, unknown>>;
  /** Counters for the ids Mailchimp hands out as numbers. */
  sequence: number;
}

export interface SandboxStateData {
  accounts: Record<string, SandboxAccount>;
}

export const subscriberHash = (email: string) => createHash('md5').update(email.toLowerCase()).digest('hex');

export const hexId = (bytes = 5) => randomBytes(bytes).toString('hex');

export const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');

export const DEFAULT_SETTINGS: AccountSettings = {
  mergeFieldCap: 30,
  maxConnections: 10,
  latency: { fixedMs: 0, perMemberMs: 0 },
  faults: { errorRate: 0, tooManyRequests: 0, slowMs: 0, dropRate: 0 },
};

export class SandboxState {
  constructor(public data: SandboxStateData = { accounts: {} }) {}

  createAccount(
    input: {
      name?: string;
      dc?: string;
      settings?: Partial<AccountSettings>;
      /** Fixed credentials (the demo account's); random ones otherwise. */
      identity?: Pick<SandboxAccount, 'id' | 'apiKey' | 'login' | 'oauthClient'>;
    } = {},
  ): SandboxAccount {
    const dc = input.dc ?? 'us1';
    const username = `user-${hexId(3)}`;
    const account: SandboxAccount = {
      id: hexId(12),
      dc,
      apiKey: `${hexId(16)}-${dc}`,
      name: input.name ?? `Sandbox account ${username}`,
      login: { username, password: hexId(8), email: `${username}@sandbox.test` },
      oauthClient: { clientId: hexId(6), clientSecret: hexId(20) },
      ...input.identity,
      accessTokens: [],
      settings: structuredClone({ ...DEFAULT_SETTINGS, ...input.settings }),
      lists: {},
      campaigns: {},
      stores: {},
      batches: {},
      sequence: 1000,
    };
    this.data.accounts[account.id] = account;
    return account;
  }

  account(id: string): SandboxAccount | undefined {
    return this.data.accounts[id];
  }

  byApiKey(key: string): SandboxAccount | undefined {
    return Object.values(this.data.accounts).find((account) => account.apiKey === key);
  }

  byAccessToken(token: string): SandboxAccount | undefined {
    return Object.values(this.data.accounts).find((account) => account.accessTokens.includes(token));
  }

  byLogin(username: string): SandboxAccount | undefined {
    return Object.values(this.data.accounts).find((account) => account.login.username === username);
  }

  byClientId(clientId: string): SandboxAccount | undefined {
    return Object.values(this.data.accounts).find((account) => account.oauthClient.clientId === clientId);
  }

  /** A fresh OAuth access token for the account (Mailchimp's never expire). */
  issueToken(account: SandboxAccount): string {
    const token = hexId(16);
    account.accessTokens.push(token);
    return token;
  }

  deleteAccount(id: string): boolean {
    return delete this.data.accounts[id];
  }

  reset(): void {
    this.data.accounts = {};
  }
}

/** The next number of the account's sequence (web ids, merge ids, segment ids). */
export const nextNumber = (account: SandboxAccount) => ++account.sequence;

export const newUniqueEmailId = () => hexId(5);
export const newContactId = () => randomUUID().replace(/-/g, '');
