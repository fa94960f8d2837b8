/**
 * What can go wrong at a vendor, in the engine's terms. Connectors map every vendor error to
 * one of these; the engine alone decides what each means (retry, back off, park for replay,
 * mark the installation for re-authorization, fail the run).
 */
export enum ConnectorErrorCode {
  /** Credentials revoked or expired beyond refresh: the installation needs re-authorization. */
  AUTH_REVOKED = 'AUTH_REVOKED',
  /** The vendor asked us to slow down; retry after `retryAfterMs`. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** Network failure, timeout or 5xx: retry with backoff. */
  TEMPORARY = 'TEMPORARY',
  NOT_FOUND = 'NOT_FOUND',
  /** The vendor rejected the data (invalid email, missing required field, bad choice). */
  VALIDATION = 'VALIDATION',
  /** Consent forbids the write (unsubscribed, cleaned, permanently deleted): never retried as is. */
  COMPLIANCE = 'COMPLIANCE',
  /** The account lacks a permission or plan feature (e.g. MailUp user not an administrator). */
  PERMISSION = 'PERMISSION',
  CONFLICT = 'CONFLICT',
  UNSUPPORTED = 'UNSUPPORTED',
}

export const RETRYABLE_CODES: ReadonlySet<ConnectorErrorCode> = new Set([
  ConnectorErrorCode.RATE_LIMITED,
  ConnectorErrorCode.TEMPORARY,
]);

export class ConnectorError extends Error {
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    readonly details: {
      /** How long the vendor asked us to wait. */
      retryAfterMs?: number;
      /** The vendor's own status and title, for the audit trail (never secrets). */
      vendorStatus?: number;
      vendorTitle?: string;
      /** A field the vendor named, when it named one. */
      field?: string;
    } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
  }

  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}
