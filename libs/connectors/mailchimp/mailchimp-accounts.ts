import {
  ConnectorError,
  ConnectorErrorCode,
  type ConnectedAccount,
  type OAuthTokens,
} from '@crm/connector-sdk';
import { createMailchimpApi, type MailchimpAccess } from './mailchimp-client';
import type { MailchimpEndpoints } from './mailchimp-endpoints';
import { toConnectorError } from './mailchimp-errors';

/** `<32 hex>-<data center>`, as Mailchimp issues API keys. */
const API_KEY = /^[0-9a-f]{32}-([a-z]+[0-9]+)$/;

interface OAuthMetadata {
  dc: string;
  accountname?: string;
  api_endpoint: string;
  login?: { email?: string };
}

/** The account behind an access: its id (shared by every installation of it) and name. */
async function describeAccount(
  access: MailchimpAccess,
  credentials: Record<string, string>,
  dc: string,
): Promise<ConnectedAccount> {
  let root: { account_id: string; account_name?: string; email?: string };
  try {
    root = (await createMailchimpApi(access).root.getRoot({
      fields: ['account_id', 'account_name', 'email'],
    } as never)) as typeof root;
  } catch (error) {
    throw toConnectorError(error);
  }
  return {
    accountId: root.account_id,
    label: root.account_name ? `${root.account_name} (${dc})` : `Mailchimp ${dc}`,
    credentials,
    metadata: { dc, apiEndpoint: access.apiEndpoint },
  };
}

/**
 * After the token exchange: the metadata endpoint names the account's data center and API
 * endpoint (Mailchimp OAuth tokens do not expire, so there is nothing to refresh).
 */
export async function connectWithOAuth(
  endpoints: MailchimpEndpoints,
  tokens: OAuthTokens,
): Promise<ConnectedAccount> {
  let response: Response;
  try {
    response = await fetch(endpoints.oauth().metadataUrl, {
      headers: { Authorization: `OAuth ${tokens.accessToken}` },
    });
  } catch {
    throw new ConnectorError(ConnectorErrorCode.TEMPORARY, 'Mailchimp’s metadata endpoint did not answer');
  }
  if (!response.ok)
    throw new ConnectorError(
      response.status >= 500 ? ConnectorErrorCode.TEMPORARY : ConnectorErrorCode.AUTH_REVOKED,
      `Mailchimp’s metadata endpoint answered ${response.status}`,
      { vendorStatus: response.status },
    );
  const metadata = (await response.json()) as OAuthMetadata & { error?: string };
  // A bad token gets a 200 with {"error": "invalid_token"} from this endpoint.
  if (metadata.error || !metadata.api_endpoint)
    throw new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'Mailchimp did not accept the access token');
  return describeAccount(
    { apiEndpoint: metadata.api_endpoint, accessToken: tokens.accessToken },
    { accessToken: tokens.accessToken },
    metadata.dc,
  );
}

/** An API key names its data center after the dash; the account is read with it to check it. */
export async function connectWithApiKey(
  endpoints: MailchimpEndpoints,
  input: Record<string, string>,
): Promise<ConnectedAccount> {
  const apiKey = (input.apiKey ?? '').trim();
  const match = API_KEY.exec(apiKey);
  if (!match)
    throw new ConnectorError(
      ConnectorErrorCode.AUTH_REVOKED,
      'A Mailchimp API key looks like 0123456789abcdef0123456789abcdef-us21 (Account → Extras → API keys)',
      { field: 'apiKey' },
    );
  const dc = match[1];
  try {
    return await describeAccount(
      { apiEndpoint: endpoints.apiEndpointForDataCenter(dc), apiKey },
      { apiKey },
      dc,
    );
  } catch (error) {
    if (error instanceof ConnectorError && error.code === ConnectorErrorCode.AUTH_REVOKED)
      throw new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'Mailchimp did not accept this API key', {
        ...error.details,
        field: 'apiKey',
      });
    throw error;
  }
}
