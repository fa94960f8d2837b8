/**
 * The shapes the API answers with, as this UI reads them (see /api/docs). Dates arrive as ISO
 * strings.
 */

export const CRM_MODULES = [
  'organizations',
  'contacts',
  'leads',
  'deals',
  'products',
  'activities',
  'views',
] as const;
export type CrmModule = (typeof CRM_MODULES)[number];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; tenantId: string; profileId: string };
}

export interface CurrentUser {
  user: { id: string; email: string; name: string; profileId: string; locale: string };
  profile: { id: string; name: string; isAdmin: boolean; recordAccess: string; modules: CrmModule[] };
  teamIds: string[];
  tenant: { id: string; name: string; slug: string };
}

export interface Profile {
  id: string;
  name: string;
  isAdmin: boolean;
  builtIn: string | null;
}

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

export const INSTALL_SCOPES = ['ADMINS', 'ALL_USERS', 'PROFILES'] as const;
export type InstallScope = (typeof INSTALL_SCOPES)[number];

export type InstallationStatus = 'PENDING_AUTHORIZATION' | 'ACTIVE' | 'NEEDS_REAUTHORIZATION';

export interface CredentialField {
  key: string;
  label: string;
  secret: boolean;
  required: boolean;
}

export type AuthSpec = { kind: 'oauth2' } | { kind: 'credentials'; fields: CredentialField[] };

export interface MarketplaceEntry {
  key: string;
  name: string;
  description: string;
  vendorUrl: string;
  listNoun: string;
  capabilities: ConnectorCapability[];
  authKind: AuthSpec['kind'];
  auth: AuthSpec[];
  schedules: string[];
  terms: string;
  logoUrl: string;
  installations: Array<{ id: string; status: InstallationStatus; scope: InstallScope }>;
}

export interface Installation {
  id: string;
  connector: { key: string; name: string; listNoun: string; logoUrl: string };
  scope: InstallScope;
  profileIds: string[];
  status: InstallationStatus;
  statusReason: string | null;
  installedById: string;
  termsAcceptedAt: string;
  lastHealthCheckAt: string | null;
  createdAt: string;
  account: { id: string; label: string; connectedAt: string } | null;
}

export interface InstallRequest {
  scope: InstallScope;
  profileIds?: string[];
  acceptTerms: boolean;
}

export const SCHEDULES = ['off', 'hourly', 'daily', 'weekly'] as const;

export interface SyncSettings {
  listSelection: 'BULK' | 'SELECTIVE';
  listIds: string[];
  syncType: 'ONE_WAY' | 'TWO_WAY';
  direction: 'CRM_TO_VENDOR' | 'VENDOR_TO_CRM' | null;
  conflictWinner: 'CRM' | 'VENDOR';
  schedule: (typeof SCHEDULES)[number];
  carts: { enabled: boolean; storeIds: string[] };
  subscriberModule: 'contacts' | 'leads';
  targetListId: string | null;
}

export interface VendorList {
  listId: string;
  name: string;
  status: string;
  memberCount: number | null;
  syncInProgress: boolean;
  lastSyncedAt: string | null;
}

export interface VendorStore {
  id: string;
  name: string;
  currency: string;
}

export type MappingDirection = 'TO_VENDOR' | 'TO_CRM' | 'BOTH';

export interface FieldMapping {
  vendorField: string;
  crmField: string;
  direction: MappingDirection;
  locked?: boolean;
}

export interface ListMappings {
  listId: string;
  subscriberModule: SyncSettings['subscriberModule'];
  saved: boolean;
  mappings: Required<FieldMapping>[];
  vendorFields: Array<{ key: string; label: string; type: string; required: boolean; system?: boolean }>;
  crmFields: Array<{ key: string; label: string; type: string; required: boolean }>;
}

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED' | 'CANCELLED';
export const RUN_COUNTS = ['added', 'updated', 'unchanged', 'skipped', 'failed', 'removed'] as const;
export type RunCounts = Record<(typeof RUN_COUNTS)[number], number>;

export interface SyncRun {
  id: string;
  installationId: string;
  trigger: string;
  kind: string;
  dryRun: boolean;
  status: RunStatus;
  counts: RunCounts;
  total: number | null;
  processed: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  /** A finished dry run's word on what its counts cannot foresee (the vendor's answers). */
  notes: string[];
}

export interface RunRecord {
  id: string;
  listId: string | null;
  crmModule: string | null;
  crmId: string | null;
  email: string | null;
  action: string;
  direction: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  rule: string | null;
  vendorResponse: unknown;
}
