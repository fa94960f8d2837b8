import { hexId, MailupAccount } from '../state';

/** MailUp's access tokens last an hour. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

/** Refresh tokens kept per account: enough for many connected apps, without growing forever. */
const REFRESH_TOKENS_KEPT = 100;

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token: string;
}

/** A new access token (an hour) and refresh token for the account's user, through `clientId`. */
export function issueTokens(account: MailupAccount, clientId: string): TokenAnswer {
  const now = Date.now();
  for (const [token, expiresAt] of Object.entries(account.accessTokens))
    if (expiresAt <= now) delete account.accessTokens[token];
  const accessToken = hexId(24);
  const refreshToken = hexId(24);
  account.accessTokens[accessToken] = now + ACCESS_TOKEN_TTL_SECONDS * 1000;
  account.refreshTokens = [...account.refreshTokens, { token: refreshToken, clientId }].slice(
    -REFRESH_TOKENS_KEPT,
  );
  return { access_token: accessToken, expires_in: ACCESS_TOKEN_TTL_SECONDS, refresh_token: refreshToken };
}

/** A refresh rotates: the refresh token used dies, a new one comes with the new access token. */
export function refreshTokens(account: MailupAccount, refreshToken: string, clientId: string): TokenAnswer {
  account.refreshTokens = account.refreshTokens.filter((r) => r.token !== refreshToken);
  return issueTokens(account, clientId);
}

/** Every access token of the account expires now (refresh tokens stay valid). */
export function expireAccessTokens(account: MailupAccount): number {
  const tokens = Object.keys(account.accessTokens);
  const now = Date.now();
  for (const token of tokens) account.accessTokens[token] = Math.min(account.accessTokens[token], now);
  return tokens.length;
}
