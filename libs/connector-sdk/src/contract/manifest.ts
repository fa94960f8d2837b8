/** Optional things a connector can do; the marketplace shows them and the engine checks them. */
export const CONNECTOR_CAPABILITIES = [
  'lists',
  'members',
  'fields',
  'tags',
  'segments',
  'campaigns',
  'campaignSending',
  'linkClicks',
  'ecommerceCarts',
  'webhooks',
] as const;
export type ConnectorCapability = (typeof CONNECTOR_CAPABILITIES)[number];

export const SCHEDULE_FREQUENCIES = ['hourly', 'daily', 'weekly'] as const;
export type ScheduleFrequency = (typeof SCHEDULE_FREQUENCIES)[number];

/**
 * Work the framework's scheduler starts for an installation (seed 004: lists and messages hourly,
 * subscribers daily, sends and statistics daily). SYNC is the sync the wizard configures (its
 * frequency is the settings' `schedule`); LISTS refreshes the vendor's lists as CRM records;
 * SUBSCRIBERS pushes the lists fed by saved views; CAMPAIGNS imports campaigns (messages) with
 * their report figures, and their recipients' activity and links too unless the connector
 * schedules CAMPAIGN_ACTIVITY apart; CARTS imports abandoned carts.
 */
export const SCHEDULED_JOB_KINDS = [
  'SYNC',
  'LISTS',
  'SUBSCRIBERS',
  'CAMPAIGNS',
  'CAMPAIGN_ACTIVITY',
  'CARTS',
] as const;
export type ScheduledJobKind = (typeof SCHEDULED_JOB_KINDS)[number];

/** A job the connector wants scheduled and how often by default; settings can override it. */
export interface ScheduledJobSpec {
  kind: Exclude<ScheduledJobKind, 'SYNC'>;
  every: ScheduleFrequency | 'off';
}

export interface OAuth2AuthSpec {
  kind: 'oauth2';
  /** The vendor's real endpoints; a sandbox replaces them through configuration. */
  authorizationUrl: string;
  tokenUrl: string;
  scope?: string[];
}

export interface CredentialField {
  key: string;
  label: string;
  /** Secret fields are encrypted at rest and never returned. */
  secret: boolean;
  required: boolean;
}

export interface CredentialsAuthSpec {
  kind: 'credentials';
  fields: CredentialField[];
}

export type AuthSpec = OAuth2AuthSpec | CredentialsAuthSpec;

/** Types a vendor field can have; mapping checks them against CRM field types. */
export const VENDOR_FIELD_TYPES = [
  'text',
  'number',
  'date',
  'boolean',
  'dropdown',
  'email',
  'phone',
  'url',
  'address',
] as const;
export type VendorFieldType = (typeof VENDOR_FIELD_TYPES)[number];

export interface DefaultFieldMapping {
  vendorField: string;
  crmField: string;
  direction: MappingDirection;
  /** Locked mappings (email, first name, last name) cannot be removed or changed. */
  locked: boolean;
}

export const MAPPING_DIRECTIONS = ['TO_VENDOR', 'TO_CRM', 'BOTH'] as const;
export type MappingDirection = (typeof MAPPING_DIRECTIONS)[number];

/** Vendor limits checked before anything is saved or sent. */
export interface VendorLimits {
  /** Longest tag or group name. */
  tagMaxLength?: number;
  /** Most custom fields a list/account may have. */
  maxFields?: number;
  /** Longest field key (Mailchimp merge tags: 10). */
  fieldKeyMaxLength?: number;
  /** Longest field name (label) a new field may have. */
  fieldLabelMaxLength?: number;
  /** Types of field the connector can create at the vendor (all of them when absent). */
  creatableFieldTypes?: VendorFieldType[];
  /** Longest text value a field accepts. */
  fieldValueMaxLength?: number;
  /** Most dropdown choices. */
  maxChoices?: number;
  /** Most members in one write call. */
  maxBatchSize: number;
  /** Scheduled campaign sends start on a multiple of this many minutes past the hour (Mailchimp: 15). */
  scheduleStepMinutes?: number;
  /** Request budget per vendor account, shared by every job of that account. */
  budget: { maxConcurrent?: number; requestsPerSecond?: number };
}

