import type { SandboxContext } from '../context';
import { findMember, isForgotten, newMember } from '../members/member.model';
import { now, type SandboxAccount } from '../state';
import type { Customer, Store } from './ecommerce.model';

/**
 * A customer write also writes the store's audience, with Mailchimp's e-commerce consent rules:
 * a new contact is `subscribed` when the customer opted in and `transactional` otherwise; an
 * existing contact's status is never overwritten, except that a transactional one who now opts
 * in becomes subscribed. Opting out through e-commerce never unsubscribes anyone, and a
 * permanently deleted contact is not brought back.
 */
export function syncCustomerContact(
  context: SandboxContext,
  account: SandboxAccount,
  store: Store,
  customer: Customer,
  optIn: boolean,
): void {
  const list = account.lists[store.list_id];
  if (!list || isForgotten(list, customer.email_address)) return;
  const existing = findMember(list, customer.email_address);
  if (!existing) {
    const mergeFields: Record<string, unknown> = {};
    const tags = new Set(list.mergeFields.map((field) => field.tag));
    if (customer.first_name && tags.has('FNAME')) mergeFields.FNAME = customer.first_name;
    if (customer.last_name && tags.has('LNAME')) mergeFields.LNAME = customer.last_name;
    const member = newMember(account, list, {
      email: customer.email_address,
      status: optIn ? 'subscribed' : 'transactional',
      mergeFields,
    });
    if (optIn) context.emit({ type: 'subscribe', source: 'api', account, list, member });
    return;
  }
  if (optIn && existing.status === 'transactional') {
    const at = now();
    existing.status = 'subscribed';
    existing.statusSource = 'api';
    existing.timestamp_opt = at;
    existing.last_changed = at;
    context.emit({ type: 'subscribe', source: 'api', account, list, member: existing });
  }
}

/** The opt-in status answered for a customer: the contact's, when the audience has one. */
export function customerOptedIn(account: SandboxAccount, store: Store, customer: Customer): boolean {
  const list = account.lists[store.list_id];
  const member = list ? findMember(list, customer.email_address) : undefined;
  return member ? member.status === 'subscribed' : customer.opt_in_status;
}
