import { base, en, es, Faker } from '@faker-js/faker';
import type { SandboxContext } from '../context';
import type { SandboxAccount } from '../state';

/**
 * The account the embedded mode starts with, so a newcomer can authorize and sync at once: its
 * credentials are fixed and public (it only ever exists in a local sandbox).
 */
export const DEMO_ACCOUNT: Pick<SandboxAccount, 'id' | 'apiKey' | 'login' | 'oauthClient' | 'name'> = {
  id: 'demo',
  name: 'Demo (sandbox)',
  apiKey: '00000000000000000000000000000000-us1',
  login: { username: 'demo', password: 'demo-sandbox', email: 'demo@sandbox.test' },
  oauthClient: { clientId: 'crm-connect-demo', clientSecret: 'crm-connect-demo-secret' },
};

const ZONES = ['Norte', 'Sur', 'Este', 'Oeste', 'Centro'];

/** Calls the sandbox over HTTP, as any client would, so every rule of the API applies to the demo too. */
class DemoClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly accountId: string,
  ) {}

  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    return this.call(`${this.baseUrl}/3.0${path}`, method, body, {
      authorization: `Basic ${Buffer.from(`demo:${this.apiKey}`).toString('base64')}`,
    });
  }

  control<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    return this.call(`${this.baseUrl}/_control/accounts/${this.accountId}${path}`, 'POST', body, {});
  }

  private async call<T>(
    url: string,
    method: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<T> {
    const response = await fetch(url, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Demo seeding: ${method} ${url} answered ${response.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

const audience = (name: string, doubleOptIn: boolean) => ({
  name,
  contact: {
    company: 'CRM Connect Demo',
    address1: 'Calle Mayor 1',
    city: 'Madrid',
    state: 'Madrid',
    zip: '28013',
    country: 'ES',
  },
  permission_reminder: 'Recibes este correo porque te registraste en nuestra web.',
  campaign_defaults: {
    from_name: 'CRM Connect Demo',
    from_email: 'news@crm-connect.test',
    subject: 'Novedades',
    language: 'es',
  },
  email_type_option: false,
  double_optin: doubleOptIn,
});

/**
 * Fills the demo account: two audiences with merge fields, a few hundred members in every status,
 * sent campaigns with their activity, and a store with abandoned carts. Deterministic (fixed
 * seeds); skipped when the account exists already (e.g. kept in the data file).
 */
export async function seedDemoAccount(context: SandboxContext): Promise<boolean> {
  if (context.state.account(DEMO_ACCOUNT.id)) return false;
  const account = context.state.createAccount({ name: DEMO_ACCOUNT.name, identity: DEMO_ACCOUNT });
  const client = new DemoClient(context.baseUrl(), account.apiKey, account.id);
  const faker = new Faker({ locale: [es, en, base], seed: 2026 });
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

  const clientes = await client.api<{ id: string }>('POST', '/lists', audience('Clientes', false));
  const prospectos = await client.api<{ id: string }>('POST', '/lists', audience('Prospectos', true));
  await client.api('POST', `/lists/${clientes.id}/merge-fields`, {
    name: 'Zona',
    tag: 'ZONA',
    type: 'dropdown',
    options: { choices: ZONES },
  });
  await client.api('POST', `/lists/${clientes.id}/merge-fields`, {
    name: 'Sector',
    tag: 'SECTOR',
    type: 'text',
  });
  await client.api('POST', `/lists/${prospectos.id}/merge-fields`, {
    name: 'Origen',
    tag: 'ORIGEN',
    type: 'text',
  });

  const customers = Array.from({ length: 220 }, () => person('clientes.test'));
  await client.api('POST', `/lists/${clientes.id}`, {
    update_existing: true,
    members: customers.map((c, index) => ({
      email_address: c.email,
      status: index % 20 === 19 ? 'transactional' : 'subscribed',
      merge_fields: {
        FNAME: c.first,
        LNAME: c.last,
        ZONA: ZONES[index % ZONES.length],
        SECTOR: faker.commerce.department(),
      },
    })),
  });
  const prospects = Array.from({ length: 100 }, () => person('prospectos.test'));
  await client.api('POST', `/lists/${prospectos.id}`, {
    update_existing: true,
    members: prospects.map((p) => ({
      email_address: p.email,
      status: 'pending',
      merge_fields: {
        FNAME: p.first,
        LNAME: p.last,
        ORIGEN: faker.helpers.arrayElement(['Web', 'Feria', 'Referido']),
      },
    })),
  });
  // The outside world: confirmations, unsubscribes from the email link, bounces, archived contacts.
  const members = (listId: string, email: string) => `/lists/${listId}/members/${encodeURIComponent(email)}`;
  for (const p of prospects.slice(0, 70)) await client.control(`${members(prospectos.id, p.email)}/confirm`);
  for (const c of customers.slice(0, 12))
    await client.control(`${members(clientes.id, c.email)}/unsubscribe`, { reason: 'No longer interested' });
  for (const c of customers.slice(12, 20))
    await client.control(`${members(clientes.id, c.email)}/bounce`, { reason: 'hard' });
  for (const c of customers.slice(20, 25)) await client.api('DELETE', members(clientes.id, c.email));
  await client.api('POST', `/lists/${clientes.id}/segments`, {
    name: 'VIP',
    static_segment: customers.slice(25, 60).map((c) => c.email),
  });

  const subjects = ['Novedades de otoño', 'Ofertas para clientes', 'Invitación: jornada de puertas abiertas'];
  for (const [index, subject] of subjects.entries()) {
    const campaign = await client.api<{ id: string }>('POST', '/campaigns', {
      type: 'regular',
      recipients: { list_id: clientes.id },
      settings: {
        subject_line: subject,
        title: subject,
        from_name: 'CRM Connect Demo',
        reply_to: 'news@crm-connect.test',
      },
    });
    await client.api('PUT', `/campaigns/${campaign.id}/content`, {
      html:
        `<h1>${subject}</h1><p><a href="https://crm-connect.test/ofertas">Ver ofertas</a> · ` +
        `<a href="https://crm-connect.test/blog/${index + 1}">Leer más</a></p>`,
    });
    await client.api('POST', `/campaigns/${campaign.id}/actions/send`);
    await client.control(`/campaigns/${campaign.id}/deliver`, { seed: 100 + index });
  }

  await client.api('POST', '/ecommerce/stores', {
    id: 'demo-store',
    list_id: clientes.id,
    name: 'Tienda demo',
    currency_code: 'EUR',
    domain: 'tienda.crm-connect.test',
  });
  const products = ['Cuaderno', 'Bolígrafo', 'Mochila'];
  for (const [index, title] of products.entries())
    await client.api('POST', '/ecommerce/stores/demo-store/products', {
      id: `p-${index + 1}`,
      title,
      variants: [{ id: `p-${index + 1}-v1`, title, price: 5 + index * 10 }],
    });
  for (const c of customers.slice(60, 66))
    await client.control('/stores/demo-store/abandoned-carts', {
      email_address: c.email,
      opt_in_status: true,
      lines: [
        { product_id: 'p-1', quantity: 2 },
        { product_id: 'p-3', quantity: 1 },
      ],
    });
  context.changed();
  return true;
}
