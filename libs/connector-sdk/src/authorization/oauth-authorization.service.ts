import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { asTenantId, NotFoundError, ValidationFailedError } from '@crm/platform';
import type { Actor } from '@crm/core';
import type { ConnectedAccount, Connector, OAuthTokens } from '../contract/connector';
import { ConnectorErrorCode, isConnectorError } from '../contract/connector-error';
import { ConnectorInstallation, OAuthState } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { InstallationAuthorizer } from './installation-authorizer';
import { OAuthStrategies } from './oauth-strategies';

/** The redirect_uri registered with the vendor for a connector. */
export function oauthCallbackUrl(baseUrl: string, connectorKey: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/oauth/${encodeURIComponent(connectorKey)}/callback`;
}

/** Where the browser lands after the callback; the web UI reads the query. */
export const authorizedRedirect = (installationId: string) =>
  `/?installation=${encodeURIComponent(installationId)}&authorized=1`;
export const authorizationErrorRedirect = (installationId: string, code: string) =>
  `/?installation=${encodeURIComponent(installationId)}&authorization_error=${encodeURIComponent(code)}`;

/** Error codes a vendor may send back (RFC 6749 4.1.2.1); anything else is reported as vendor_error. */
const VENDOR_ERROR_CODES = new Set([
  'access_denied',
  'invalid_request',
  'unauthorized_client',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
]);

/** Post-connect refusals that are about the account the admin signed in with, not a failure to reach it. */
const NOT_PERMITTED: ReadonlySet<ConnectorErrorCode> = new Set([
  ConnectorErrorCode.PERMISSION,
  ConnectorErrorCode.VALIDATION,
]);

const badState = () =>
  ValidationFailedError.field('state', 'is unknown, expired, already used or for another connector');

/**
 * The OAuth 2 authorization-code flow: an admin asks for the vendor's consent page, the vendor
 * sends the browser back with a code and our state, the code becomes tokens (passport-oauth2),
 * the connector's post-connect step describes the account, and the installation becomes ACTIVE.
 * Codes and tokens are never logged.
 */
@Injectable()
export class OAuthAuthorizationService {
  private readonly logger = new Logger(OAuthAuthorizationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ConnectorRegistry,
    private readonly authorizer: InstallationAuthorizer,
    private readonly strategies: OAuthStrategies,
  ) {}

  /** The vendor's authorization URL with a fresh single-use state bound to this admin. */
  async begin(actor: Actor, installationId: string, baseUrl: string): Promise<{ url: string }> {
    const { installation, connector } = await this.authorizer.resolve(actor, installationId, 'oauth2');
    const url = await this.strategies.authorizationUrl(
      connector,
      {
        tenantId: actor.tenantId,
        userId: actor.userId,
        installationId: installation.id,
        connectorKey: connector.manifest.key,
      },
      oauthCallbackUrl(baseUrl, connector.manifest.key),
    );
    return { url };
  }

  /**
   * Handles the vendor's redirect; answers with where to send the browser. A state that does not
   * identify an authorization in progress is a 400 naming `state`; any later failure is reported
   * to the web UI through the redirect.
   */
  async complete(connectorKey: string, query: Record<string, unknown>, baseUrl: string): Promise<string> {
    const connector = this.oauthConnector(connectorKey);
    const vendorError = typeof query.error === 'string' ? query.error : undefined;
    if (vendorError !== undefined || typeof query.code !== 'string') {
      // No code to exchange: still consume the state, so it cannot be tried again.
      const state = await this.strategies.consumeState(connector, query.state);
      if (!state) throw badState();
      const code =
        vendorError === undefined
          ? 'invalid_request'
          : VENDOR_ERROR_CODES.has(vendorError)
            ? vendorError
            : 'vendor_error';
      this.logger.warn(
        `OAuth for installation ${state.installationId} (tenant ${state.tenantId}) ended with ${code}`,
      );
      return authorizationErrorRedirect(state.installationId, code);
    }
    const outcome = await this.strategies.exchange(connector, query, oauthCallbackUrl(baseUrl, connectorKey));
    switch (outcome.kind) {
      case 'tokens':
        return this.connect(connector, outcome.state, outcome.tokens);
      case 'error':
        if (!outcome.state) throw outcome.error;
        this.logger.warn(
          `OAuth token exchange failed for installation ${outcome.state.installationId} (tenant ${outcome.state.tenantId}): ${describeOAuthError(outcome.error)}`,
        );
        return authorizationErrorRedirect(outcome.state.installationId, 'token_exchange_failed');
      case 'failed':
        if (!outcome.state) throw badState();
        return authorizationErrorRedirect(outcome.state.installationId, 'access_denied');
      default:
        throw badState();
    }
  }

  /** Runs the connector's post-connect step and stores the account for the state's installation. */
  private async connect(connector: Connector, state: OAuthState, tokens: OAuthTokens): Promise<string> {
    const tenantId = asTenantId(state.tenantId);
    const installation = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findOneBy({ tenantId, id: state.installationId, connectorKey: state.connectorKey });
    // Uninstalled while the admin was at the vendor: nothing to attach the tokens to.
    if (!installation) return authorizationErrorRedirect(state.installationId, 'installation_removed');
    let account: ConnectedAccount;
    try {
      account = await connector.completeOAuth!(tokens);
    } catch (error) {
      this.logger.warn(
        `OAuth post-connect step failed for installation ${installation.id} (tenant ${tenantId}): ${describeOAuthError(error)}`,
      );
      // The vendor account is not one the connector can work with (a MailUp user who is no
      // administrator): the admin reads why on the installation, in the connector's words.
      if (isConnectorError(error) && NOT_PERMITTED.has(error.code)) {
        await this.dataSource
          .getRepository(ConnectorInstallation)
          .update({ tenantId, id: installation.id }, { statusReason: error.message.slice(0, 500) });
        return authorizationErrorRedirect(installation.id, 'account_not_permitted');
      }
      return authorizationErrorRedirect(installation.id, 'account_lookup_failed');
    }
    // The connector may know better; otherwise the token response's expires_in decides when to refresh.
    const expiresAt =
      account.expiresAt ?? (tokens.expiresIn ? new Date(Date.now() + tokens.expiresIn * 1000) : undefined);
    await this.authorizer.connect(
      tenantId,
      installation.id,
      'oauth2',
      { ...account, expiresAt },
      state.userId,
    );
    this.logger.log(
      `Installation ${installation.id} (tenant ${tenantId}) authorized with ${connector.manifest.key}`,
    );
    return authorizedRedirect(installation.id);
  }

  private oauthConnector(connectorKey: string): Connector {
    const connector = this.registry.has(connectorKey) ? this.registry.get(connectorKey) : undefined;
    if (!connector || connector.manifest.auth.kind !== 'oauth2')
      throw new NotFoundError('OAuth connector', connectorKey);
    return connector;
  }
}

/** What may be logged of an OAuth failure: its kind and the vendor's HTTP status, never a body or token. */
function describeOAuthError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const status = (error as { oauthError?: { statusCode?: number } }).oauthError?.statusCode;
  const code = (error as { code?: unknown }).code;
  return [error.name, typeof code === 'string' ? code : undefined, status ? `HTTP ${status}` : undefined]
    .filter(Boolean)
    .join(' ');
}
