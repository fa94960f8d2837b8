import { crmSubscriber } from '../testing/crm-subscriber';
import { listAdditionRefusal } from './list-addition';

const subscriber = crmSubscriber;

describe('listAdditionRefusal', () => {
  it('lets a valid, active marketing address of a record that did not opt out through', () => {
    expect(listAdditionRefusal(subscriber(), null)).toBeNull();
    expect(listAdditionRefusal(subscriber(), { vendorStatus: 'subscribed' })).toBeNull();
    expect(listAdditionRefusal(subscriber(), { vendorStatus: 'archived' })).toBeNull();
  });

  it.each([
    [{ email: 'not an address' }, 'not added: not a valid email address'],
    [{ useInMarketing: false }, 'not added: not used in marketing'],
    [{ optOut: true }, 'not added: record opted out'],
    [{ status: 'BOUNCED' as const }, 'not added: status BOUNCED'],
    [{ status: 'UNSUBSCRIBED_BY_USER' as const }, 'not added: status UNSUBSCRIBED_BY_USER'],
  ])('refuses %o', (changes, reason) => {
    expect(listAdditionRefusal(subscriber(changes), null)).toBe(reason);
  });

  it('never re-subscribes a member the list has as unsubscribed or cleaned', () => {
    expect(listAdditionRefusal(subscriber(), { vendorStatus: 'unsubscribed' })).toBe(
      'consent: unsubscribed in this list, not re-subscribed',
    );
    expect(listAdditionRefusal(subscriber(), { vendorStatus: 'cleaned' })).toBe(
      'consent: cleaned in this list, not re-subscribed',
    );
  });
});
