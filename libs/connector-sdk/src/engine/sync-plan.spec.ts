import { crmSubscriber } from '../testing/crm-subscriber';
import { canonicalJson, contentHash } from './content-hash';
import type { CrmSubscriber } from './crm-sync.port';
import { consentChange, crmHashOf, FieldMap, fieldDiff, LinkState, planPush } from './sync-plan';

const map = new FieldMap([
  { vendorField: 'EMAIL', crmField: 'email', direction: 'BOTH' },
  { vendorField: 'FNAME', crmField: 'firstName', direction: 'BOTH' },
  { vendorField: 'LNAME', crmField: 'lastName', direction: 'BOTH' },
  { vendorField: 'ZONE', crmField: 'organization.zone', direction: 'BOTH' },
  { vendorField: 'SCORE', crmField: 'custom.score', direction: 'TO_CRM' },
]);

const subscriber = (changes: Partial<CrmSubscriber> = {}): CrmSubscriber =>
  crmSubscriber({
    fields: { firstName: 'Ana', lastName: 'García', 'organization.zone': 'Norte' },
    tags: ['vip'],
    ...changes,
  });

const link = (changes: Partial<LinkState> = {}): LinkState => ({
  emailAddressId: 'e1',
  vendorId: 'v1',
  vendorStatus: 'subscribed',
  crmHash: null,
  vendorHash: null,
  ...changes,
});

describe('content hash', () => {
  it('does not depend on key order, and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":1}]},"b":1}',
    );
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: '1' }));
  });
});

describe('planPush', () => {
  it('adds a new eligible address with its mapped fields and tags, never a blind status', () => {
    const plan = planPush(subscriber(), null, map, 'subscribed');
    expect(plan).toMatchObject({ action: 'ADD', rule: null });
    expect(plan.write).toEqual({
      email: 'ana@example.test',
      statusIfNew: 'subscribed',
      fields: { FNAME: 'Ana', LNAME: 'García', ZONE: 'Norte' },
      tags: { add: ['vip'], remove: [] },
    });
  });

  it('writes nothing when the content hash matches the last push', () => {
    const first = planPush(subscriber(), null, map, 'subscribed');
    expect(planPush(subscriber(), link({ crmHash: first.hash }), map, 'subscribed')).toMatchObject({
      action: 'UNCHANGED',
    });
    expect(
      planPush(
        subscriber({ fields: { firstName: 'Anita' } }),
        link({ crmHash: first.hash }),
        map,
        'subscribed',
      ).action,
    ).toBe('UPDATE');
  });

  it('skips addresses not for marketing, with the reason', () => {
    expect(planPush(subscriber({ useInMarketing: false }), null, map, 'subscribed')).toMatchObject({
      action: 'SKIP',
      rule: 'not marketing: not used in marketing',
    });
    expect(planPush(subscriber({ status: 'BOUNCED' }), null, map, 'subscribed').rule).toBe(
      'not marketing: status BOUNCED',
    );
  });

  it('removes a member only no longer used in marketing, when the connector can, and only once', () => {
    const off = subscriber({ useInMarketing: false });
    expect(planPush(off, link(), map, 'subscribed', true)).toMatchObject({
      action: 'REMOVE',
      rule: 'removed: not used in marketing',
    });
    expect(planPush(off, link({ vendorStatus: 'pending' }), map, 'subscribed', true).action).toBe('REMOVE');
    expect(planPush(off, link(), map, 'subscribed', false).action).toBe('SKIP');
    for (const vendorStatus of ['archived', 'unsubscribed', 'cleaned'] as const)
      expect(planPush(off, link({ vendorStatus }), map, 'subscribed', true).action).toBe('SKIP');
    // An opt-out is an explicit unsubscribe, never a removal.
    expect(
      planPush(subscriber({ useInMarketing: false, optOut: true }), link(), map, 'subscribed', true).action,
    ).toBe('UNSUBSCRIBE');
  });

  it('unsubscribes at the vendor what the CRM opted out, when the vendor has it subscribed', () => {
    const plan = planPush(subscriber({ optOut: true }), link(), map, 'subscribed');
    expect(plan.action).toBe('UNSUBSCRIBE');
    expect(plan.write?.status).toBe('unsubscribed');
    expect(
      planPush(subscriber({ optOut: true }), link({ vendorStatus: 'unsubscribed' }), map, 'subscribed')
        .action,
    ).toBe('SKIP');
  });

  it('sends only fields, never a status, to a member the vendor has as unsubscribed or cleaned', () => {
    for (const vendorStatus of ['unsubscribed', 'cleaned'] as const) {
      const plan = planPush(subscriber(), link({ vendorStatus }), map, 'subscribed');
      expect(plan.action).toBe('UPDATE');
      expect(plan.write?.status).toBeUndefined();
      expect(plan.rule).toBe(`consent: ${vendorStatus} at the vendor, fields only`);
    }
  });

  it('removes the tags the CRM dropped since the last push, as a tag change when nothing else changed', () => {
    const sent = planPush(subscriber({ tags: ['news', 'vip'] }), null, map, 'subscribed');
    const after = link({ crmHash: sent.hash, sentTags: ['news', 'vip'] });
    expect(planPush(subscriber(), after, map, 'subscribed')).toMatchObject({
      action: 'TAGS',
      write: { tags: { add: ['vip'], remove: ['news'] } },
    });
    const renamed = subscriber({ fields: { firstName: 'Anita' } });
    expect(planPush(renamed, after, map, 'subscribed')).toMatchObject({
      action: 'UPDATE',
      write: { tags: { add: ['vip'], remove: ['news'] } },
    });
    // Without a record of what was sent, nothing is removed (a vendor's own tags are not ours).
    expect(planPush(subscriber(), link({ crmHash: sent.hash }), map, 'subscribed').write?.tags).toEqual({
      add: ['vip'],
      remove: [],
    });
  });

  it('asks for double opt-in on lists that require it', () => {
    expect(planPush(subscriber(), null, map, 'pending').write?.statusIfNew).toBe('pending');
  });
});

