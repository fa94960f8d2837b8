import { createHash } from 'node:crypto';
import type { ConnectionContext, RequestBudget } from '@crm/connector-sdk';
import { toConnectorError } from './mailchimp-errors';

type Call = (...args: never[]) => Promise<unknown>;

/** The official client's instance API: method groups by resource (it ships no instance types). */
export interface MailchimpApi {
  basePath: string;
  timeout: number;
  setConfig(config: { apiKey?: string; accessToken?: string }): void;
  ping: Record<string, Call>;
  root: Record<string, Call>;
  lists: Record<string, Call>;
  campaigns: Record<string, Call>;
  reports: Record<string, Call>;
  ecommerce: Record<string, Call>;
}

// The class, not the package's default export (a process-wide singleton shared by every account).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ApiClient = require('@mailchimp/mailchimp_marketing/src/ApiClient') as new () => MailchimpApi;

const CALL_TIMEOUT_MS = 60_000;

/** How to reach one account: its API root (no `/3.0`) and one of an API key or an OAuth token. */
export interface MailchimpAccess {
  apiEndpoint: string;
  apiKey?: string;
  accessToken?: string;
}

/** A fresh official client for one account. */
export function createMailchimpApi(access: MailchimpAccess): MailchimpApi {
  const api = new ApiClient();
  api.basePath = `${access.apiEndpoint.replace(/\/+$/, '')}/3.0`;
  api.timeout = CALL_TIMEOUT_MS;
  api.setConfig(access.apiKey ? { apiKey: access.apiKey } : { accessToken: access.accessToken });
  return api;
}

/** Runs official-client calls for one account within its request budget, errors mapped. */
export class MailchimpSession {
  constructor(
    readonly api: MailchimpApi,
    private readonly budget: RequestBudget,
    /** The account's data center (`us21`): Mailchimp's web app for it is `https://us21.admin.mailchimp.com`. */
    readonly dataCenter = '',
  ) {}

  call<T>(request: (api: MailchimpApi) => Promise<unknown>): Promise<T> {
    return this.budget.run(async () => {
      try {
        return (await request(this.api)) as T;
      } catch (error) {
        throw toConnectorError(error);
      }
    });
  }
}

export function accessOf(context: ConnectionContext): MailchimpAccess {
  return {
    apiEndpoint: String(context.account.metadata.apiEndpoint ?? ''),
    apiKey: context.credentials.apiKey,
    accessToken: context.credentials.accessToken,
  };
}

/**
 * One client instance per installation, made again when its credentials or endpoint change
 * (a re-authorization). The connector stays stateless: this is a connection cache, nothing more.
 */
export class MailchimpClients {
  private readonly byInstallation = new Map<string, { fingerprint: string; api: MailchimpApi }>();

  session(context: ConnectionContext): MailchimpSession {
    const access = accessOf(context);
    const fingerprint = createHash('sha256')
      .update(`${access.apiEndpoint}\n${access.apiKey ?? ''}\n${access.accessToken ?? ''}`)
      .digest('hex');
    let entry = this.byInstallation.get(context.installationId);
    if (entry?.fingerprint !== fingerprint) {
      entry = { fingerprint, api: createMailchimpApi(access) };
      this.byInstallation.set(context.installationId, entry);
    }
    return new MailchimpSession(entry.api, context.budget, String(context.account.metadata.dc ?? ''));
  }
}

/** Mailchimp's member id: the MD5 of the lower-cased address. */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex');
}
