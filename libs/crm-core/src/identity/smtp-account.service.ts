import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError, ProblemCollector, SecretBox, TenantScopedRepository } from '@crm/platform';
import type { Actor } from '../access/actor';
import { SMTP_SECURITY, SmtpAccount, SmtpSecurity } from './credential.entities';

export interface SmtpAccountInput {
  host: string;
  port: number;
  username: string;
  /** Omitted on update: the stored password is kept. */
  password?: string;
  security?: SmtpSecurity;
}

/** The account as the API shows it: the password only as "there is one". */
export interface SmtpAccountView {
  host: string;
  port: number;
  username: string;
  security: SmtpSecurity;
  hasPassword: true;
  updatedAt: Date;
}

const HOST_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * The current user's own SMTP account for one-to-one emails (seed 000). The password is sealed
 * with SecretBox under a context bound to tenant and user, so an envelope copied to another row
 * does not open, and it never leaves this service except through openPassword (for the sender).
 */
@Injectable()
export class SmtpAccountService {
  private readonly accounts: TenantScopedRepository<SmtpAccount>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly secretBox: SecretBox,
  ) {
    this.accounts = new TenantScopedRepository(dataSource.getRepository(SmtpAccount), 'SMTP account');
  }

  async get(actor: Actor): Promise<SmtpAccountView> {
    return toView(await this.getAccount(actor));
  }

  async put(actor: Actor, input: SmtpAccountInput): Promise<SmtpAccountView> {
    const existing = await this.accounts.findOne(actor.tenantId, { userId: actor.userId });
    checkInput(input, existing !== null);
    const account = existing ?? this.accounts.create(actor.tenantId, { userId: actor.userId });
    account.host = input.host.trim().toLowerCase();
    account.port = input.port;
    account.username = input.username.trim();
    account.security = input.security ?? existing?.security ?? 'STARTTLS';
    if (input.password !== undefined)
      account.passwordEnvelope = this.secretBox.seal(input.password, context(actor));
    return toView(await this.accounts.save(actor.tenantId, account));
  }

  /** Idempotent: removing an account that is not there is not an error. */
  async remove(actor: Actor): Promise<void> {
    await this.accounts.delete(actor.tenantId, { userId: actor.userId });
  }

  /** The plaintext password, for the component that sends the user's mail. */
  async openPassword(actor: Actor): Promise<string> {
    const account = await this.accounts.findOne(
      actor.tenantId,
      { userId: actor.userId },
      { select: ['id', 'tenantId', 'userId', 'passwordEnvelope'] },
    );
    if (!account) throw new NotFoundError('SMTP account');
    return this.secretBox.open(account.passwordEnvelope, context(actor));
  }

  private async getAccount(actor: Actor): Promise<SmtpAccount> {
    const account = await this.accounts.findOne(actor.tenantId, { userId: actor.userId });
    if (!account) throw new NotFoundError('SMTP account');
    return account;
  }
}

/** AES-GCM additional data: binds the envelope to this tenant and user. */
export function smtpPasswordContext(tenantId: string, userId: string): string {
  return `${tenantId}:smtp:${userId}`;
}

function context(actor: Actor): string {
  return smtpPasswordContext(actor.tenantId, actor.userId);
}

/** Guards callers other than the validated HTTP DTO. */
function checkInput(input: SmtpAccountInput, hasStoredPassword: boolean): void {
  const problems = new ProblemCollector();
  if (!HOST_NAME.test(input.host.trim())) problems.add('host', 'must be a host name or IPv4 address');
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)
    problems.add('port', 'must be an integer from 1 to 65535');
  if (input.username.trim() === '') problems.add('username', 'must not be blank');
  if (input.security !== undefined && !SMTP_SECURITY.includes(input.security))
    problems.add('security', `must be one of ${SMTP_SECURITY.join(', ')}`);
  if (input.password === undefined && !hasStoredPassword)
    problems.add('password', 'is required for a new SMTP account');
  if (input.password !== undefined && input.password === '') problems.add('password', 'must not be empty');
  problems.throwIfAny();
}

function toView(account: SmtpAccount): SmtpAccountView {
  return {
    host: account.host,
    port: account.port,
    username: account.username,
    security: account.security,
    hasPassword: true,
    updatedAt: account.updatedAt,
  };
}
