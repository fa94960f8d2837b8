import { randomBytes } from 'node:crypto';

/** A code handed to the client's redirect_uri, exchanged once for a token. */
export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  /** The account whose user logged in (and allowed access). */
  accountId: string;
  expiresAt: number;
}

/** Single-use, short-lived authorization codes; kept in memory (a restart voids pending flows). */
export class AuthorizationCodes {
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(private readonly ttlMs = 10 * 60 * 1000) {}

  issue(grant: Omit<AuthorizationCode, 'expiresAt'>): string {
    this.forgetExpired();
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { ...grant, expiresAt: Date.now() + this.ttlMs });
    return code;
  }

  /** The grant behind `code`, consumed: a second exchange finds nothing. */
  take(code: string): AuthorizationCode | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant && grant.expiresAt > Date.now() ? grant : undefined;
  }

  private forgetExpired(): void {
    const current = Date.now();
    for (const [code, grant] of this.codes) if (grant.expiresAt <= current) this.codes.delete(code);
  }
}