/**
 * A field a connector adds to the CRM records it syncs (seed 001: the member's Mailchimp id, its
 * page in Mailchimp). The framework creates it as a custom field of each module when an
 * installation is authorized; the engine fills it from what the vendor answers about the record's
 * member in the target list (`recordFields` of members and write results); uninstalling the
 * connector's last installation removes the field and its values. Users read it, only syncs write it.
 */
export interface ConnectorRecordField {
  /** A custom field key (`^[a-z][a-z0-9_]{0,39}$`), best prefixed with the connector's key. */
  key: string;
  label: string;
  type: 'text' | 'url';
  modules: Array<'contacts' | 'leads' | 'organizations'>;
}

/** CRM modules whose records can be members of a vendor list. */
export const RECORD_MODULES = ['leads', 'organizations', 'contacts'] as const;
export type RecordModule = (typeof RECORD_MODULES)[number];

/**
 * Lists fed by saved views (seed 004, MailUp): each list takes the addresses of the records that
 * the saved views attached to it select, from these modules, in this order; a record that no
 * view selects any more leaves the list (the connector's `removeMembers`). The "update
 * subscribers" run keeps them in step, on demand and as the SUBSCRIBERS job of `jobs` says.
 */
export interface SavedViewsMembership {
  source: 'savedViews';
  modules: RecordModule[];
}

/**
 * How a connector's lists get their members. Absent: the marketing flag — the settings' module
 * (contacts or leads) goes, marketing addresses only, to the one target list (Mailchimp).
 */
export type ListMembership = SavedViewsMembership;

export interface ConnectorManifest {
  key: string;
  name: string;
  description: string;
  /** An SVG document (served by the marketplace as the connector's logo). */
  logoSvg: string;
  vendorUrl: string;
  capabilities: ConnectorCapability[];
  auth: AuthSpec;
  /** A second way to connect the same account (Mailchimp: an API key instead of OAuth). */
  alternativeAuth?: CredentialsAuthSpec;
  /** What the vendor calls a list, for the UI: "Audience" (Mailchimp), "List" (MailUp). */
  listNoun: string;
  defaultMappings: DefaultFieldMapping[];
  /**
   * Whose fields a mapping maps: each list's (`list`, the default: Mailchimp's merge fields) or
   * the account's, the same for every list (`account`: MailUp's dynamic fields), where one
   * mapping per CRM module serves every list.
   */
  fieldsScope?: 'list' | 'account';
  /**
   * In a one-way CRM → vendor sync, whether values of mapped fields edited at the vendor are set
   * back to the CRM's by the next full or incremental run, which reads the target list for it (seed
   * 004: "priority goes to the CRM's data"); lists fed by saved views, by their next update, in
   * any direction. Off (the default), they stay until the record changes.
   */
  overwriteVendorEdits?: boolean;
  /** Fields the connector keeps on CRM records (see ConnectorRecordField). */
  recordFields?: ConnectorRecordField[];
  /** The frequencies the wizard offers for the sync's own schedule. */
  schedules: ScheduleFrequency[];
  /**
   * The jobs to schedule besides the sync, with their default frequencies. Absent: the campaign
   * and cart imports hourly, as far as the capabilities go (see job-schedules.ts).
   */
  jobs?: ScheduledJobSpec[];
  /** Where list members come from (see ListMembership); the marketing flag when absent. */
  membership?: ListMembership;
  limits: VendorLimits;
  /** Shown in the install dialog; accepting them is recorded. */
  terms: string;
}

/** Every way a connector can be authorized, its main one first. */
export function authSpecs(manifest: ConnectorManifest): AuthSpec[] {
  return manifest.alternativeAuth ? [manifest.auth, manifest.alternativeAuth] : [manifest.auth];
}

/** The connector's spec for one kind of authorization, if it offers that kind. */
export function authSpecOf<K extends AuthSpec['kind']>(
  manifest: ConnectorManifest,
  kind: K,
): Extract<AuthSpec, { kind: K }> | undefined {
  return authSpecs(manifest).find((spec) => spec.kind === kind) as Extract<AuthSpec, { kind: K }> | undefined;
}

/** The connector's saved-views membership, or null when its lists take the marketing flag's records. */
export function savedViewsMembership(manifest: ConnectorManifest): SavedViewsMembership | null {
  return manifest.membership?.source === 'savedViews' ? manifest.membership : null;
}
