import { clickerRows } from './link-clickers';

describe('link clickers', () => {
  it('keeps one row per record: the first address and the clicks of every address', () => {
    expect(
      clickerRows([
        { module: 'contacts', recordId: 'c1', email: ' Ana@Example.test ', clicks: 2 },
        { module: 'leads', recordId: 'c1', email: 'ana@example.test', clicks: 1 },
        { module: 'contacts', recordId: 'c1', email: 'ana.work@example.test', clicks: 3 },
        { module: 'organizations', recordId: 'o1', email: 'info@acme.test', clicks: 1 },
      ]),
    ).toEqual([
      { module: 'contacts', recordId: 'c1', email: 'ana@example.test', clicks: 5 },
      { module: 'leads', recordId: 'c1', email: 'ana@example.test', clicks: 1 },
      { module: 'organizations', recordId: 'o1', email: 'info@acme.test', clicks: 1 },
    ]);
  });

  it('stores counts as an int column holds them: invalid ones as 0, huge ones capped', () => {
    const rows = clickerRows([
      { module: 'leads', recordId: 'l1', email: 'a@b.test', clicks: Number.NaN },
      { module: 'leads', recordId: 'l2', email: 'c@d.test', clicks: -4 },
      { module: 'leads', recordId: 'l3', email: 'e@f.test', clicks: 2 ** 40 },
      { module: 'leads', recordId: 'l3', email: 'e@f.test', clicks: 2 ** 40 },
    ]);
    expect(rows.map((row) => row.clicks)).toEqual([0, 0, 2_147_483_647]);
  });
});
