import {
  ConnectorError,
  ConnectorErrorCode,
  type ConnectionContext,
  type RequestBudget,
} from '@crm/connector-sdk';
import type { MailupUrls } from './mailup-endpoints';
import { toConnectorError, unanswered } from './mailup-errors';

/** Every collection MailUp answers. `IsPaginated` is not reliable: paging goes by the total. */
export interface MailupPage<T> {
  IsPaginated: boolean;
  Items: T[];
  PageNumber: number;
  PageSize: number;
  Skipped: number;
  TotalElementsCount: number;
}

/** Items per page when reading whole collections (MailUp's default is 20). */
export const PAGE_SIZE = 500;

const CALL_TIMEOUT_MS = 60_000;
/** A token this close to its expiry is renewed before the call rather than refused by it. */
const EXPIRY_MARGIN_MS = 30_000;

type Query = Record<string, string | number | boolean | undefined>;

export interface MailupRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
}

/** How a client reaches one account: its token (read at each call, a renewal replaces it) and budget. */
export interface MailupAccess {
  token(): string | undefined;
  expiresAt(): Date | undefined;
  /** Refreshes the stored credentials (the framework's ConnectionContext.renewCredentials). */
  renew?(): Promise<void>;
  budget: RequestBudget;
}

/** Calls go straight out: for connecting, before the account (and so its budget) is known. */
export const UNBUDGETED: RequestBudget = { run: (call) => call() };

/** The credentials the connector stores: the token pair, its expiry, and for the password grant the login. */
export interface MailupCredentials {
  accessToken: string;
  refreshToken?: string;
  /** ISO time the access token expires. */
  accessTokenExpiresAt?: string;
  username?: string;
  password?: string;
}

export function accessOf(context: ConnectionContext): MailupAccess {
  return {
    token: () => context.credentials.accessToken,
    expiresAt: () => {
      const at = context.credentials.accessTokenExpiresAt;
      return at ? new Date(at) : undefined;
    },
    renew: context.renewCredentials ? () => context.renewCredentials!() : undefined,
    budget: context.budget,
  };
}

/**
 * A small typed client for one MailUp account (there is no npm one): bearer token, one call per
 * request of the account's budget, every failure a coded connector error. An expired token is
 * renewed before the call, and a 401 renews it once and repeats the call; a second 401 is
 * AUTH_REVOKED. The client holds no state of its own: a new one per connection context.
 */
export class MailupClient {
  constructor(
    private readonly urls: MailupUrls,
    private readonly access: MailupAccess,
  ) {}

  /** A ConsoleService resource: `path` starts with `/Console/`. */
  console<T>(path: string, request: MailupRequest = {}): Promise<T> {
    return this.call<T>(`${this.urls.consoleUrl}${path}`, request);
  }

  /** A MailStatisticsService resource: `path` starts with `/Message/` or `/Recipient/`. */
  statistics<T>(path: string, request: MailupRequest = {}): Promise<T> {
    return this.call<T>(`${this.urls.statisticsUrl}${path}`, request);
  }

  /** One page of a console collection; `pageNumber` counts from 0. */
  consolePage<T>(
    path: string,
    query: Query,
    pageNumber: number,
    pageSize = PAGE_SIZE,
  ): Promise<MailupPage<T>> {
    return this.console<MailupPage<T>>(path, { query: { ...query, pageSize, pageNumber } });
  }

  statisticsPage<T>(
    path: string,
    query: Query,
    pageNumber: number,
    pageSize = PAGE_SIZE,
  ): Promise<MailupPage<T>> {
    return this.statistics<MailupPage<T>>(path, { query: { ...query, pageSize, pageNumber } });
  }

  /** Every item of a console collection, page after page until TotalElementsCount is reached. */
  consoleAll<T>(path: string, query: Query = {}): Promise<T[]> {
    return readAll((pageNumber) => this.consolePage<T>(path, query, pageNumber));
  }

  statisticsAll<T>(path: string, query: Query = {}): Promise<T[]> {
    return readAll((pageNumber) => this.statisticsPage<T>(path, query, pageNumber));
  }

  private async call<T>(url: string, request: MailupRequest): Promise<T> {
    const expiresAt = this.access.expiresAt();
    if (this.access.renew && expiresAt && expiresAt.getTime() - Date.now() < EXPIRY_MARGIN_MS)
      await this.access.renew();
    let sentWith: string | undefined;
    try {
      return await this.access.budget.run(() => this.send<T>(url, request, (sentWith = this.access.token())));
    } catch (error) {
      const refused = error instanceof ConnectorError && error.code === ConnectorErrorCode.AUTH_REVOKED;
      if (!refused || !this.access.renew) throw error;
    }
    // Calls refused together renew once: a call whose token was replaced meanwhile just repeats.
    if (this.access.token() === sentWith) await this.access.renew();
    return this.access.budget.run(() => this.send<T>(url, request, this.access.token()));
  }

  private async send<T>(url: string, request: MailupRequest, token: string | undefined): Promise<T> {
    const target = new URL(url);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) target.searchParams.set(key, String(value));
    let response: Response;
    try {
      response = await fetch(target, {
        method: request.method ?? 'GET',
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${token ?? ''}`,
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (error) {
      throw unanswered(error);
    }
    const body = await readBody(response);
    if (!response.ok) throw toConnectorError(response.status, body, response.headers.get('retry-after'));
    return body as T;
  }
}

/** JSON when there is any (a bare integer is JSON too), the text otherwise, undefined when empty. */
export async function readBody(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw unanswered(error);
  }
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Reads pages from 0 until the total is reached (or a page comes back empty). */
export async function readAll<T>(read: (pageNumber: number) => Promise<MailupPage<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let pageNumber = 0; ; pageNumber++) {
    const page = await read(pageNumber);
    items.push(...page.Items);
    if (page.Items.length === 0 || items.length >= page.TotalElementsCount) return items;
  }
}
