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
