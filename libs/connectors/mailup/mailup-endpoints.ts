import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, LocalOrigin } from '@crm/platform';

/** MailUp's one host for OAuth, the console API and the statistics API. */
export const MAILUP_HOST = 'https://services.mailup.com';

/** The embedded sandbox's path below the API's origin (apps/api mounts it there). */
export const EMBEDDED_MAILUP_SANDBOX_PATH = '/sandbox/mailup';

/** The OAuth app of the sandbox's demo account, used when no real one is configured. */
export const MAILUP_SANDBOX_OAUTH_CLIENT = {
  clientId: 'crm-connect-mailup-demo',
  clientSecret: 'crm-connect-mailup-demo-secret',
};

/** The URLs one MailUp (real or sandbox) answers on. */
export interface MailupUrls {
  /** The browser's log-on page of the authorization-code flow. */
  logOnUrl: string;
  tokenUrl: string;
  /** ConsoleService.svc: resources under `/Console/...`. */
  consoleUrl: string;
  /** MailStatisticsService.svc: resources directly under it (`/Message/...`). */
  statisticsUrl: string;
}

export function mailupUrls(host: string): MailupUrls {
  return {
    logOnUrl: `${host}/Authorization/OAuth/LogOn`,
    tokenUrl: `${host}/Authorization/OAuth/Token`,
    consoleUrl: `${host}/API/v1.1/Rest/ConsoleService.svc`,
    statisticsUrl: `${host}/API/v1.1/Rest/MailStatisticsService.svc`,
  };
}

/**
 * Where the connector talks to: the real MailUp, or a sandbox with the same paths under one base
 * URL — MAILUP_SANDBOX_URL, or the sandbox embedded in the API when no OAuth app is configured.
 */
@Injectable()
export class MailupEndpoints {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly origin: LocalOrigin,
  ) {}

  /** The sandbox in use, or null for the real MailUp. */
  sandboxUrl(): string | null {
    const { sandboxUrl, clientId } = this.config.mailup;
    if (sandboxUrl) return sandboxUrl;
    if (this.config.sandboxes && !clientId) return `${this.origin.get()}${EMBEDDED_MAILUP_SANDBOX_PATH}`;
    return null;
  }

  urls(): MailupUrls {
    return mailupUrls(this.sandboxUrl() ?? MAILUP_HOST);
  }

  /** The OAuth app's keys: the password grant and refreshes need them as much as the code flow. */
  oauthClient(): { clientId: string; clientSecret: string } {
    const { clientId, clientSecret } = this.config.mailup;
    return clientId && clientSecret ? { clientId, clientSecret } : MAILUP_SANDBOX_OAUTH_CLIENT;
  }
}
