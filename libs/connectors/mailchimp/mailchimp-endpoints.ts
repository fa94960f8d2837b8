import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, LocalOrigin } from '@crm/platform';

/** Mailchimp's own hosts; a sandbox replaces all of them by one base URL. */
const MAILCHIMP_LOGIN = 'https://login.mailchimp.com/oauth2';

/** The embedded sandbox's path below the API's origin (apps/api mounts it there). */
export const EMBEDDED_SANDBOX_PATH = '/sandbox/mailchimp';

/** The OAuth app of the sandbox's demo account, used when no real one is configured. */
export const SANDBOX_OAUTH_CLIENT = { clientId: 'crm-connect-demo', clientSecret: 'crm-connect-demo-secret' };

/**
 * Where the connector talks to: the real Mailchimp (login.mailchimp.com for OAuth, the account's
 * data-center host for the API), or a sandbox with the same paths under one base URL —
 * MAILCHIMP_SANDBOX_URL, or the sandbox embedded in the API when no OAuth app is configured.
 */
@Injectable()
export class MailchimpEndpoints {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly origin: LocalOrigin,
  ) {}

  /** The sandbox in use, or null for the real Mailchimp. */
  sandboxUrl(): string | null {
    const { sandboxUrl, clientId } = this.config.mailchimp;
    if (sandboxUrl) return sandboxUrl;
    if (this.config.sandboxes && !clientId) return `${this.origin.get()}${EMBEDDED_SANDBOX_PATH}`;
    return null;
  }

  /** OAuth endpoints: authorize (the browser goes there), token and metadata (server calls). */
  oauth(): { authorizationUrl: string; tokenUrl: string; metadataUrl: string } {
    const base = this.sandboxUrl() ? `${this.sandboxUrl()}/oauth2` : MAILCHIMP_LOGIN;
    return {
      authorizationUrl: `${base}/authorize`,
      tokenUrl: `${base}/token`,
      metadataUrl: `${base}/metadata`,
    };
  }

  oauthClient(): { clientId: string; clientSecret: string } {
    const { clientId, clientSecret } = this.config.mailchimp;
    return clientId && clientSecret ? { clientId, clientSecret } : SANDBOX_OAUTH_CLIENT;
  }

  /** The API root (without `/3.0`) for an API key's data center (the part after the dash). */
  apiEndpointForDataCenter(dc: string): string {
    return this.sandboxUrl() ?? `https://${dc}.api.mailchimp.com`;
  }
}
