import { ConnectorError, ConnectorErrorCode } from '@crm/connector-sdk';

/**
 * What MailUp answers on failure: the API's own body (`ErrorCode` is a string), or the token
 * endpoint's OAuth-style body. Either may be missing.
 */
export interface MailupErrorBody {
  ErrorCode?: string;
  ErrorDescription?: string;
  ErrorName?: string | null;
  error?: string;
  error_description?: string;
}

/** MailUp sends no Retry-After on 429; its limit is per second, so a second is the wait. */
const DEFAULT_RETRY_AFTER_MS = 1000;

/** The body's description in either of MailUp's shapes, when there is one. */
export function errorDescription(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body : undefined;
  const { ErrorDescription, error_description, error } = body as MailupErrorBody;
  return ErrorDescription || error_description || error || undefined;
}

function errorName(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { ErrorName, error } = body as MailupErrorBody;
  return ErrorName || error || undefined;
}

/**
 * A failed MailUp call as a coded connector error, with MailUp's status and description for the
 * audit trail (never a body or a credential). 401 is AUTH_REVOKED: the client has already tried
 * a refresh by then.
 */
export function toConnectorError(status: number, body: unknown, retryAfter?: string | null): ConnectorError {
  const description = errorDescription(body);
  const title = errorName(body) ?? `HTTP ${status}`;
  const message = `MailUp answered ${status}${description ? `: ${description}` : ''}`.slice(0, 900);
  const details = { vendorStatus: status, vendorTitle: title };
  if (status === 401) return new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, message, details);
  if (status === 403) return new ConnectorError(ConnectorErrorCode.PERMISSION, message, details);
  if (status === 404) return new ConnectorError(ConnectorErrorCode.NOT_FOUND, message, details);
  if (status === 429) {
    const seconds = Number(retryAfter);
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
    return new ConnectorError(ConnectorErrorCode.RATE_LIMITED, message, { ...details, retryAfterMs });
  }
  if (status >= 500) return new ConnectorError(ConnectorErrorCode.TEMPORARY, message, details);
  return new ConnectorError(ConnectorErrorCode.VALIDATION, message, details);
}

/** A call that got no HTTP answer (refused, reset, timed out): worth trying again. */
export function unanswered(error: unknown): ConnectorError {
  const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed';
  return new ConnectorError(ConnectorErrorCode.TEMPORARY, `MailUp did not answer (${reason})`);
}
