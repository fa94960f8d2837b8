import { crmSubscriber } from '../testing/crm-subscriber';
import { INVALID_ADDRESS_RULE, planListMember } from './list-membership';
import { crmHashOf, FieldMap, type LinkState } from './sync-plan';

describe('planning a member of a list fed by saved views', () => {
  const map = new FieldMap([{ vendorField: 'FNAME', crmField: 'firstName', direction: 'BOTH' }]);
  const lead = crmSubscriber({ module: 'leads', email: 'ana@example.test' });
  const link = (changes: Partial<LinkState>): LinkState => ({
    emailAddressId: lead.emailAddressId,
    vendorId: 'v1',
    vendorStatus: 'subscribed',
    crmHash: null,
    vendorHash: null,
    ...changes,
  });

  it('adds a new address with its module, and leaves an unchanged member alone', () => {
    const added = planListMember(lead, null, map, 'subscribed');
    expect(added).toMatchObject({ action: 'ADD', rule: null });
    expect(added?.write).toMatchObject({
      email: 'ana@example.test',
      statusIfNew: 'subscribed',
      module: 'leads',
    });
    expect(planListMember(lead, link({ crmHash: added!.hash }), map, 'subscribed')).toMatchObject({
      action: 'UNCHANGED',
    });
  });

  it('never writes a member the list has as unsubscribed or cleaned again, not even its fields', () => {
    for (const vendorStatus of ['unsubscribed', 'cleaned'] as const) {
      const changed = planListMember(
        { ...lead, fields: { firstName: 'Anna' } },
        link({ vendorStatus }),
        map,
        'subscribed',
      );
      expect(changed).toEqual({
        action: 'SKIP',
        hash: expect.any(String),
        rule: `consent: ${vendorStatus} in this list, not re-subscribed`,
      });
      // Once its hash is kept, the next runs have nothing to say about it.
      expect(
        planListMember(lead, link({ vendorStatus, crmHash: crmHashOf(lead, map) }), map, 'subscribed'),
      ).toMatchObject({
        action: 'UNCHANGED',
      });
    }
  });

  it('brings an excluded member back once a view selects it again', () => {
    const back = planListMember(lead, link({ vendorStatus: 'archived' }), map, 'pending');
    expect(back).toMatchObject({ action: 'UPDATE', rule: 'back in the list: its views select it again' });
    expect(back?.write).toMatchObject({ statusIfNew: 'pending', module: 'leads', known: true });
    expect(back?.write?.status).toBeUndefined();
  });

  it('unsubscribes a member whose CRM address was closed, and keeps out one that never joined', () => {
    const closed = { ...lead, status: 'UNSUBSCRIBED_BY_USER' as const, optOut: true };
    expect(planListMember(closed, link({}), map, 'subscribed')?.write).toMatchObject({
      status: 'unsubscribed',
    });
    const never = planListMember(closed, null, map, 'subscribed');
    expect(never).toMatchObject({ action: 'SKIP', rule: 'not marketing: status UNSUBSCRIBED_BY_USER' });
    expect(never?.write).toBeUndefined();
  });

  it('has no plan for an address that is not one', () => {
    expect(planListMember({ ...lead, email: 'ana@@example' }, null, map, 'subscribed')).toBeNull();
    expect(INVALID_ADDRESS_RULE).toBe('not added: not a valid email address');
  });
});
