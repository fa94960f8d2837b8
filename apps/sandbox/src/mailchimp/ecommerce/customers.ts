import type { SandboxContext } from '../context';
import { BodyReader, presentStrings } from '../http/body-reader';
import { now, type SandboxAccount } from '../state';
import { customerOptedIn, syncCustomerContact } from './customer-contact';
import { readEmail } from './ecommerce-input';
import { customerSpending, type Customer, type EcommerceAddress, type Store } from './ecommerce.model';

export interface CustomerInput {
  id?: string;
  email_address?: string;
  opt_in_status?: boolean;
  company?: string;
  first_name?: string;
  last_name?: string;
  address?: EcommerceAddress;
}

/** Customer ids are the store's own, at most 50 characters. */
export const CUSTOMER_ID_MAX = 50;

/**
 * A customer in a request body (also nested in carts). Creating one needs its id, email address
 * and opt-in status; an update (or a cart naming a known customer) may carry any subset.
 */
export function readCustomerInput(reader: BodyReader, creating: boolean): CustomerInput {
  const input: CustomerInput = {
    ...presentStrings(reader, ['company', 'first_name', 'last_name'] as const),
    id: reader.string('id', creating, CUSTOMER_ID_MAX),
    email_address: readEmail(
      reader,
      'email_address',
      creating,
      'An email address is required to create a customer.',
    ),
    opt_in_status: reader.boolean('opt_in_status', creating),
  };
  const address = reader.record('address');
  if (address) input.address = address as EcommerceAddress;
  return input;
}

/** Creates or updates the customer, then its contact in the store's audience. */
export function writeCustomer(
  context: SandboxContext,
  account: SandboxAccount,
  store: Store,
  existing: Customer | undefined,
  input: CustomerInput,
): Customer {
  const at = now();
  const customer: Customer = existing ?? {
    id: input.id!,
    email_address: input.email_address!,
    opt_in_status: false,
    company: '',
    first_name: '',
    last_name: '',
    created_at: at,
    updated_at: at,
  };
  for (const key of ['email_address', 'company', 'first_name', 'last_name'] as const)
    if (input[key] !== undefined) customer[key] = input[key];
  if (input.address) customer.address = input.address;
  if (input.opt_in_status !== undefined) customer.opt_in_status = input.opt_in_status;
  customer.updated_at = at;
  store.customers[customer.id] = customer;
  syncCustomerContact(context, account, store, customer, input.opt_in_status ?? false);
  return customer;
}

export function customerView(account: SandboxAccount, store: Store, customer: Customer) {
  const spending = customerSpending(store, customer.id);
  return {
    id: customer.id,
    email_address: customer.email_address,
    opt_in_status: customerOptedIn(account, store, customer),
    company: customer.company,
    first_name: customer.first_name,
    last_name: customer.last_name,
    orders_count: spending.orders,
    total_spent: spending.spent,
    ...(customer.address ? { address: customer.address } : {}),
    created_at: customer.created_at,
    updated_at: customer.updated_at,
    _links: [],
  };
}
