import { ConnectorErrorCode } from '@crm/connector-sdk';
import { errorDescription, toConnectorError } from './mailup-errors';

describe('MailUp errors as connector errors', () => {
  it('reads the description from the API body or the token endpoint’s OAuth body', () => {
    expect(
      errorDescription({
        ErrorCode: '401',
        ErrorDescription: 'Authorization error: Access token is expired',
        ErrorName: 'Unauthorized',
        ErrorStack: null,
      }),
    ).toBe('Authorization error: Access token is expired');
    expect(
      errorDescription({ error: 'invalid_client', error_description: 'Client credentials are invalid' }),
    ).toBe('Client credentials are invalid');
    expect(errorDescription({ error: 'invalid_grant' })).toBe('invalid_grant');
    expect(errorDescription(undefined)).toBeUndefined();
  });

  it('codes each status as the engine needs it', () => {
    const code = (status: number) => toConnectorError(status, { ErrorDescription: 'x' }).code;
    expect(code(400)).toBe(ConnectorErrorCode.VALIDATION);
    expect(code(401)).toBe(ConnectorErrorCode.AUTH_REVOKED);
    expect(code(403)).toBe(ConnectorErrorCode.PERMISSION);
    expect(code(404)).toBe(ConnectorErrorCode.NOT_FOUND);
    expect(code(429)).toBe(ConnectorErrorCode.RATE_LIMITED);
    expect(code(500)).toBe(ConnectorErrorCode.TEMPORARY);
    expect(code(503)).toBe(ConnectorErrorCode.TEMPORARY);
  });

  it('waits a second after a 429 unless MailUp says otherwise, and keeps MailUp’s words', () => {
    const body = {
      ErrorCode: '429',
      ErrorDescription:
        'Authorization error (too_many_requests): Too many requests. Max:5 calls per second , actual:7.',
      ErrorName: null,
      ErrorStack: null,
    };
    const throttled = toConnectorError(429, body);
    expect(throttled.details).toMatchObject({ retryAfterMs: 1000, vendorStatus: 429 });
    expect(throttled.message).toContain('Max:5 calls per second');
    expect(toConnectorError(429, body, '3').details.retryAfterMs).toBe(3000);
  });
});
