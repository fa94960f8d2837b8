import { ConnectorError, ConnectorErrorCode, type MemberWriteResult } from '@crm/connector-sdk';
import { optinStatus, type EmailOptin } from './recipient-mapping';

/** A write that MailUp took: the recipient's id and its status in the list, as read back. */
export function written(email: string, optin: EmailOptin, created: boolean): MemberWriteResult {
  return {
    email,
    ok: true,
    vendorId: String(optin.idRecipient),
    status: optinStatus(optin),
    created,
    response: { idRecipient: optin.idRecipient, Status: optin.Status },
  };
}

export function refused(
  email: string,
  code: ConnectorErrorCode,
  message: string,
  extra: Partial<MemberWriteResult> = {},
): MemberWriteResult {
  return { email, ok: false, ...extra, error: { code, message: message.slice(0, 900) } };
}

/**
 * A failure of one member's part: temporary ones, throttling and revoked access fail the whole
 * call (the framework retries it or stops); the rest become that member's result.
 */
export function memberFailure(email: string, error: unknown): MemberWriteResult {
  if (!(error instanceof ConnectorError) || error.retryable || error.code === ConnectorErrorCode.AUTH_REVOKED)
    throw error;
  return {
    email,
    ok: false,
    response: { status: error.details.vendorStatus, title: error.details.vendorTitle },
    error: {
      code: error.code,
      message: error.message,
      ...(error.details.field ? { field: error.details.field } : {}),
    },
  };
}
