import type { MemberStatus } from '../contract/vendor-records';
import type { CrmPerson } from '../engine/crm-sync.port';
import { addressOutcome, RecipientPlan, SAMPLES_PER_REASON, usableEmails } from './recipient-plan';

type Address = CrmPerson['emails'][number];

const address = (email: string, changes: Partial<Address> = {}): Address => ({
  emailAddressId: `id-${email}`,
  email,
  useInMarketing: true,
  status: 'ACTIVE',
  ...changes,
});

const person = (id: string, emails: Address[], changes: Partial<CrmPerson> = {}): CrmPerson => ({
  recordId: id,
  name: `Person ${id}`,
  optOut: false,
  emails,
  ...changes,
});

const statuses = (entries: Record<string, MemberStatus>) => (email: string) => entries[email];

describe('one address', () => {
  const ana = person('1', []);

  it('is sent to only when the audience has it subscribed and the CRM holds nothing against it', () => {
    expect(addressOutcome(ana, address('a@x.test'), 'subscribed')).toBe('send');
    expect(addressOutcome(ana, address('a@x.test'), undefined)).toBe('notInAudience');
    expect(addressOutcome(ana, address('a@x.test'), 'archived')).toBe('notInAudience');
    expect(addressOutcome(ana, address('a@x.test'), 'transactional')).toBe('notInAudience');
  });

  it('takes the audience’s unsubscribed, cleaned and pending as they are', () => {
    expect(addressOutcome(ana, address('a@x.test'), 'unsubscribed')).toBe('unsubscribed');
    expect(addressOutcome(ana, address('a@x.test'), 'cleaned')).toBe('cleaned');
    expect(addressOutcome(ana, address('a@x.test'), 'pending')).toBe('pending');
  });

  it('lets the CRM’s consent outrank a subscribed member: opt-out, unsubscribed or bounced address', () => {
    expect(addressOutcome(person('2', [], { optOut: true }), address('a@x.test'), 'subscribed')).toBe(
      'unsubscribed',
    );
    const byUser = address('a@x.test', { status: 'UNSUBSCRIBED_BY_USER' });
    expect(addressOutcome(ana, byUser, 'subscribed')).toBe('unsubscribed');
    expect(addressOutcome(ana, byUser, undefined)).toBe('unsubscribed');
    expect(addressOutcome(ana, address('a@x.test', { status: 'BOUNCED' }), 'subscribed')).toBe('cleaned');
  });

  it('is no usable email when it is not for marketing or not an address at all', () => {
    expect(addressOutcome(ana, address('a@x.test', { useInMarketing: false }), 'subscribed')).toBe('noEmail');
    expect(addressOutcome(ana, address('not-an-address'), 'subscribed')).toBe('noEmail');
    expect(
      usableEmails(person('3', [address('a@x.test'), address('b@x.test', { useInMarketing: false })])),
    ).toEqual(['a@x.test']);
  });
});

describe('a plan over people', () => {
  it('counts each person once: a recipient when any address can be sent to, else under their best reason', () => {
    const plan = new RecipientPlan();
    const status = statuses({
      'two@x.test': 'subscribed',
      'two.b@x.test': 'subscribed',
      'mixed.unsub@x.test': 'unsubscribed',
      'mixed.pending@x.test': 'pending',
      'shared@x.test': 'subscribed',
      'gone@x.test': 'cleaned',
    });
    plan.add(person('two', [address('two@x.test'), address('two.b@x.test')]), status);
    plan.add(person('mixed', [address('mixed.unsub@x.test'), address('mixed.pending@x.test')]), status);
    plan.add(person('shared-1', [address('shared@x.test')]), status);
    plan.add(person('shared-2', [address('shared@x.test')]), status);
    plan.add(person('gone', [address('gone@x.test')]), status);
    plan.add(person('none', []), status);
    plan.add(person('off', [address('off@x.test', { useInMarketing: false })]), status);

    const summary = plan.summary();
    expect(summary).toMatchObject({
      people: 7,
      recipients: 3,
      members: 3,
      excluded: { pending: 1, notInAudience: 0, unsubscribed: 0, cleaned: 1, noEmail: 2 },
    });
    expect(plan.emails).toEqual(['shared@x.test', 'two.b@x.test', 'two@x.test']);
    expect(summary.samples.pending).toEqual([
      { recordId: 'mixed', name: 'Person mixed', email: 'mixed.pending@x.test' },
    ]);
    expect(summary.samples.noEmail).toEqual([
      { recordId: 'none', name: 'Person none', email: null },
      { recordId: 'off', name: 'Person off', email: 'off@x.test' },
    ]);
  });

  it(`keeps at most ${SAMPLES_PER_REASON} samples per reason but counts them all`, () => {
    const plan = new RecipientPlan();
    for (let i = 0; i < SAMPLES_PER_REASON + 3; i++)
      plan.add(person(`p${i}`, [address(`p${i}@x.test`)]), () => undefined);
    const summary = plan.summary();
    expect(summary.excluded.notInAudience).toBe(SAMPLES_PER_REASON + 3);
    expect(summary.samples.notInAudience).toHaveLength(SAMPLES_PER_REASON);
    expect(plan.totals).not.toHaveProperty('samples');
  });
});
