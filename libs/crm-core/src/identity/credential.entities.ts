import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, DateTimeColumn, TenantOwnedEntity } from '@crm/platform';

/** A bearer token issued at sign-in. Only its SHA-256 is stored. */
@Entity('auth_session')
export class AuthSession extends TenantOwnedEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true })
  revokedAt: Date | null;
}

/** A long-lived key for scripts, shown once at creation. Only its SHA-256 is stored. */
@Entity('api_key')
export class ApiKey extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** The public first characters, shown in lists so users can tell keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @DateTimeColumn({ nullable: true })
  lastUsedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  revokedAt: Date | null;
}

export const SMTP_SECURITY = ['NONE', 'STARTTLS', 'TLS'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** The user's own SMTP account for one-to-one emails (seed 000); the password is encrypted. */
@Entity('smtp_account')
@Index('uq_smtp_account_user', ['tenantId', 'userId'], { unique: true })
export class SmtpAccount extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 255 })
  host: string;

  @Column({ type: 'int' })
  port: number;

  @Column({ type: 'varchar', length: 254 })
  username: string;

  /** AES-256-GCM envelope (SecretBox); never returned by the API. */
  @Column({ type: 'text', select: false })
  passwordEnvelope: string;

  /** Connection type; SMTP is the only protocol, this is its transport security. */
  @CodeColumn(10, { default: 'STARTTLS' })
  security: SmtpSecurity;
}
