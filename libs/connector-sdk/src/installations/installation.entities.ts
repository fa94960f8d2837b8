import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';

/** Who may see and use an installed connector (seed 001: admins only, all users, chosen profiles). */
export const INSTALL_SCOPES = ['ADMINS', 'ALL_USERS', 'PROFILES'] as const;
export type InstallScope = (typeof INSTALL_SCOPES)[number];

export const INSTALLATION_STATUSES = ['PENDING_AUTHORIZATION', 'ACTIVE', 'NEEDS_REAUTHORIZATION'] as const;
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number];

/** A connector installed in a tenant: its scope, who accepted the terms, and its state. */
@Entity('connector_installation')
@Index('idx_installation_connector', ['tenantId', 'connectorKey'])
export class ConnectorInstallation extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 40 })
  connectorKey: string;

  @CodeColumn(12)
  scope: InstallScope;

  /** For PROFILES scope: the profiles whose users see the connector. */
  @JsonColumn()
  profileIds: string[];

  @CodeColumn(24)
  status: InstallationStatus;

  /** Why the status is what it is (e.g. "Mailchimp rejected the access token on 2026-11-24"). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  statusReason: string | null;

  @Column({ type: 'varchar', length: 36 })
  installedById: string;

  @Column({ type: 'varchar', length: 36 })
  termsAcceptedById: string;

  @DateTimeColumn()
  termsAcceptedAt: Date;

  /** SHA-256 of the secret in this installation's webhook URL; compared in constant time. */
  @Column({ type: 'varchar', length: 64 })
  webhookTokenHash: string;

  /**
   * The webhook token itself, sealed with SecretBox (context `tenant:webhook:installation`), so
   * the URL can be shown again and registered with the vendor; never returned by the API.
   */
  @Column({ type: 'text', nullable: true, select: false })
  webhookTokenEnvelope: string | null;

  @DateTimeColumn({ nullable: true })
  lastHealthCheckAt: Date | null;
}

/** The authorized vendor account behind an installation; credentials sealed with SecretBox. */
@Entity('connector_connection')
@Index('uq_connection_installation', ['tenantId', 'installationId'], { unique: true })
export class ConnectorConnection extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @CodeColumn(12)
  authKind: 'oauth2' | 'credentials';

  /** The vendor account id; installations of one account share its request budget. */
  @Index()
  @Column({ type: 'varchar', length: 120 })
  accountId: string;

  @Column({ type: 'varchar', length: 200 })
  accountLabel: string;

  /** AES-256-GCM envelope of the credentials JSON; never returned by the API, never logged. */
  @Column({ type: 'text', select: false })
  credentialsEnvelope: string;

  /** Non-secret facts (Mailchimp data center, API endpoint). */
  @JsonColumn()
  metadata: Record<string, unknown>;

  @DateTimeColumn({ nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'varchar', length: 36 })
  connectedById: string;
}

/** Server-side OAuth state: bound to tenant, user and installation; single use; short-lived. */
@Entity('oauth_state')
export class OAuthState extends TenantOwnedEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 36 })
  installationId: string;

  @Column({ type: 'varchar', length: 40 })
  connectorKey: string;

  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true })
  consumedAt: Date | null;
}