describe('pull rules', () => {
  it('maps vendor fields to CRM fields the subscriber owns (not read-through ones)', () => {
    expect(map.toCrm({ FNAME: 'Ana', ZONE: 'Sur', SCORE: 7, OTHER: 1 })).toEqual({
      firstName: 'Ana',
      'custom.score': 7,
    });
  });

  it('recognises its own write: the predicted vendor hash equals the one read back', () => {
    const pushOnly = new FieldMap([{ vendorField: 'FNAME', crmField: 'firstName', direction: 'BOTH' }]);
    expect(pushOnly.predictedVendorHash({ FNAME: 'Ana' }, 'subscribed')).toBe(
      pushOnly.vendorHash({ FNAME: 'Ana', X: 1 }, 'subscribed'),
    );
    // A field only read back cannot be predicted from what was sent.
    expect(map.predictedVendorHash({ FNAME: 'Ana', LNAME: 'G', ZONE: null }, 'subscribed')).toBeNull();
  });

  it('diffs values, treating empty as absent and never erasing a CRM value with a blank', () => {
    expect(
      fieldDiff(
        { firstName: 'Ana', lastName: '', title: 'Dr' },
        { firstName: 'Ana', lastName: 'García', title: null },
      ),
    ).toEqual({
      title: 'Dr',
    });
  });

  it('follows vendor unsubscribes and cleans, and lifts a CRM block only on an observed re-opt-in', () => {
    expect(consentChange('unsubscribed', 'subscribed', 'ACTIVE')).toMatchObject({
      status: 'UNSUBSCRIBED_BY_USER',
      action: 'UNSUBSCRIBE',
    });
    expect(consentChange('cleaned', 'subscribed', 'ACTIVE')).toMatchObject({ status: 'BOUNCED' });
    expect(consentChange('subscribed', 'subscribed', 'UNSUBSCRIBED_BY_USER')).toBeNull();
    expect(consentChange('subscribed', null, 'UNSUBSCRIBED_BY_USER')).toBeNull();
    expect(consentChange('pending', 'unsubscribed', 'UNSUBSCRIBED_BY_USER')).toBeNull();
    expect(consentChange('subscribed', 'pending', 'UNSUBSCRIBED_BY_USER')).toMatchObject({
      status: 'ACTIVE',
      action: 'RESUBSCRIBE',
    });
    expect(consentChange('subscribed', 'pending', 'UNSUBSCRIBED_BY_US')).toBeNull();
  });

  it('hashes the CRM side the way the push does', () => {
    expect(crmHashOf(subscriber(), map)).toBe(planPush(subscriber(), null, map, 'subscribed').hash);
  });
});
