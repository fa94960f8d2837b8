import { timeOrderedId } from './time-ordered-id';

describe('timeOrderedId', () => {
  it('is a version 7 UUID that carries its millisecond time first', () => {
    const id = timeOrderedId(Date.UTC(2030, 0, 2, 3, 4, 5, 678));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2030, 0, 2, 3, 4, 5, 678));
  });

  it('sorts later ids after earlier ones, and differs within one millisecond', () => {
    const earlier = timeOrderedId(1_000);
    const later = timeOrderedId(1_001);
    expect([later, earlier].sort()).toEqual([earlier, later]);
    expect(timeOrderedId(5)).not.toBe(timeOrderedId(5));
  });
});
