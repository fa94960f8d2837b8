import { mergeListedTags } from './vendor-catalog.service';

describe('mergeListedTags', () => {
  it('keeps one entry per kind and id, filling in the member count', () => {
    expect(
      mergeListedTags(
        [{ id: '1', name: 'VIP', kind: 'tag' }],
        [
          { id: '1', name: 'VIP', kind: 'tag', memberCount: 4 },
          { id: '2', name: 'Gmail', kind: 'segment', memberCount: 2 },
        ],
      ),
    ).toEqual([
      { id: '1', name: 'VIP', kind: 'tag', memberCount: 4 },
      { id: '2', name: 'Gmail', kind: 'segment', memberCount: 2 },
    ]);
  });
});
