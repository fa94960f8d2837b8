import {
  ConnectorError,
  ConnectorErrorCode,
  type ConnectedAccount,
  type ConnectionContext,
  type OAuthTokens,
} from '@crm/connector-sdk';
import { MailupClient, UNBUDGETED } from './mailup-client';
import type { MailupEndpoints } from './mailup-endpoints';
import { requestTokens, tokenCredentials, type MailupTokens, type TokenEndpoint } from './mailup-tokens';

/** `GET /Console/Authentication/Info`: who the token belongs to (any user may ask). */
interface AuthenticationInfo {
  Company?: string;
  IsTrial?: boolean;
  UID?: string | number;
  Username?: string;
  Version?: string;
}

function tokenEndpoint(endpoints: MailupEndpoints): TokenEndpoint {
  return { tokenUrl: endpoints.urls().tokenUrl, ...endpoints.oauthClient() };
}

/**
 * The account behind a token, and a check that its user is an administrator: the connector
 * reads account-wide resources (dynamic fields, imports, groups), which MailUp refuses other
 * users with a 403 — said here in words the admin can act on, rather than later by a sync.
 */
async function describeAccount(
  endpoints: MailupEndpoints,
  tokens: MailupTokens,
  login?: { username: string; password: string },
): Promise<ConnectedAccount> {
  const client = new MailupClient(endpoints.urls(), {
    token: () => tokens.accessToken,
    expiresAt: () => undefined,
    budget: UNBUDGETED,
  });
  const info = await client.console<AuthenticationInfo>('/Console/Authentication/Info');
  const username = info.Username ?? login?.username ?? '';
  try {
    await client.console('/Console/Recipient/DynamicFields', { query: { pageSize: 1, pageNumber: 0 } });
  } catch (error) {
    if (error instanceof ConnectorError && error.code === ConnectorErrorCode.PERMISSION)
      throw new ConnectorError(
        ConnectorErrorCode.VALIDATION,
        `The MailUp user ${username ? `“${username}” ` : ''}is not an administrator of the account: ` +
          'CRM Connect needs an administrator user of the MailUp account to sync lists, groups and fields. ' +
          `Connect with an administrator, or have this user made one. (${error.message})`,
        { ...error.details, field: 'username' },
      );
    throw error;
  }
  const accountId = String(info.UID ?? username);
  return {
    accountId,
    label: info.Company ? `${info.Company} (${username})` : `MailUp ${username}`,
    credentials: tokenCredentials(tokens, login),
    metadata: { username, company: info.Company ?? null, trial: info.IsTrial ?? null },
    expiresAt: tokens.expiresAt,
  };
}

/** Credentials connect: the password grant with the console user's username and password. */
export async function connectWithPassword(
  endpoints: MailupEndpoints,
  input: Record<string, string>,
): Promise<ConnectedAccount> {
  const login = { username: input.username ?? '', password: input.password ?? '' };
  let tokens: MailupTokens;
  try {
    tokens = await requestTokens(tokenEndpoint(endpoints), { grant_type: 'password', ...login });
  } catch (error) {
    if (error instanceof ConnectorError && error.code === ConnectorErrorCode.AUTH_REVOKED)
      throw new ConnectorError(
        ConnectorErrorCode.AUTH_REVOKED,
        'MailUp did not accept this username and password (the MailUp console login, e.g. m12345)',
        { ...error.details, field: 'password' },
      );
    throw error;
  }
  return describeAccount(endpoints, tokens, login);
}

/** After the authorization-code exchange (the framework's): the account and the admin check. */
export function connectWithOAuth(endpoints: MailupEndpoints, tokens: OAuthTokens): Promise<ConnectedAccount> {
  return describeAccount(endpoints, {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresIn ? new Date(Date.now() + tokens.expiresIn * 1000) : undefined,
  });
}

/**
 * A new token pair from the refresh token (which rotates: the old one dies). When MailUp refuses
 * it and the installation connected with a username and password, the password grant gets a new
 * pair instead; otherwise the installation must be authorized again (AUTH_REVOKED).
 */
export async function refreshAccount(
  endpoints: MailupEndpoints,
  context: ConnectionContext,
): Promise<ConnectedAccount> {
  const { refreshToken, username, password } = context.credentials;
  const login = username && password ? { username, password } : undefined;
  const endpoint = tokenEndpoint(endpoints);
  let tokens: MailupTokens | undefined;
  let refused: unknown;
  if (refreshToken)
    try {
      tokens = await requestTokens(
        endpoint,
        { grant_type: 'refresh_token', refresh_token: refreshToken },
        context.budget,
      );
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.code !== ConnectorErrorCode.AUTH_REVOKED) throw error;
      refused = error;
    }
  if (!tokens && login)
    tokens = await requestTokens(endpoint, { grant_type: 'password', ...login }, context.budget);
  if (!tokens)
    throw (
      refused ??
      new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'MailUp gave no refresh token: authorize again')
    );
  return {
    accountId: context.account.id,
    label: context.account.label,
    credentials: tokenCredentials(tokens, login),
    metadata: { ...context.account.metadata },
    expiresAt: tokens.expiresAt,
  };
}
