import { BodyReader, presentStrings } from '../http/body-reader';
import { MailchimpProblem } from '../http/problem';
import { now, type SandboxAccount } from '../state';
import { readCurrency } from './ecommerce-input';
import { storesOf, type EcommerceAddress, type Store } from './ecommerce.model';

const STORE_TEXT = [
  'platform',
  'domain',
  'email_address',
  'money_format',
  'primary_locale',
  'timezone',
  'phone',
] as const;

export type StoreInput = Partial<
  Pick<Store, (typeof STORE_TEXT)[number] | 'id' | 'name' | 'list_id' | 'currency_code' | 'is_syncing'>
> & {
  address?: EcommerceAddress;
};

/** A store body: creating needs id, list_id (an existing audience), name and currency_code. */
export function readStoreInput(account: SandboxAccount, body: unknown, existing?: Store): StoreInput {
  const reader = BodyReader.of(body);
  const creating = !existing;
  const input: StoreInput = {
    ...presentStrings(reader, STORE_TEXT),
    id: creating ? reader.string('id', true) : undefined,
    name: reader.string('name', creating),
    list_id: reader.string('list_id', creating),
    currency_code: readCurrency(reader, creating),
    is_syncing: reader.boolean('is_syncing'),
  };
  const address = reader.record('address');
  if (address) input.address = address as EcommerceAddress;
  reader.done();
  if (existing && input.list_id !== undefined && input.list_id !== existing.list_id)
    throw MailchimpProblem.field('list_id', "A store's list_id cannot be changed.");
  if (creating && input.list_id && !account.lists[input.list_id])
    throw MailchimpProblem.field('list_id', 'A list with the provided ID does not exist.');
  return input;
}

/** Two stores of an account may not share a domain (Mailchimp ties site scripts to it). */
function requireFreeDomain(account: SandboxAccount, domain: string | undefined, storeId: string): void {
  if (!domain) return;
  const taken = Object.values(storesOf(account)).some(
    (store) => store.domain === domain && store.id !== storeId,
  );
  if (taken)
    throw new MailchimpProblem(
      400,
      'Bad Request',
      `We were unable to process the request. A store with the domain ${domain} already exists in the account.`,
    );
}

export function writeStore(account: SandboxAccount, existing: Store | undefined, input: StoreInput): Store {
  const at = now();
  const store: Store = existing ?? {
    id: input.id!,
    list_id: input.list_id!,
    name: '',
    platform: '',
    domain: '',
    is_syncing: false,
    email_address: '',
    currency_code: input.currency_code!,
    money_format: '',
    primary_locale: '',
    timezone: '',
    phone: '',
    created_at: at,
    updated_at: at,
    customers: {},
    products: {},
    carts: {},
    orders: {},
  };
  requireFreeDomain(account, input.domain, store.id);
  for (const key of [...STORE_TEXT, 'name', 'currency_code', 'is_syncing', 'address'] as const)
    if (input[key] !== undefined) (store as unknown as Record<string, unknown>)[key] = input[key];
  store.updated_at = at;
  storesOf(account)[store.id] = store;
  return store;
}

export function storeView(account: SandboxAccount, store: Store) {
  return {
    id: store.id,
    list_id: store.list_id,
    name: store.name,
    platform: store.platform,
    domain: store.domain,
    is_syncing: store.is_syncing,
    email_address: store.email_address,
    currency_code: store.currency_code,
    money_format: store.money_format,
    primary_locale: store.primary_locale,
    timezone: store.timezone,
    phone: store.phone,
    address: store.address ?? {},
    list_is_active: account.lists[store.list_id] !== undefined,
    created_at: store.created_at,
    updated_at: store.updated_at,
    _links: [],
  };
}
