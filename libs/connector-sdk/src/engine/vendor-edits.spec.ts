import { crmSubscriber } from '../testing/crm-subscriber';
import { FieldMap, planPush } from './sync-plan';
import { editedAtVendor } from './vendor-edits';

const map = new FieldMap([
  { vendorField: 'EMAIL', crmField: 'email', direction: 'BOTH' },
  { vendorField: 'FNAME', crmField: 'firstName', direction: 'BOTH' },
  { vendorField: 'NATION', crmField: 'custom.nation', direction: 'TO_VENDOR' },
]);

/** The link and member a push of this subscriber leaves behind. */
function pushed(fields: Record<string, unknown>) {
  const subscriber = crmSubscriber({ fields });
  const decision = planPush(subscriber, null, map, 'subscribed');
  const link = {
    crmHash: decision.hash,
    sentTags: decision.write?.tags?.add ?? [],
    vendorStatus: 'subscribed' as const,
  };
  return { link, member: { fields: { ...decision.write!.fields }, status: 'subscribed' as const } };
}

describe('editedAtVendor', () => {
  it('sees nothing while the vendor holds what the push sent, whatever it shows for empty values', () => {
    const { link, member } = pushed({ firstName: 'Ana', 'custom.nation': 'Italia' });
    expect(editedAtVendor(link, member, map)).toBe(false);
    const blank = pushed({ firstName: 'Ana' });
    expect(editedAtVendor(blank.link, { ...blank.member, fields: { FNAME: 'Ana', NATION: '' } }, map)).toBe(
      false,
    );
  });

  it('sees a pushed field the vendor changed, one-way (TO_VENDOR) fields included', () => {
    const { link, member } = pushed({ firstName: 'Ana', 'custom.nation': 'Italia' });
    expect(editedAtVendor(link, { ...member, fields: { ...member.fields, NATION: 'San Marino' } }, map)).toBe(
      true,
    );
    expect(editedAtVendor(link, { ...member, fields: { ...member.fields, FNAME: 'Anna' } }, map)).toBe(true);
  });

  it('ignores fields nobody maps, and members off the list or never written by a push', () => {
    const { link, member } = pushed({ firstName: 'Ana', 'custom.nation': 'Italia' });
    expect(editedAtVendor(link, { ...member, fields: { ...member.fields, NOTES: 'vip' } }, map)).toBe(false);
    const edited = { ...member, fields: { ...member.fields, NATION: 'San Marino' } };
    expect(editedAtVendor(link, { ...edited, status: 'unsubscribed' }, map)).toBe(false);
    expect(editedAtVendor({ ...link, vendorStatus: 'archived' }, edited, map)).toBe(false);
    expect(editedAtVendor({ ...link, sentTags: null }, edited, map)).toBe(false);
  });
});
