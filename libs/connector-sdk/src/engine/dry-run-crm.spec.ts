import { crmSubscriber } from '../testing/crm-subscriber';
import { DryRunCrm } from './dry-run-crm';

/** One fixed time, so two builds of the same address are equal. */
const UPDATED_AT = new Date('2026-01-15T10:00:00Z');

const address = (id: string, module: 'contacts' | 'leads' = 'contacts') =>
  crmSubscriber({
    emailAddressId: id,
    recordId: `r-${id}`,
    email: `${id}@example.test`,
    module,
    updatedAt: UPDATED_AT,
  });

/** Reads a module the way the push does: pages of `limit` after the last id, merged with the created. */
function readAll(crm: DryRunCrm, stored: string[], limit: number, module: 'contacts' | 'leads' = 'contacts') {
  const read: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = stored
      .filter((id) => after === undefined || id > after)
      .slice(0, limit)
      .map((id) => address(id));
    const merged = crm.mergeCreated(module, page, after, limit);
    if (merged.length === 0) return read;
    read.push(...merged.map((s) => s.emailAddressId));
    if (merged.length < limit) return read;
    after = merged[merged.length - 1].emailAddressId;
  }
}

describe('DryRunCrm', () => {
  it('reads every created address once, in id order among the stored ones, whatever the page size', () => {
    const crm = new DryRunCrm();
    for (const id of ['a5', 'b1', 'c9', 'c0']) crm.create(address(id));
    crm.create(address('b2', 'leads'));
    const stored = ['a1', 'a9', 'b0', 'b5', 'c1', 'c2'];
    const all = [...stored, 'a5', 'b1', 'c9', 'c0'].sort();
    for (const limit of [1, 2, 3, 4, 100]) expect(readAll(crm, stored, limit)).toEqual(all);
    expect(readAll(crm, [], 2)).toEqual(['a5', 'b1', 'c0', 'c9']);
    expect(readAll(crm, [], 2, 'leads')).toEqual(['b2']);
  });

  it('finds a created record by its email, and knows its made-up record id', () => {
    const crm = new DryRunCrm();
    const created = address('n1');
    crm.create(created);
    const stored = address('s1');
    expect(crm.withCreated('N1@Example.test ', [])).toEqual([created]);
    expect(crm.withCreated('s1@example.test', [stored])).toEqual([stored]);
    expect(crm.isCreated('r-n1')).toBe(true);
    expect(crm.isCreated('r-s1')).toBe(false);
    expect(crm.isCreated(null)).toBe(false);
  });

  it('shows an address with the changes the run would have made to it', () => {
    const crm = new DryRunCrm();
    const subscriber = address('s1');
    crm.change(subscriber, { fields: { firstName: 'Bea' }, status: 'UNSUBSCRIBED_BY_USER', optOut: true });
    expect(crm.apply(subscriber)).toMatchObject({
      emailAddressId: 's1',
      fields: { firstName: 'Bea' },
      status: 'UNSUBSCRIBED_BY_USER',
      optOut: true,
    });
    expect(crm.apply(address('s2'))).toEqual(address('s2'));
  });
});
