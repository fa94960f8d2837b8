import { base, en, Faker, it } from '@faker-js/faker';
import type { MailupContext } from '../context';
import type { AccountIdentity } from '../state';
import { RequestPacer } from './request-pacer';

/**
 * The MailUp account the embedded mode starts with, so a newcomer can connect and sync at once:
 * its credentials are fixed and public (it only ever exists in a local sandbox).
 */
export const MAILUP_DEMO_ACCOUNT: AccountIdentity = {
  accountId: 1000,
  company: 'CRM Connect Demo',
  user: { username: 'm1000', password: 'demo-sandbox', admin: true },
  oauthClient: { clientId: 'crm-connect-mailup-demo', clientSecret: 'crm-connect-mailup-demo-secret' },
};

const CITIES = ['Milano', 'Roma', 'Torino', 'Bologna', 'Napoli'];

/**
 * Calls the sandbox over HTTP as any client would (password grant, paced to 5 calls a second), so
 * every rule of the API applies to the demo too.
 */
class DemoClient {
  private readonly pacer = new RequestPacer();
  private token = '';

  constructor(
    private readonly baseUrl: string,
    private readonly username: string,
  ) {}

  async logOn(): Promise<void> {
    const { user, oauthClient } = MAILUP_DEMO_ACCOUNT;
    const answer = await this.call<{ access_token: string }>(
      `${this.baseUrl}/Authorization/OAuth/Token`,
      'POST',
      new URLSearchParams({
        grant_type: 'password',
        client_id: oauthClient.clientId,
        client_secret: oauthClient.clientSecret,
        username: user.username,
        password: user.password,
      }),
    );
    this.token = answer.access_token;
  }

  console<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return this.pacer.run(() =>
      this.call<T>(`${this.baseUrl}/API/v1.1/Rest/ConsoleService.svc/Console${path}`, method, body),
    );
  }

  control<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>(`${this.baseUrl}/_control/accounts/${this.username}${path}`, 'POST', body);
  }

  /** Polls an import until it has completed. */
  async imported(idImport: number): Promise<void> {
    for (;;) {
      const status = await this.console<{ Completed: boolean }>('GET', `/Import/${idImport}`);
      if (status.Completed) return;
    }
  }

  private async call<T>(url: string, method: string, body: unknown): Promise<T> {
    const form = body instanceof URLSearchParams;
    const response = await fetch(url, {
      method,
      headers: {
        'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : form ? body.toString() : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Demo seeding: ${method} ${url} answered ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/**
 * Fills the demo account: two lists ("Clienti" with a VIP group, "Prospect" with double opt-in),
 * recipients with their dynamic fields, some unsubscribed, bounced or pending, and three sent
 * newsletters with views, clicks, bounces and unsubscriptions. Deterministic
 * (fixed seed); skipped when the account exists already (e.g. kept in the data file).
 */
export async function seedDemoAccount(context: MailupContext): Promise<boolean> {
  if (context.state.account(MAILUP_DEMO_ACCOUNT.accountId)) return false;
  context.state.createAccount({ identity: structuredClone(MAILUP_DEMO_ACCOUNT) });
  const client = new DemoClient(context.baseUrl(), MAILUP_DEMO_ACCOUNT.user.username);
  const faker = new Faker({ locale: [it, en, base], seed: 2026 });
  const person = (domain: string) => {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const email = faker.internet
      .email({ firstName: first, lastName: last, provider: domain })
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '');
    return { first, last, email };
  };
  const item = (p: { first: string; last: string; email: string }, index: number) => ({
    Email: p.email,
    Name: `${p.first} ${p.last}`,
    Fields: [
      { Id: 1, Value: p.first },
      { Id: 2, Value: p.last },
      { Id: 4, Value: CITIES[index % CITIES.length] },
    ],
  });

  await client.control('/settings', { importDelayMs: 0 });
  const clienti = await client.control<{ idList: number }>('/lists', {
    name: 'Clienti',
    description: 'Clienti attivi',
  });
  const prospect = await client.control<{ idList: number }>('/lists', {
    name: 'Prospect',
    description: 'Contatti da qualificare (doppio opt-in)',
  });
  await client.logOn();
  const vip = await client.console<{ idGroup: number }>('POST', `/List/${clienti.idList}/Group`, {
    Name: 'VIP',
    Notes: 'Clienti con più ordini',
    Deletable: true,
  });

  const customers = Array.from({ length: 120 }, () => person('clienti.test'));
  await client.imported(
    await client.console<number>('POST', `/List/${clienti.idList}/Recipients`, customers.map(item)),
  );
  await client.imported(
    await client.console<number>(
      'POST',
      `/Group/${vip.idGroup}/Recipients`,
      customers.slice(0, 20).map(item),
    ),
  );
  const prospects = Array.from({ length: 60 }, () => person('prospect.test'));
  await client.imported(
    await client.console<number>(
      'POST',
      `/List/${prospect.idList}/Recipients?ConfirmEmail=true`,
      prospects.map(item),
    ),
  );

  // The outside world: confirmations, unsubscribes from an email's link, hard bounces.
  for (const p of prospects.slice(0, 35))
    await client.control('/recipients/confirm', { email: p.email, idList: prospect.idList });
  for (const c of customers.slice(100, 110))
    await client.control('/recipients/unsubscribe', { email: c.email, idList: clienti.idList });
  for (const c of customers.slice(110, 114)) await client.control('/recipients/bounce', { email: c.email });

  // Three newsletters sent to Clienti; some recipients open them, click, bounce or unsubscribe.
  const subjects = ['Novità di primavera', 'Offerte riservate ai clienti', 'Invito: porte aperte in negozio'];
  for (const [index, subject] of subjects.entries()) {
    const links = ['https://crm-connect.test/offerte', `https://crm-connect.test/blog/${index + 1}`];
    const { idMessage } = await client.control<{ idMessage: number }>('/messages', {
      idList: clienti.idList,
      subject,
      notes: `Newsletter n. ${index + 1}`,
      links,
    });
    await client.control(`/messages/${idMessage}/send`);
    const activity = (body: Record<string, unknown>) =>
      client.control(`/messages/${idMessage}/activity`, body);
    for (const c of customers.slice(0, 80)) {
      if (!faker.datatype.boolean(0.45)) continue;
      const clicked = faker.datatype.boolean(0.35);
      await activity({
        email: c.email,
        views: faker.number.int({ min: 1, max: 3 }),
        clicks: clicked
          ? [{ url: faker.helpers.arrayElement(links), count: faker.number.int({ min: 1, max: 2 }) }]
          : [],
      });
    }
    await activity({ email: customers[90 + index].email, unsubscribe: true });
    await activity({ email: customers[95 + index].email, bounce: true });
  }
  await client.control('/settings', { importDelayMs: 300 });
  context.changed();
  return true;
}
