import { wholeSecond } from './member-reads';

describe('since_last_changed of the sweep', () => {
  it('is cut to the second, so a change in the cursor’s own second is read (last_changed has no milliseconds)', () => {
    expect(wholeSecond(new Date('2026-03-01T12:00:00.918Z'))).toBe('2026-03-01T12:00:00+00:00');
    expect(wholeSecond(new Date('2026-03-01T12:00:00.000Z'))).toBe('2026-03-01T12:00:00+00:00');
    // A member changed at 12:00:00.400 reads back as 12:00:00, not before the cursor.
    expect(Date.parse(wholeSecond(new Date('2026-03-01T12:00:00.918Z')))).toBeLessThanOrEqual(
      Date.parse('2026-03-01T12:00:00+00:00'),
    );
  });
});
