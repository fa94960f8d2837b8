import { ServiceUnavailableException } from '@nestjs/common';
import { ConflictError, NotFoundError, ValidationFailedError } from '@crm/platform';
import { ConnectorErrorCode, isConnectorError } from '../contract/connector-error';

/**
 * What a vendor failure means to someone at the API: the connector's coded error becomes the
 * HTTP answer that tells them what to do (re-authorize, fix the list id, try again later).
 * Anything that is not a ConnectorError is a bug and is rethrown as is.
 */
export function vendorErrorToHttp(
  error: unknown,
  subject: { connectorName: string; listId?: string },
): unknown {
  if (!isConnectorError(error)) return error;
  switch (error.code) {
    case ConnectorErrorCode.AUTH_REVOKED:
      return new ConflictError(
        `${subject.connectorName} needs re-authorization: it no longer accepts the stored credentials`,
        'installationId',
      );
    case ConnectorErrorCode.NOT_FOUND:
      return subject.listId
        ? new NotFoundError('List', subject.listId)
        : new NotFoundError(`${subject.connectorName} resource`);
    case ConnectorErrorCode.TEMPORARY:
    case ConnectorErrorCode.RATE_LIMITED:
      return new ServiceUnavailableException(
        `${subject.connectorName} is not answering right now; try again in a moment`,
      );
    case ConnectorErrorCode.VALIDATION:
      return ValidationFailedError.field(error.details.field ?? 'body', error.message);
    default:
      return new ConflictError(`${subject.connectorName}: ${error.message}`);
  }
}
