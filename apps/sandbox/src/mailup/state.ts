import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The MailUp sandbox's whole world: isolated accounts (consoles), each with its one API user,
 * dynamic fields, lists and groups, recipients, imports and messages. Plain objects (no Maps, no
 * classes) so the state can be written to a data file as JSON and read back after a restart.
 */

/** A recipient's status in one list (MailUp's EmailOptins `Status`). */
export type OptinStatus = 'OPTIN' | 'OPTOUT' | 'PENDING';

/** Why a recipient left a list: how the opt-out was recorded. */
export type OptoutType = 'api' | 'import' | 'link' | 'bounce';

export interface Subscription {
  status: OptinStatus;
  optinDate: string;
  optinRequestDate: string;
  optoutDate: string;
  optoutType: OptoutType | null;
  /** The message whose unsubscribe link was used. */
  optoutMessageId: number | null;
}

export interface Recipient {
  idRecipient: number;
  email: string;
  name: string;
  mobileNumber: string | null;
  mobilePrefix: string | null;
  /** Dynamic field values by field id; absent fields read as "". */
  fields: Record<string, string>;
  /** When the address hard-bounced: it is unsubscribed from every list and stays so. */
  bouncedAt?: string;
}

export interface Group {
  idGroup: number;
  idList: number;
  name: string;
  notes: string;
  deletable: boolean;
  /** Recipient ids, in the order they joined. */
  members: number[];
}

export interface MailingList {
  idList: number;
  listGuid: string;
  name: string;
  description: string;
  groups: Record<string, Group>;
  /** Every recipient the list knows, by recipient id, whatever their status. */
  subscriptions: Record<string, Subscription>;
}

export interface DynamicField {
  Id: number;
  Description: string;
}

export type ImportType = 'default' | 'asOptin' | 'asOptout';

/** One item of an import, checked for shape when the import was accepted. */
export interface ImportRow {
  email: string;
  name?: string;
  mobileNumber?: string;
  mobilePrefix?: string;
  fields: Array<{ Id: number; Value: string }>;
}

export interface ImportJob {
  idImport: number;
  idList: number;
  idGroup: number | null;
  importType: ImportType;
  confirmEmail: boolean;
  removeFromPrevGroups: boolean;
  clearMissingOrEmptyFields: boolean;
  /** The rows still to import; emptied once the import has run. */
  rows: ImportRow[];
  /** When the import runs (ms since the epoch). */
  dueAt: number;
  completed: boolean;
  counts: {
    updated: number;
    valid: number;
    created: number;
    imported: number;
    notValid: number;
  };
}

/** What one recipient did with one message, over all its sendings. */
export interface MessageRecipient {
  email: string;
  deliveries: number;
  views: number;
  /** Clicks by URL. */
  clicks: Record<string, number>;
  bouncedAt?: string;
  unsubscribedAt?: string;
}

export interface SendRecord {
  startDate: string;
  endDate: string;
  recipients: number;
  kbTransferred: number;
}

export interface Message {
  idMessage: number;
  idList: number;
  subject: string;
  notes: string;
  senderName: string;
  senderEmail: string;
  creationDate: string;
  links: string[];
  sends: SendRecord[];
  /** By recipient id. */
  recipients: Record<string, MessageRecipient>;
}

/** A fault the next matching requests answer with, instead of being served. */
export interface InjectedFault {
  status: 401 | 429 | 500 | 503;
  remaining: number;
  pathContains?: string;
}

export interface AccountSettings {
  /** How long an import takes before it completes. */
  importDelayMs: number;
  /** MailUp's throttle: requests per account in any one-second window. */
  requestsPerSecond: number;
  /** Extra delay on every API request. */
  latencyMs: number;
  faults: InjectedFault[];
}

