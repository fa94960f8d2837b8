import { ConnectorPlugin } from '../registry/connector-plugin.decorator';
import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import type { ConnectedAccount, ConnectionContext, OAuthTokens } from '../contract/connector';
import type { ConnectorManifest } from '../contract/manifest';
import { FakeConnector } from './fake.connector';
import { FakeVendor } from './fake-vendor';
import { FakeOAuthProvider } from './fake-oauth-provider';

export const FAKE_OAUTH_CONNECTOR_KEY = 'fake-oauth';

/**
 * The fake connector authorizing with OAuth 2 against a FakeOAuthProvider: the manifest says
 * oauth2, `completeOAuth` reads the account from the provider's metadata endpoint (as Mailchimp
 * learns its data center), and health checks and refreshes go to the provider. Lists and
 * members are FakeConnector's, over its own FakeVendor.
 */
@ConnectorPlugin()
export class FakeOAuthConnector extends FakeConnector {
  constructor(
    readonly provider: FakeOAuthProvider,
    vendor: FakeVendor = new FakeVendor(),
  ) {
    const manifest: Partial<ConnectorManifest> = {
      key: FAKE_OAUTH_CONNECTOR_KEY,
      name: 'Fake OAuth Mail',
      // The real endpoints would go here; oauthClient() points at the local provider instead.
      auth: {
        kind: 'oauth2',
        authorizationUrl: 'https://fake.invalid/authorize',
        tokenUrl: 'https://fake.invalid/token',
      },
    };
    super(vendor, manifest);
  }

  oauthClient() {
    return {
      clientId: this.provider.clientId,
      clientSecret: this.provider.clientSecret,
      authorizationUrl: this.provider.authorizationUrl,
      tokenUrl: this.provider.tokenUrl,
    };
  }

  async completeOAuth(tokens: OAuthTokens): Promise<ConnectedAccount> {
    const metadata = await this.readMetadata(tokens.accessToken);
    return {
      accountId: metadata.user_id,
      label: metadata.accountname,
      credentials: {
        accessToken: tokens.accessToken,
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      },
      metadata: { dc: metadata.dc, apiEndpoint: metadata.api_endpoint },
    };
  }

  override async checkHealth(context: ConnectionContext): Promise<void> {
    await context.budget.run(() => this.readMetadata(context.credentials.accessToken));
  }

  async refreshCredentials(context: ConnectionContext): Promise<ConnectedAccount> {
    const response = await fetch(this.provider.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: context.credentials.refreshToken ?? '',
        client_id: this.provider.clientId,
        client_secret: this.provider.clientSecret,
      }),
    });
    if (!response.ok)
      throw new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'The refresh token was not accepted');
    const body = (await response.json()) as {
      access_token: string;
      refresh_token: string;
      expires_in: number;
    };
    return {
      accountId: context.account.id,
      label: context.account.label,
      credentials: { accessToken: body.access_token, refreshToken: body.refresh_token },
      metadata: { ...context.account.metadata },
      expiresAt: new Date(Date.now() + body.expires_in * 1000),
    };
  }

  private async readMetadata(
    accessToken: string | undefined,
  ): Promise<{ user_id: string; accountname: string; dc: string; api_endpoint: string }> {
    let response: Response;
    try {
      response = await fetch(this.provider.metadataUrl, {
        headers: { Authorization: `OAuth ${accessToken ?? ''}` },
      });
    } catch {
      throw new ConnectorError(ConnectorErrorCode.TEMPORARY, 'The provider did not answer');
    }
    if (response.status === 401)
      throw new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'The access token was revoked', {
        vendorStatus: 401,
      });
    if (!response.ok)
      throw new ConnectorError(ConnectorErrorCode.TEMPORARY, `The provider answered ${response.status}`);
    return (await response.json()) as {
      user_id: string;
      accountname: string;
      dc: string;
      api_endpoint: string;
    };
  }
}
