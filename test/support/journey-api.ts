import { createHash } from 'node:crypto';
import { eventually } from './eventually';

/** The demo Mailchimp account of the embedded sandbox (README, "The Mailchimp sandbox"). */
export const SANDBOX_DEMO = {
  accountId: 'demo',
  apiKey: '00000000000000000000000000000000-us1',
  login: { username: 'demo', password: 'demo-sandbox' },
} as const;

/** The demo tenant's standard user (the seed prints a random password; the journeys set one). */
export const DEMO_STANDARD_USER = { email: 'ventas@demo.local', password: 'journey-sales-password' };

async function call<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: {
      Accept: 'application/json',
      ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(rest.headers as Record<string, string> | undefined),
    },
    body: json === undefined ? rest.body : JSON.stringify(json),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The CRM's REST API as one signed-in user, for what a journey needs done before the browser starts. */
export class CrmApi {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<CrmApi> {
    const login = await call<{ token: string }>(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      json: { email, password },
    });
    return new CrmApi(baseUrl, login.token);
  }

  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, json?: unknown): Promise<T> {
    return call<T>(`${this.baseUrl}/api${path}`, {
      method,
      json,
      headers: { Authorization: `Bearer ${this.token}` },
    });
  }

  /** Gives the demo standard user a known password (administrators may set any user's). */
  async setStandardUserPassword(): Promise<void> {
    const users = await this.request<{ items: Array<{ id: string; email: string }> }>(
      'GET',
      '/users?pageSize=200',
    );
    const user = users.items.find((candidate) => candidate.email === DEMO_STANDARD_USER.email);
    if (!user) throw new Error(`No user ${DEMO_STANDARD_USER.email} in the demo tenant`);
    await this.request('PATCH', `/users/${user.id}`, { password: DEMO_STANDARD_USER.password });
  }

  /**
   * Installs Mailchimp for all users, connects it to the embedded sandbox's demo account with its
   * API key and saves the sync settings with `audience` as the target (which registers the
   * audience's webhooks). Answers the installation's id and the audience's id.
   */
  async connectMailchimp(audience: string): Promise<{ installationId: string; listId: string }> {
    const installation = await this.request<{ id: string }>('POST', '/marketplace/mailchimp/install', {
      scope: 'ALL_USERS',
      acceptTerms: true,
    });
    await this.request('POST', `/installations/${installation.id}/credentials`, {
      fields: { apiKey: SANDBOX_DEMO.apiKey },
    });
    const lists = await this.request<Array<{ listId: string; name: string }>>(
      'GET',
      `/installations/${installation.id}/lists`,
    );
    const list = lists.find((candidate) => candidate.name === audience);
    if (!list) throw new Error(`The sandbox's demo account has no audience ${audience}`);
    const settings = await this.request<Record<string, unknown>>(
      'GET',
      `/installations/${installation.id}/settings`,
    );
    await this.request('PUT', `/installations/${installation.id}/settings`, {
      ...settings,
      targetListId: list.listId,
    });
    return { installationId: installation.id, listId: list.listId };
  }

  /** Runs a full sync of the installation and waits for it to finish; answers the finished run. */
  async fullSync(installationId: string): Promise<{ status: string; counts: Record<string, number> }> {
    const run = await this.request<{ id: string }>('POST', `/installations/${installationId}/sync`, {
      kind: 'FULL',
    });
    return eventually(async () => {
      const current = await this.request<{ status: string; counts: Record<string, number> }>(
        'GET',
        `/runs/${run.id}`,
      );
      if (!['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(current.status))
        throw new Error(`run ${current.status}`);
      return current;
    }, 120_000);
  }
}

/** The embedded Mailchimp sandbox, as Mailchimp's users (Marketing API) and its subscribers (control API) reach it. */
export class MailchimpSandbox {
  constructor(private readonly baseUrl: string) {}

  /** `/3.0<path>` with the demo account's API key, as Mailchimp's users (and its web app) call it. */
  marketing<T>(path: string, method: 'GET' | 'POST' | 'PUT' = 'GET', json?: unknown): Promise<T> {
    const auth = Buffer.from(`crm:${SANDBOX_DEMO.apiKey}`).toString('base64');
    return call<T>(`${this.baseUrl}/sandbox/mailchimp/3.0${path}`, {
      method,
      json,
      headers: { Authorization: `Basic ${auth}` },
    });
  }

  /** The member of an audience with its status and tags, or null when the audience has no such address. */
  async member(
    listId: string,
    email: string,
  ): Promise<{ status: string; tags: Array<{ name: string }> } | null> {
    const hash = createHash('md5').update(email.toLowerCase()).digest('hex');
    try {
      return await this.marketing(`/lists/${listId}/members/${hash}`);
    } catch (error) {
      if (String(error).includes(': 404 ')) return null;
      throw error;
    }
  }

  /** The subscriber clicks the unsubscribe link of an email: the sandbox fires the list's webhooks. */
  unsubscribe(listId: string, email: string): Promise<unknown> {
    return call(
      `${this.baseUrl}/sandbox/mailchimp/_control/accounts/${SANDBOX_DEMO.accountId}/lists/${listId}/members/${encodeURIComponent(email)}/unsubscribe`,
      { method: 'POST', json: {} },
    );
  }
}