export interface MailupAccount {
  /** The console id (the number in the username `m1234`). */
  accountId: number;
  company: string;
  user: { username: string; password: string; admin: boolean };
  oauthClient: { clientId: string; clientSecret: string };
  /** Access tokens and when each expires (ms since the epoch). */
  accessTokens: Record<string, number>;
  /** Live refresh tokens and the client each was issued to; a refresh replaces the one it used. */
  refreshTokens: Array<{ token: string; clientId: string }>;
  settings: AccountSettings;
  fields: DynamicField[];
  lists: Record<string, MailingList>;
  recipients: Record<string, Recipient>;
  imports: Record<string, ImportJob>;
  messages: Record<string, Message>;
  /** The last id handed out, per kind (MailUp's ids are account-wide integers). */
  sequences: { list: number; group: number; recipient: number; import: number; message: number };
}

export interface MailupStateData {
  accounts: Record<string, MailupAccount>;
  /** The last console id handed out. */
  lastAccountId: number;
}

export const DEFAULT_SETTINGS: AccountSettings = {
  importDelayMs: 300,
  requestsPerSecond: 5,
  latencyMs: 0,
  faults: [],
};

/** MailUp's ceiling on dynamic fields per account. */
export const MAX_DYNAMIC_FIELDS = 39;

/** The 26 fields an English console starts with (ids 1..26), renameable only in the console. */
export const DEFAULT_FIELD_NAMES = [
  'FirstName',
  'LastName',
  'Company',
  'City',
  'Province',
  'ZIP',
  'State',
  'Region',
  'Address',
  'Gender',
  'phone',
  'CustomerID',
  'LatestOrderID',
  'LatestOrderDate',
  'LatestOrderAmount',
  'LatestOrderProductIDs',
  'LatestOrderCategoryIDs',
  'LatestShippedOrderDate',
  'LatestShippedOrderID',
  'LatestAbandonedCartDate',
  'LatestAbandonedCartTotal',
  'LatestAbandonedCartID',
  'TotalOrdered',
  'TotalOrderedLast12m',
  'TotalOrderedLast30d',
  'AllOrderedProductIDs',
];

export const hexId = (bytes: number) => randomBytes(bytes).toString('hex');

/** The next id of a kind in the account. */
export const nextId = (account: MailupAccount, kind: keyof MailupAccount['sequences']) =>
  ++account.sequences[kind];

/** The identity of an account whose credentials are fixed (the demo's). */
export type AccountIdentity = Pick<MailupAccount, 'accountId' | 'company' | 'user' | 'oauthClient'>;

export class MailupState {
  constructor(public data: MailupStateData = { accounts: {}, lastAccountId: 10000 }) {}

  createAccount(
    input: { admin?: boolean; company?: string; identity?: AccountIdentity } = {},
  ): MailupAccount {
    const accountId = input.identity?.accountId ?? ++this.data.lastAccountId;
    const account: MailupAccount = {
      accountId,
      company: input.company ?? `Sandbox company ${accountId}`,
      user: { username: `m${accountId}`, password: hexId(8), admin: input.admin ?? true },
      oauthClient: { clientId: randomUUID(), clientSecret: randomUUID() },
      ...input.identity,
      accessTokens: {},
      refreshTokens: [],
      settings: structuredClone(DEFAULT_SETTINGS),
      fields: DEFAULT_FIELD_NAMES.map((Description, index) => ({ Id: index + 1, Description })),
      lists: {},
      recipients: {},
      imports: {},
      messages: {},
      sequences: { list: 0, group: 0, recipient: 0, import: 0, message: 0 },
    };
    this.data.accounts[accountId] = account;
    return account;
  }

  accounts(): MailupAccount[] {
    return Object.values(this.data.accounts);
  }

  account(accountId: number): MailupAccount | undefined {
    return this.data.accounts[accountId];
  }

  byUsername(username: string): MailupAccount | undefined {
    return this.accounts().find((account) => account.user.username === username);
  }

  byClientId(clientId: string): MailupAccount | undefined {
    return this.accounts().find((account) => account.oauthClient.clientId === clientId);
  }

  byAccessToken(token: string): MailupAccount | undefined {
    return this.accounts().find((account) => token in account.accessTokens);
  }

  byRefreshToken(token: string): MailupAccount | undefined {
    return this.accounts().find((account) => account.refreshTokens.some((r) => r.token === token));
  }

  deleteAccount(accountId: number): void {
    delete this.data.accounts[accountId];
  }
}
