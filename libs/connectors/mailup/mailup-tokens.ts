import { ConnectorError, ConnectorErrorCode, type RequestBudget } from '@crm/connector-sdk';
import { readBody, UNBUDGETED, type MailupCredentials } from './mailup-client';
import { errorDescription, toConnectorError, unanswered } from './mailup-errors';

/** The token endpoint's answer (expires_in is 3600 s; every refresh rotates the refresh token). */
interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/** A token pair and when its access token expires. */
export interface MailupTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date;
}

export interface TokenEndpoint {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * One grant at MailUp's token endpoint: form-encoded, the app's keys both in the body and as HTTP
 * Basic (MailUp's own samples send both). A refused grant (400/401, OAuth-style body) is
 * AUTH_REVOKED with MailUp's words; throttling and 5xx keep their codes.
 */
export async function requestTokens(
  endpoint: TokenEndpoint,
  grant: Record<string, string>,
  budget: RequestBudget = UNBUDGETED,
): Promise<MailupTokens> {
  const basic = Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString('base64');
  const answer = await budget.run(async () => {
    let response: Response;
    try {
      response = await fetch(endpoint.tokenUrl, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          ...grant,
          client_id: endpoint.clientId,
          client_secret: endpoint.clientSecret,
        }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw unanswered(error);
    }
    const body = await readBody(response);
    if (response.status === 400 || response.status === 401)
      throw new ConnectorError(
        ConnectorErrorCode.AUTH_REVOKED,
        `MailUp refused the ${grant.grant_type.replace('_', ' ')} grant: ${errorDescription(body) ?? `HTTP ${response.status}`}`.slice(
          0,
          900,
        ),
        { vendorStatus: response.status },
      );
    if (!response.ok) throw toConnectorError(response.status, body, response.headers.get('retry-after'));
    return body as TokenAnswer;
  });
  if (!answer || typeof answer.access_token !== 'string')
    throw new ConnectorError(
      ConnectorErrorCode.TEMPORARY,
      'MailUp’s token endpoint answered without a token',
    );
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token || undefined,
    expiresAt: answer.expires_in ? new Date(Date.now() + answer.expires_in * 1000) : undefined,
  };
}

/** The tokens as stored credentials (with the login of the password grant, kept to recover from a lost refresh token). */
export function tokenCredentials(
  tokens: MailupTokens,
  login?: { username: string; password: string },
): Record<string, string> {
  const credentials: MailupCredentials = {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.expiresAt ? { accessTokenExpiresAt: tokens.expiresAt.toISOString() } : {}),
    ...(login ?? {}),
  };
  return { ...credentials };
}
