import { ConnectorError, ConnectorErrorCode } from '@crm/connector-sdk';

/** What superagent (the official client's HTTP library) rejects with. */
interface HttpFailure {
  status?: number;
  code?: string;
  timeout?: number;
  message?: string;
  response?: { body?: unknown; headers?: Record<string, string | undefined> };
}

/** Mailchimp's problem document (application/problem+json). */
export interface MailchimpProblem {
  title?: string;
  status?: number;
  detail?: string;
  errors?: Array<{ field?: string; message?: string }>;
}

/** Titles whose refusal is about consent: never retried as is. */
const COMPLIANCE_TITLES = new Set(['Member In Compliance State', 'Forgotten Email Not Subscribed']);

const DEFAULT_RETRY_AFTER_MS = 1000;

/** The problem document of a failed call, when Mailchimp sent one. */
export function problemOf(error: unknown): MailchimpProblem | undefined {
  const body = (error as HttpFailure | null)?.response?.body;
  return body && typeof body === 'object' ? (body as MailchimpProblem) : undefined;
}

/**
 * Every failure of a Mailchimp call as a coded connector error, with Mailchimp's status and title
 * for the audit trail (never a body or a credential). A failure without an HTTP status (reset,
 * refused, timed out) is temporary.
 */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const failure = (error ?? {}) as HttpFailure;
  const status = failure.status ?? 0;
  if (!status) {
    const reason = failure.timeout ? 'timed out' : (failure.code ?? 'failed');
    return new ConnectorError(ConnectorErrorCode.TEMPORARY, `Mailchimp did not answer (${reason})`);
  }
  const problem = problemOf(error) ?? {};
  const title = problem.title ?? `HTTP ${status}`;
  const field = problem.errors?.[0]?.field || undefined;
  const detail = [problem.detail, ...(problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)]
    .filter(Boolean)
    .join(' ');
  const message = `${title}${detail ? `: ${detail}` : ''}`.slice(0, 900);
  const details = { vendorStatus: status, vendorTitle: title, ...(field ? { field } : {}) };
  if (status === 401) return new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, message, details);
  if (status === 403) return new ConnectorError(ConnectorErrorCode.PERMISSION, message, details);
  if (status === 404) return new ConnectorError(ConnectorErrorCode.NOT_FOUND, message, details);
  if (status === 429) {
    const seconds = Number(failure.response?.headers?.['retry-after']);
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
    return new ConnectorError(ConnectorErrorCode.RATE_LIMITED, message, { ...details, retryAfterMs });
  }
  if (status >= 500) return new ConnectorError(ConnectorErrorCode.TEMPORARY, message, details);
  if (COMPLIANCE_TITLES.has(title))
    return new ConnectorError(ConnectorErrorCode.COMPLIANCE, message, details);
  if (title === 'Member Exists') return new ConnectorError(ConnectorErrorCode.CONFLICT, message, details);
  return new ConnectorError(ConnectorErrorCode.VALIDATION, message, details);
}
