import { DomainError } from '@crm/platform';
import { ConnectorError, ConnectorErrorCode, isConnectorError } from '../contract/connector-error';

/** Which try of a queued job this is. */
export interface JobTries {
  attempt: number;
  maxAttempts: number;
}

export type VendorJobFailure =
  /** The vendor no longer accepts the credentials: fail, and flag the installation for re-authorization. */
  | { kind: 'reauthorize'; error: ConnectorError }
  /** The vendor is down or throttling and the job has tries left: give it back to the queue. */
  | { kind: 'retry'; error: ConnectorError }
  /** Anything else fails the job; `unexpected` errors are bugs, worth a stack in the log. */
  | { kind: 'fail'; message: string; unexpected: boolean };

/**
 * What an error of a job that calls a vendor (an import, a campaign send) means, decided the
 * way the sync engine decides it for runs.
 */
export function judgeVendorJobFailure(error: unknown, tries: JobTries): VendorJobFailure {
  if (isConnectorError(error) && error.code === ConnectorErrorCode.AUTH_REVOKED)
    return { kind: 'reauthorize', error };
  if (isConnectorError(error) && error.retryable && tries.attempt < tries.maxAttempts)
    return { kind: 'retry', error };
  if (error instanceof DomainError || isConnectorError(error))
    return { kind: 'fail', message: error.message, unexpected: false };
  return {
    kind: 'fail',
    message: `Internal error: ${error instanceof Error ? error.message : String(error)}`,
    unexpected: true,
  };
}
